import { type CollectError, partitionKey, recordKey } from '../model/index.ts';
import { messageOf } from '../shared/error-message.ts';
import { chunks, groupBy } from './batching.ts';
import { type BrokerConnection, type ClusterAccess, kafkaErrorName } from './protocol/index.ts';
import { sendKafkajsRequest } from './protocol/kafkajs/index.ts';
import type { FetchResponse } from './responses.ts';

export interface RecordAt {
  topic: string;
  partition: number;
  offset: number;
  leader: number;
}

const READ_UNCOMMITTED = 0;
/** Share of one Fetch per partition: most producer batches fit. */
const FETCH_BYTES_PER_PARTITION = 64 * 1024;
/** Partitions per Fetch, so one response stays within 16 MiB. */
const FETCH_PARTITIONS = 256;
/** Partitions re-read alone per broker and cycle when their first batch was larger than the share. */
const SINGLE_FETCHES = 20;

/**
 * Timestamps of the records at the given offsets ("topic\0partition\0offset" → ms), one
 * batched Fetch per leader. A partition whose first batch is larger than its share comes back
 * cut, and kafkajs drops a cut batch; only the first partition of a response is given a whole
 * one (KIP-74). So: many partitions with a fair share each, then the misses alone.
 */
export async function readRecordTimestamps(
  cluster: ClusterAccess,
  records: readonly RecordAt[],
): Promise<{ timestamps: Map<string, number>; errors: CollectError[] }> {
  const errors: CollectError[] = [];
  const timestamps = new Map<string, number>();
  await Promise.all(
    [...groupBy(records, (r) => r.leader)].map(async ([leader, list]) => {
      try {
        const broker = await cluster.broker(leader);
        const missed: RecordAt[] = [];
        for (const batch of chunks(list, FETCH_PARTITIONS)) {
          missed.push(...(await fetchOnce(broker, batch, FETCH_BYTES_PER_PARTITION, timestamps, errors)));
        }
        for (const record of missed.slice(0, SINGLE_FETCHES)) {
          await fetchOnce(broker, [record], 1, timestamps, errors);
        }
      } catch (error) {
        errors.push({ kind: 'timestamps', message: messageOf(error), target: `broker ${leader}` });
      }
    }),
  );
  return { timestamps, errors };
}

/** One Fetch of the records at the given offsets; returns the ones that came back without a whole record. */
async function fetchOnce(
  broker: BrokerConnection,
  records: readonly RecordAt[],
  bytesPerPartition: number,
  timestamps: Map<string, number>,
  errors: CollectError[],
): Promise<RecordAt[]> {
  const wanted = new Map(records.map((r) => [partitionKey(r.topic, r.partition), r]));
  const response = await sendKafkajsRequest<FetchResponse>(broker, 'Fetch', {
    replicaId: -1,
    isolationLevel: READ_UNCOMMITTED,
    maxWaitTime: 0,
    minBytes: 0,
    maxBytes: Math.max(bytesPerPartition * records.length, 1),
    topics: [...groupBy(records, (r) => r.topic)].map(([topic, rs]) => ({
      topic,
      partitions: rs.map((r) => ({
        partition: r.partition,
        fetchOffset: String(r.offset),
        maxBytes: bytesPerPartition,
      })),
    })),
    rackId: '',
  });
  const answered = new Set<string>();
  for (const t of response.responses) {
    for (const p of t.partitions) {
      const key = partitionKey(t.topicName, p.partition);
      const record = wanted.get(key);
      if (!record) continue;
      if (p.errorCode !== 0) {
        answered.add(key);
        errors.push({
          kind: 'timestamps',
          message: kafkaErrorName(p.errorCode),
          target: `${t.topicName}-${p.partition}`,
        });
        continue;
      }
      // The record at the offset, or the next one if it was compacted away.
      const message = p.messages.find((m) => Number(m.offset) >= record.offset);
      if (!message) continue;
      answered.add(key);
      timestamps.set(recordKey(t.topicName, p.partition, record.offset), Number(message.timestamp));
    }
  }
  return records.filter((r) => !answered.has(partitionKey(r.topic, r.partition)));
}
