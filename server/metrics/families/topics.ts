import type { PartitionSnapshot, TopicSnapshot } from '../../collector/index.ts';
import { type FamilySamples, label } from '../exposition.ts';
import { type ClusterView, family, PARTITION, reachable, type SnapshotFamily, TOPIC } from './types.ts';

// Topics and their partitions. The per-partition families are left out at `topic` granularity.

const perTopic = (
  name: string,
  help: string,
  value: (topic: TopicSnapshot) => number | null | undefined,
): SnapshotFamily =>
  family(name, help, TOPIC, (view, out) => {
    for (const t of reachable(view)?.topics ?? [])
      out.setKnown(`${view.clusterLabel},${label('topic', t.name)}`, value(t));
  });

/** Every partition of a reachable cluster, with its label set. */
function eachPartition(view: ClusterView, write: (labels: string, p: PartitionSnapshot) => void): void {
  for (const t of reachable(view)?.topics ?? []) {
    const prefix = `${view.clusterLabel},${label('topic', t.name)},partition="`;
    for (const p of t.partitions) write(`${prefix}${p.partition}"`, p);
  }
}

const perPartition = (
  name: string,
  help: string,
  value: (p: PartitionSnapshot) => number | null | undefined,
): SnapshotFamily =>
  family(
    name,
    help,
    PARTITION,
    (view, out: FamilySamples) => eachPartition(view, (labels, p) => out.setKnown(labels, value(p))),
    { perPartition: true },
  );

const flag = (value: boolean): number => (value ? 1 : 0);

export const topicPartitions = perTopic(
  'kafka_topic_partitions',
  'Number of partitions for this topic.',
  (t) => t.partitionCount,
);
export const partitionCurrentOffset = perPartition(
  'kafka_topic_partition_current_offset',
  'Current (end) offset of a topic partition.',
  (p) => p.endOffset,
);
export const partitionOldestOffset = perPartition(
  'kafka_topic_partition_oldest_offset',
  'Oldest (start) offset of a topic partition.',
  (p) => p.startOffset,
);
export const partitionLeader = perPartition(
  'kafka_topic_partition_leader',
  'Leader broker id of this topic partition (-1: no leader).',
  (p) => p.leader,
);
export const partitionReplicas = perPartition(
  'kafka_topic_partition_replicas',
  'Number of replicas of this topic partition.',
  (p) => p.replicas.length,
);
export const partitionInSyncReplicas = perPartition(
  'kafka_topic_partition_in_sync_replica',
  'Number of in-sync replicas of this topic partition.',
  (p) => p.isr.length,
);
export const partitionLeaderIsPreferred = perPartition(
  'kafka_topic_partition_leader_is_preferred',
  '1 if the topic partition is led by its preferred broker.',
  (p) => flag(p.leaderIsPreferred),
);
export const partitionUnderReplicated = perPartition(
  'kafka_topic_partition_under_replicated_partition',
  '1 if the topic partition is under-replicated.',
  (p) => flag(p.underReplicated),
);
export const topicSize = perTopic(
  'kestrel_topic_size_bytes',
  'Size of one copy of the topic (sum of the leaders).',
  (t) => t.sizeBytes,
);
export const topicMessages = perTopic(
  'kestrel_topic_messages',
  'Messages in the topic (sum of end - start offsets).',
  (t) => t.messageCount,
);
export const topicProduceRate = perTopic(
  'kestrel_topic_produce_messages_per_second',
  'Messages appended to the topic per second, between the last two cycles.',
  (t) => t.produceRate,
);
export const topicUnderReplicated = perTopic(
  'kestrel_topic_under_replicated_partitions',
  'Partitions of the topic with fewer in-sync replicas than replicas.',
  (t) => t.underReplicated,
);
export const topicUnderMinIsr = perTopic(
  'kestrel_topic_under_min_isr_partitions',
  'Partitions of the topic with fewer in-sync replicas than min.insync.replicas.',
  (t) => t.underMinIsr,
);
export const topicOffline = perTopic(
  'kestrel_topic_offline_partitions',
  'Partitions of the topic without a leader.',
  (t) => t.offline,
);
export const partitionUnderMinIsr = perPartition(
  'kestrel_partition_under_min_isr',
  '1 if the partition has fewer in-sync replicas than min.insync.replicas.',
  (p) => flag(p.underMinIsr),
);
export const partitionOffline = perPartition(
  'kestrel_partition_offline',
  '1 if the partition has no leader.',
  (p) => flag(p.offline),
);
export const topicElr = perTopic(
  'kestrel_topic_elr_partitions',
  'Partitions of the topic with eligible leader replicas (KIP-966): their ISR fell below min.insync.replicas.',
  (t) => t.elrPartitions,
);
export const partitionElr = perPartition(
  'kestrel_partition_eligible_leader_replicas',
  'Eligible leader replicas of the partition (KIP-966); absent where the broker does not tell.',
  (p) => p.eligibleLeaderReplicas?.length,
);
export const partitionLastKnownElr = perPartition(
  'kestrel_partition_last_known_elr_replicas',
  'Replicas in the last known ELR of the partition (KIP-966); absent where the broker does not tell.',
  (p) => p.lastKnownElr?.length,
);
export const partitionNoCleanLeader = perPartition(
  'kestrel_partition_no_clean_leader',
  '1 if the partition has no leader and no ISR or ELR replica left to elect cleanly (data-loss risk).',
  (p) => flag(p.cleanLeaderPossible === false),
);
export const partitionSize = perPartition(
  'kestrel_partition_size_bytes',
  'Size of the partition on its leader.',
  (p) => p.sizeBytes,
);
