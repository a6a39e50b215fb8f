// Where a topic's partitions live and where their logs start and end: Metadata and ListOffsets,
// batched per leader, errors per partition.
import { groupBy } from '../batching.ts';
import {
  type ClusterAccess,
  EARLIEST_OFFSET,
  kafkaErrorName,
  LATEST_OFFSET,
  listOffsetsOn,
} from '../protocol/index.ts';
import { sendKafkajsRequest } from '../protocol/kafkajs/index.ts';
import type { MetadataResponse } from '../responses.ts';
import { PartitionReadError } from './fetch.ts';

const UNKNOWN_TOPIC_OR_PARTITION = 3;

export class UnknownTopicError extends Error {}

export interface PartitionLeader {
  partition: number;
  /** -1: no leader right now. */
  leader: number;
}

export async function partitionLeaders(cluster: ClusterAccess, topic: string): Promise<PartitionLeader[]> {
  const metadata = await cluster.withAnyBroker((broker) =>
    sendKafkajsRequest<MetadataResponse>(broker, 'Metadata', {
      topics: [topic],
      allowAutoTopicCreation: false,
    }),
  );
  const found = metadata.topicMetadata.find((t) => t.topic === topic);
  if (!found || found.topicErrorCode === UNKNOWN_TOPIC_OR_PARTITION) {
    throw new UnknownTopicError(`topic ${topic} does not exist`);
  }
  if (found.topicErrorCode !== 0) throw new PartitionReadError(kafkaErrorName(found.topicErrorCode));
  return found.partitionMetadata
    .map((p) => ({ partition: p.partitionId, leader: p.leader }))
    .sort((a, b) => a.partition - b.partition);
}

export interface LogBounds {
  start: number;
  /** High watermark, or the last stable offset for read_committed. */
  end: number;
  /** The first offset whose timestamp is at or after the asked time; `end` when there is none. */
  atTimestamp: number | null;
}

/** Log start, end and (optionally) the offset for a time, per partition; a failure stays with its partition. */
export async function logBounds(
  cluster: ClusterAccess,
  topic: string,
  partitions: readonly PartitionLeader[],
  isolationLevel: 0 | 1,
  timestamp: number | undefined,
): Promise<Map<number, LogBounds | PartitionReadError>> {
  const result = new Map<number, LogBounds | PartitionReadError>();
  await Promise.all(
    [...groupBy(partitions, (p) => p.leader)].map(async ([leader, list]) => {
      if (leader < 0) {
        for (const p of list) result.set(p.partition, new PartitionReadError('LEADER_NOT_AVAILABLE'));
        return;
      }
      try {
        const broker = await cluster.broker(leader);
        const ask = async (time: number) => {
          const partitions = list.map((p) => ({ partition: p.partition, timestamp: time }));
          const answer = await listOffsetsOn(broker, [{ topic, partitions }], isolationLevel);
          return new Map(answer.map((p) => [p.partition, p]));
        };
        const [starts, ends, times] = await Promise.all([
          ask(EARLIEST_OFFSET),
          ask(LATEST_OFFSET),
          timestamp === undefined ? undefined : ask(timestamp),
        ]);
        for (const { partition } of list) {
          const start = starts.get(partition);
          const end = ends.get(partition);
          const time = times?.get(partition);
          const failed = [start, end, time].find((p) => p?.error)?.error;
          if (!start || !end || failed) {
            result.set(partition, new PartitionReadError(failed ? failed.name : 'no answer'));
            continue;
          }
          const endOffset = end.offset;
          const timeOffset = time === undefined ? null : time.offset;
          result.set(partition, {
            start: start.offset,
            end: endOffset,
            // -1: no record at or after that time.
            atTimestamp: timeOffset === null ? null : timeOffset < 0 ? endOffset : timeOffset,
          });
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        for (const p of list) result.set(p.partition, new PartitionReadError(message));
      }
    }),
  );
  return result;
}
