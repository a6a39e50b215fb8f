// Kafka's consumer groups of every type, as its describe APIs tell them.

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

/** A group as DescribeGroups tells it, before offsets and lag. */
export interface DescribedGroup {
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
}

/** A group as ListGroups tells it: enough to pick the API that describes it. */
export interface ListedGroup {
  id: string;
  type: GroupType;
  /** null from brokers before KIP-518 (ListGroups v4). */
  state: string | null;
  protocolType: string;
}

/** A share group's progress on one partition (DescribeShareGroupOffsets). */
export interface SharePartitionProgress {
  startOffset: number;
  /** The broker's lag; null where it gives none. */
  lag: number | null;
}
