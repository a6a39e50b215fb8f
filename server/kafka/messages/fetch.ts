// One Fetch of one partition at its leader: kafkajs' own Fetch encoding and record-batch
// decoder (with the codecs of codecs.ts), its error codes left in place.
import { type BrokerConnection, kafkaErrorName } from '../protocol/index.ts';
import { sendKafkajsRequest } from '../protocol/kafkajs/index.ts';
import {
  type AbortedTransaction,
  type KafkajsRecord,
  nextFetchOffset,
  visibleRecords,
} from './transactions.ts';
import type { BrowsedRecord } from './types.ts';

const READ_UNCOMMITTED = 0;
const READ_COMMITTED = 1;

interface FetchPartitionAnswer {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset?: string;
  abortedTransactions?: AbortedTransaction[];
  messages: KafkajsRecord[];
}

interface FetchAnswer {
  errorCode?: number;
  responses: { topicName: string; partitions: FetchPartitionAnswer[] }[];
}

export interface FetchedChunk {
  records: BrowsedRecord[];
  /** Where the next Fetch of this partition starts. */
  nextOffset: number;
  /** The end a consumer in this mode reads to: the high watermark, or the last stable offset. */
  endOffset: number;
  /** Records decoded (before transaction filtering), for the scan count. */
  decoded: number;
}

export class PartitionReadError extends Error {}

/**
 * The records from `offset` on, at most about `maxBytes` of batches (Kafka still returns a
 * first batch bigger than that whole, KIP-74, so reading never gets stuck on one).
 */
export async function fetchChunk(
  broker: BrokerConnection,
  topic: string,
  partition: number,
  offset: number,
  maxBytes: number,
  transactions: 'committed' | 'all',
): Promise<FetchedChunk> {
  let answer: FetchAnswer;
  try {
    answer = await sendKafkajsRequest<FetchAnswer>(broker, 'Fetch', {
      replicaId: -1,
      isolationLevel: transactions === 'committed' ? READ_COMMITTED : READ_UNCOMMITTED,
      // An answer now, with whatever there is: browsing never waits for new records.
      maxWaitTime: 0,
      minBytes: 0,
      maxBytes,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes }] }],
      rackId: '',
    });
  } catch (error) {
    // kafkajs throws for a batch whose codec it has no plugin for (KafkaJSNotImplemented).
    const name = (error as { name?: unknown }).name;
    if (name === 'KafkaJSNotImplemented') {
      throw new PartitionReadError(`codec not supported: ${(error as Error).message}`);
    }
    throw error;
  }
  if (answer.errorCode) throw new PartitionReadError(kafkaErrorName(answer.errorCode));
  const found = answer.responses.flatMap((t) => t.partitions).find((p) => p.partition === partition);
  if (!found) throw new PartitionReadError(`no answer for partition ${partition}`);
  if (found.errorCode !== 0) throw new PartitionReadError(kafkaErrorName(found.errorCode));
  const highWatermark = Number(found.highWatermark);
  const lastStable = Number(found.lastStableOffset ?? -1);
  const endOffset = transactions === 'committed' && lastStable >= 0 ? lastStable : highWatermark;
  return {
    records: visibleRecords(partition, found.messages, found.abortedTransactions ?? [], transactions, offset),
    nextOffset: nextFetchOffset(found.messages, offset),
    endOffset,
    decoded: found.messages.length,
  };
}
