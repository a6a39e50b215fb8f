import type { ClusterDiagnosis } from './derive/diagnosis/types.ts';
import type { IsrChange } from './derive/isr.ts';
import type { GroupLagStatus, PartitionLagStatus } from './derive/lag-status.ts';
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
  /** ISR shrinks and expands since the previous cycle. */
  isrChanges: readonly IsrChangeEvent[];
  /** Why groups lag, retention risk, skew and leader balance: derived once per cycle. */
  diagnosis: ClusterDiagnosis;
  /** Problems met in this cycle; a cycle that half-fails still yields a snapshot that lists them. */
  errors: readonly CollectError[];
  stats: CycleStats;
}

export type CollectErrorKind =
  | 'connection'
  | 'metadata'
  | 'quorum'
  | 'configs'
  | 'offsets'
  | 'groups'
  | 'group-offsets'
  | 'log-dirs'
  | 'timestamps'
  | 'jmx'
  | 'store';

export interface CollectError {
  kind: CollectErrorKind;
  message: string;
  /** Broker, group or topic the error is about, when there is one. */
  target?: string;
}

export interface CycleStats {
  /** Kafka requests sent in this cycle. */
  requests: number;
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

export interface QuorumReplica {
  id: number;
  logEndOffset: number | null;
  /** Leader's log end offset minus this replica's; null when either is unknown. */
  lag: number | null;
  lastFetchTimestamp: number | null;
  lastCaughtUpTimestamp: number | null;
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

export interface BrokerJmx {
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  messagesInPerSec: number | null;
  requestHandlerIdleRatio: number | null;
  activeControllerCount: number | null;
  isrShrinksPerSec: number | null;
  isrExpandsPerSec: number | null;
  underReplicatedPartitions: number | null;
}

export interface TopicConfigs {
  retentionMs: number | null;
  retentionBytes: number | null;
  cleanupPolicy: string | null;
  minInsyncReplicas: number | null;
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
  preferredLeader: number | null;
  leaderIsPreferred: boolean;
  underReplicated: boolean;
  underMinIsr: boolean;
  offline: boolean;
  startOffset: number | null;
  endOffset: number | null;
  sizeBytes: number | null;
}

/** Every state a consumer group reports (KIP-848 groups map onto these). */
export const GROUP_STATES = [
  'Stable',
  'Empty',
  'PreparingRebalance',
  'CompletingRebalance',
  'Dead',
  'Unknown',
] as const;
export type GroupState = (typeof GROUP_STATES)[number];

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignment: readonly { topic: string; partitions: readonly number[] }[];
}

export interface GroupPartition {
  topic: string;
  partition: number;
  committedOffset: number | null;
  endOffset: number | null;
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

export interface GroupSnapshot {
  id: string;
  state: GroupState;
  protocolType: string;
  protocol: string;
  coordinator: number | null;
  members: readonly GroupMember[];
  partitions: readonly GroupPartition[];
  topics: readonly GroupTopicLag[];
  lag: number | null;
  timeLagSeconds: number | null;
  /** Committed messages per second. */
  consumeRate: number | null;
  timeToCatchUpSeconds: number | null;
  status: GroupLagStatus;
}

export interface IsrChangeEvent extends IsrChange {
  at: number;
}

export function deepFreeze<T>(value: T): T {
  Object.freeze(value);
  for (const child of Object.values(value as object)) {
    // Only objects need a visit; most leaves of a snapshot are numbers and strings.
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) deepFreeze(child);
  }
  return value;
}
