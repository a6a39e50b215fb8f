import type { ClusterDiagnosis } from './derive/diagnosis/types.ts';
import type { IsrChange } from './derive/isr.ts';
import type { CatchUpOutlook } from './derive/lag.ts';
import type { GroupLagStatus, PartitionLagStatus } from './derive/lag-status.ts';
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

/**
 * The four kinds of group Kafka 4 has, each described by its own API: classic (DescribeGroups),
 * consumer (KIP-848, ConsumerGroupDescribe), share (KIP-932, ShareGroupDescribe) and streams
 * (KIP-1071, StreamsGroupDescribe). Brokers before KIP-848 have classic groups only.
 */
export const GROUP_TYPES = ['classic', 'consumer', 'share', 'streams'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

/**
 * Every state a group of any type reports, under Kafka's own names: classic groups rebalance
 * through PreparingRebalance and CompletingRebalance; consumer and streams groups move through
 * Assigning (a new target assignment is computed) and Reconciling (members are still moving to
 * it); streams groups are NotReady while their internal topics are missing.
 */
export const GROUP_STATES = [
  'Stable',
  'Empty',
  'PreparingRebalance',
  'CompletingRebalance',
  'Assigning',
  'Reconciling',
  'NotReady',
  'Dead',
  'Unknown',
] as const;
export type GroupState = (typeof GROUP_STATES)[number];

/** The states a group of each type can be in (what the state series are exported for). */
export const GROUP_STATES_BY_TYPE: Readonly<Record<GroupType, readonly GroupState[]>> = {
  classic: ['Stable', 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Dead', 'Unknown'],
  consumer: ['Stable', 'Empty', 'Assigning', 'Reconciling', 'Dead', 'Unknown'],
  share: ['Stable', 'Empty', 'Dead', 'Unknown'],
  streams: ['Stable', 'Empty', 'Assigning', 'Reconciling', 'NotReady', 'Dead', 'Unknown'],
};

export interface AssignedPartitions {
  topic: string;
  partitions: readonly number[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** What the member owns now (for streams: the source-topic partitions of its active tasks). */
  assignment: readonly AssignedPartitions[];
  /** consumer, share and streams groups: static membership id (classic: null here). */
  instanceId: string | null;
  rack: string | null;
  /** The member's epoch; behind the group epoch while it reconciles. null for classic groups. */
  memberEpoch: number | null;
  subscribedTopics: readonly string[];
  subscribedTopicRegex: string | null;
  /** Where the coordinator is moving the member; null where the type has no target (classic, share). */
  targetAssignment: readonly AssignedPartitions[] | null;
  /**
   * The protocol the member speaks: a consumer group under online migration holds classic
   * members too. null where the broker does not say.
   */
  memberType: 'classic' | 'consumer' | null;
  /** Streams groups: the member's tasks per subtopology. */
  tasks: StreamsTasks | null;
}

/** The member fields a classic group's member has nothing for (DescribeGroups does not tell them). */
export const CLASSIC_MEMBER_FIELDS = {
  instanceId: null,
  rack: null,
  memberEpoch: null,
  subscribedTopics: [],
  subscribedTopicRegex: null,
  targetAssignment: null,
  memberType: 'classic',
  tasks: null,
} as const satisfies Omit<GroupMember, 'memberId' | 'clientId' | 'host' | 'assignment'>;

export interface StreamsTasks {
  active: readonly { subtopology: string; partitions: readonly number[] }[];
  standby: readonly { subtopology: string; partitions: readonly number[] }[];
  warmup: readonly { subtopology: string; partitions: readonly number[] }[];
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

export interface GroupSnapshot {
  id: string;
  type: GroupType;
  state: GroupState;
  protocolType: string;
  /** Classic: the assignment strategy; consumer and share groups: the server-side assignor. */
  protocol: string;
  /** Consumer, share and streams groups; null for classic ones. */
  groupEpoch: number | null;
  assignmentEpoch: number | null;
  coordinator: number | null;
  members: readonly GroupMember[];
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

export function deepFreeze<T>(value: T): T {
  Object.freeze(value);
  for (const child of Object.values(value as object)) {
    // Only objects need a visit; most leaves of a snapshot are numbers and strings.
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) deepFreeze(child);
  }
  return value;
}
