import type {
  BrokerJmx,
  CollectError,
  DescribedGroup,
  GroupLagStatus,
  PartitionLagStatus,
  QuorumReplica,
  TopicConfigs,
} from '../model/index.ts';
import type { ClusterDiagnosis } from './derive/diagnosis/types.ts';
import type { IsrChange } from './derive/isr.ts';
import type { CatchUpOutlook } from './derive/lag.ts';
import type { MessageRate } from './derive/rates.ts';
import type { TimeLagSource } from './derive/time-lag.ts';

/**
 * What one poll cycle learned about one cluster: a plain, typed, immutable object. Every
 * page, metric and alert reads it; nothing downstream calls Kafka.
 */
export interface ClusterSnapshot {
  cluster: string;
  /** When the cycle started (ms since epoch). */
  collectedAt: number;
  durationMs: number;
  /** When the end offsets were read: the time base of rates and time lag. */
  offsetsAt: number;
  /** True when the cluster answered the core metadata request. */
  reachable: boolean;
  clusterId: string | null;
  controller: ControllerSnapshot;
  brokers: readonly BrokerSnapshot[];
  topics: readonly TopicSnapshot[];
  groups: readonly GroupSnapshot[];
  /** Messages in per second: JMX when every broker has it, else from end offsets between cycles. */
  messageRate: MessageRate;
  /** ISR shrinks and expands since the previous cycle. */
  isrChanges: readonly IsrChangeEvent[];
  /** Why groups lag, retention risk, skew and leader balance: derived once per cycle. */
  diagnosis: ClusterDiagnosis;
  /** Problems met in this cycle; a cycle that half-fails still yields a snapshot that lists them. */
  errors: readonly CollectError[];
  stats: CycleStats;
}

export interface CycleStats {
  /** Kafka requests sent in this cycle. */
  requests: number;
  /** CPU time of building this snapshot from what was read (absent when built outside a collection). */
  buildMs?: number;
}

export interface ControllerSnapshot {
  /** KRaft: the quorum leader from DescribeQuorum. ZooKeeper: Metadata's controller id. */
  mode: 'kraft' | 'zookeeper' | 'unknown';
  id: number | null;
  epoch: number | null;
  highWatermark: number | null;
  voters: readonly QuorumReplica[];
  observers: readonly QuorumReplica[];
}

export interface BrokerSnapshot {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  /** Listed in Metadata now. A broker seen before and missing now is down. */
  up: boolean;
  isController: boolean;
  partitions: number;
  leaders: number;
  underReplicated: number;
  /** Sum of the partition sizes in its log dirs; null when unknown. */
  logDirBytes: number | null;
  jmx: BrokerJmx | null;
}

export interface TopicSnapshot {
  name: string;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  configs: TopicConfigs;
  /** Sum of the leaders' partition sizes (one copy); null when unknown. */
  sizeBytes: number | null;
  /** Sum of end − start offsets (approximate for compacted topics). */
  messageCount: number | null;
  /** Messages per second appended, from end offsets between cycles. */
  produceRate: number | null;
  underReplicated: number;
  underMinIsr: number;
  offline: number;
  /** Partitions with a non-empty ELR. */
  elrPartitions: number;
  partitions: readonly PartitionSnapshot[];
}

export interface PartitionSnapshot {
  topic: string;
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas: readonly number[];
  isr: readonly number[];
  offlineReplicas: readonly number[];
  /**
   * KIP-966: replicas out of the ISR that still hold every committed record (they left while the
   * ISR was below min.insync.replicas), so they may be elected leader cleanly. null when unknown.
   */
  eligibleLeaderReplicas: readonly number[] | null;
  /** The ELR as it last was before it emptied: the replicas to bring back first. null when unknown. */
  lastKnownElr: readonly number[] | null;
  /**
   * Leaderless partitions only: whether a clean leader can still be elected (some ISR or ELR
   * replica exists to come back). false means only an unclean election is left: data-loss risk.
   */
  cleanLeaderPossible: boolean | null;
  preferredLeader: number | null;
  leaderIsPreferred: boolean;
  underReplicated: boolean;
  underMinIsr: boolean;
  offline: boolean;
  startOffset: number | null;
  endOffset: number | null;
  sizeBytes: number | null;
}

export interface GroupPartition {
  topic: string;
  partition: number;
  /** Share groups: the share-partition start offset (every record below it is acknowledged). */
  committedOffset: number | null;
  endOffset: number | null;
  /** Share groups: the broker's own lag, null where it gives none (before Kafka 4.1). */
  lag: number | null;
  timeLagSeconds: number | null;
  timeLagSource: TimeLagSource;
  status: PartitionLagStatus;
  /** Member id of the live member assigned this partition. */
  owner: string | null;
}

export interface GroupTopicLag {
  topic: string;
  lag: number | null;
  /** Maximum over the topic's partitions. */
  timeLagSeconds: number | null;
  committedSum: number;
  partitions: number;
}

export interface GroupSnapshot extends DescribedGroup {
  partitions: readonly GroupPartition[];
  topics: readonly GroupTopicLag[];
  lag: number | null;
  timeLagSeconds: number | null;
  /** Committed messages per second. */
  consumeRate: number | null;
  timeToCatchUpSeconds: number | null;
  /** Whether it catches up at all at current rates (timeToCatchUpSeconds is null when not). */
  catchUp: CatchUpOutlook;
  status: GroupLagStatus;
}

export interface IsrChangeEvent extends IsrChange {
  at: number;
}

/**
 * Freezes the snapshot and its lists, not every object in them: a deep freeze visits
 * each partition and group-partition (over a million objects at 100,000 partitions and
 * 50,000 groups) every cycle, while the readonly types already stop writes at compile time.
 */
export function freezeSnapshot(snapshot: ClusterSnapshot): ClusterSnapshot {
  for (const value of Object.values(snapshot)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(snapshot);
}
