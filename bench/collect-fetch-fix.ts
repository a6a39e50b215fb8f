/**
 * An experiment for `--timestamps-fetch-bytes N`: record timestamps read the way
 * ClusterClient.recordTimestamps would if each partition were allowed N bytes instead of 1.
 *
 * With 1 byte per partition only the first partition of a Fetch answer gets a whole batch
 * (KIP-74 guarantees progress for the first partition only); every other partition gets a
 * 1-byte slice of a batch, which kafkajs drops as partial. This reader measures what a fix
 * would cost and save; it sends over its own connections, counted in requestCount.
 */

import { Kafka } from 'kafkajs';
import type { ClusterConfig } from '../server/config/index.ts';
import { kafkaOptions } from '../server/kafka/options.ts';
import { KafkaInternals, kafkaErrorName, type RequestEvent } from '../server/kafka/protocol/index.ts';
import { sendKafkajsRequest } from '../server/kafka/protocol/kafkajs/index.ts';
import type { FetchResponse } from '../server/kafka/responses.ts';
import type { CollectError } from '../server/model/index.ts';
import type { Logger } from '../server/shared/logger.ts';

type Wanted = { topic: string; partition: number; offset: number; leader: number };
type FetchedPartition = FetchResponse['responses'][number]['partitions'][number] & { highWatermark?: string };

/** Bounds one answer: partitions per request × bytes per partition. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Batches larger than the per-partition limit: read alone (the first partition gets a whole batch). */
const MAX_SINGLE_RETRIES = 50;

export class FetchTimestamps {
  private readonly internals: KafkaInternals;
  private requests = 0;

  constructor(
    config: ClusterConfig,
    logger: Logger,
    private readonly partitionBytes: number,
    onRequest: (event: RequestEvent) => void,
  ) {
    this.internals = new KafkaInternals(new Kafka(kafkaOptions(config, logger)));
    this.internals.onRequest((event) => {
      this.requests++;
      onRequest(event);
    });
  }

  get requestCount(): number {
    return this.requests;
  }

  async recordTimestamps(
    records: readonly Wanted[],
  ): Promise<{ timestamps: Map<string, number>; errors: CollectError[] }> {
    const errors: CollectError[] = [];
    const timestamps = new Map<string, number>();
    const perRequest = Math.max(1, Math.floor(MAX_RESPONSE_BYTES / this.partitionBytes));
    const partial: Wanted[] = [];
    await Promise.all(
      [...groupBy(records, (r) => r.leader)].map(async ([leader, list]) => {
        for (let i = 0; i < list.length; i += perRequest) {
          const chunk = list.slice(i, i + perRequest);
          try {
            partial.push(...(await this.fetch(leader, chunk, this.partitionBytes, timestamps, errors)));
          } catch (error) {
            errors.push({ kind: 'timestamps', message: String(error), target: `broker ${leader}` });
          }
        }
      }),
    );
    for (const record of partial.slice(0, MAX_SINGLE_RETRIES)) {
      try {
        await this.fetch(record.leader, [record], 1, timestamps, errors);
      } catch (error) {
        errors.push({ kind: 'timestamps', message: String(error), target: `broker ${record.leader}` });
      }
    }
    return { timestamps, errors };
  }

  async close(): Promise<void> {
    await this.internals.disconnect();
  }

  /** Returns the records whose partition had data but no whole batch within the limit. */
  private async fetch(
    leader: number,
    list: readonly Wanted[],
    partitionBytes: number,
    timestamps: Map<string, number>,
    errors: CollectError[],
  ): Promise<Wanted[]> {
    const broker = await this.internals.broker(leader);
    const wanted = new Map(list.map((r) => [`${r.topic}\u0000${r.partition}`, r]));
    const response = await sendKafkajsRequest<{
      responses: { topicName: string; partitions: FetchedPartition[] }[];
    }>(broker, 'Fetch', {
      replicaId: -1,
      isolationLevel: 0,
      maxWaitTime: 0,
      minBytes: 0,
      maxBytes: MAX_RESPONSE_BYTES,
      topics: [...groupBy(list, (r) => r.topic)].map(([topic, rs]) => ({
        topic,
        partitions: rs.map((r) => ({
          partition: r.partition,
          fetchOffset: String(r.offset),
          maxBytes: partitionBytes,
        })),
      })),
      rackId: '',
    });
    const partial: Wanted[] = [];
    for (const t of response.responses) {
      for (const p of t.partitions) {
        const record = wanted.get(`${t.topicName}\u0000${p.partition}`);
        if (record === undefined) continue;
        if (p.errorCode !== 0) {
          errors.push({
            kind: 'timestamps',
            message: kafkaErrorName(p.errorCode),
            target: `${t.topicName}-${p.partition}`,
          });
          continue;
        }
        const found = p.messages.find((m) => Number(m.offset) >= record.offset);
        if (found)
          timestamps.set(`${t.topicName}\u0000${p.partition}\u0000${record.offset}`, Number(found.timestamp));
        else if (Number(p.highWatermark ?? 0) > record.offset) partial.push(record);
      }
    }
    return partial;
  }
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const list = groups.get(keyOf(item)) ?? [];
    list.push(item);
    groups.set(keyOf(item), list);
  }
  return groups;
}
