import type { TopicConfigs } from '../../../model/index.ts';
import type { GroupPartition, PartitionSnapshot } from '../../snapshot.ts';
import type { PartitionRetention } from './types.ts';

/**
 * Whether Kafka deletes old messages of a topic at all. A compacted topic keeps the latest
 * record per key, so "time to deletion" does not apply; `compact,delete` still deletes.
 * An unknown policy is Kafka's default, `delete`.
 */
export function deletionApplies(configs: TopicConfigs): boolean {
  const policy = (configs.cleanupPolicy ?? 'delete').split(',').map((s) => s.trim());
  return policy.includes('delete');
}

/** A limit that is set: Kafka's -1 (and an unknown value) means none. */
const limit = (value: number | null): number | null => (value !== null && value > 0 ? value : null);

export interface RetentionInput {
  configs: TopicConfigs;
  partition: Pick<PartitionSnapshot, 'startOffset' | 'endOffset' | 'sizeBytes'>;
  consumer: Pick<GroupPartition, 'topic' | 'partition' | 'committedOffset' | 'lag' | 'timeLagSeconds'>;
  /** Messages per second appended to the partition; null when unknown. */
  produceRate: number | null;
}

/**
 * How long until the oldest unconsumed message of a partition may be deleted, if the group
 * stopped now, and how many are gone already. By time: `retention.ms` minus its age (the
 * time lag). By size: the bytes written after it may reach `retention.bytes`, at the
 * partition's produce rate. Kafka deletes whole segments once the newest record in them is
 * past the limit, so the real deletion comes later than this estimate, never earlier: the
 * figure errs towards warning early. Null when no limit applies or the inputs are unknown.
 */
export function partitionRetention(input: RetentionInput): PartitionRetention | null {
  const { configs, partition, consumer } = input;
  const lost =
    consumer.committedOffset !== null &&
    consumer.committedOffset >= 0 &&
    partition.startOffset !== null &&
    consumer.committedOffset < partition.startOffset
      ? partition.startOffset - consumer.committedOffset
      : 0;
  const lag = consumer.lag ?? 0;
  if (!deletionApplies(configs)) return lost > 0 ? row(input, lag, null, null, lost) : null;
  if (lag === 0 && lost === 0) return null;

  const retentionMs = limit(configs.retentionMs);
  const byTime =
    retentionMs !== null && consumer.timeLagSeconds !== null
      ? Math.max(0, retentionMs / 1000 - consumer.timeLagSeconds)
      : null;
  const bySize = sizeEstimate(input, lag);
  let seconds: number | null = null;
  let by: PartitionRetention['by'] = null;
  if (byTime !== null) [seconds, by] = [byTime, 'time'];
  if (bySize !== null && (seconds === null || bySize < seconds)) [seconds, by] = [bySize, 'size'];
  return row(input, lag, seconds, by, lost);
}

function sizeEstimate(input: RetentionInput, lag: number): number | null {
  const retentionBytes = limit(input.configs.retentionBytes);
  const { startOffset, endOffset, sizeBytes } = input.partition;
  if (retentionBytes === null || sizeBytes === null || startOffset === null || endOffset === null)
    return null;
  const messages = endOffset - startOffset;
  if (messages <= 0) return null;
  const perMessage = sizeBytes / messages;
  const headroom = retentionBytes - lag * perMessage;
  if (headroom <= 0) return 0;
  // Nothing written: nothing pushes the old segments out.
  if (input.produceRate === null || input.produceRate <= 0) return null;
  return headroom / (input.produceRate * perMessage);
}

function row(
  input: RetentionInput,
  lag: number,
  secondsToDeletion: number | null,
  by: PartitionRetention['by'],
  lostMessages: number,
): PartitionRetention {
  return {
    topic: input.consumer.topic,
    partition: input.consumer.partition,
    lag,
    secondsToDeletion,
    by,
    lostMessages,
  };
}
