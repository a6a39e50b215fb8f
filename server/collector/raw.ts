import type {
  BrokerJmx,
  CollectError,
  GroupSnapshot,
  GroupType,
  QuorumReplica,
  TopicConfigs,
} from './snapshot.ts';

/**
 * What one cycle read from Kafka, before any derivation. The I/O half of the collector
 * fills it; the pure half (build.ts) turns it and the collector's memory into a snapshot.
 */
export interface RawCycle {
  startedAt: number;
  finishedAt: number;
  metadata: RawMetadata | null;
  /** null: not asked or failed; 'unsupported': no KRaft quorum (ZooKeeper mode or an old broker). */
  quorum: RawQuorum | 'unsupported' | null;
  configs: ReadonlyMap<string, TopicConfigs>;
  groups: readonly RawGroup[];
  /** group → "topic\0partition" → committed offset. Read before the end offsets. */
  committed: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Share groups: group → "topic\0partition" → start offset and the broker's lag. */
  shareOffsets: ReadonlyMap<string, ReadonlyMap<string, SharePartitionProgress>>;
  startOffsets: ReadonlyMap<string, number>;
  endOffsets: ReadonlyMap<string, number>;
  /** When the end offsets were read (for rates and time-lag history). */
  endOffsetsAt: number;
  /** broker id → "topic\0partition" → bytes of that replica. */
  logDirs: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** "topic\0partition\0offset" → timestamp of that record. */
  recordTimestamps: ReadonlyMap<string, number>;
  jmx: ReadonlyMap<number, BrokerJmx>;
  errors: readonly CollectError[];
  requests: number;
}

export interface RawMetadata {
  clusterId: string | null;
  controllerId: number | null;
  brokers: readonly { id: number; host: string; port: number; rack: string | null }[];
  topics: readonly RawTopic[];
}

export interface RawTopic {
  name: string;
  internal: boolean;
  partitions: readonly {
    partition: number;
    leader: number;
    replicas: readonly number[];
    isr: readonly number[];
    offlineReplicas: readonly number[];
    /** DescribeTopicPartitions (KIP-966); null where the broker does not tell (before 3.8, or ELR off). */
    eligibleLeaderReplicas: readonly number[] | null;
    lastKnownElr: readonly number[] | null;
  }[];
}

export interface RawQuorum {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: readonly QuorumReplica[];
  observers: readonly QuorumReplica[];
}

/** A group as DescribeGroups tells it, before offsets and lag. */
export type RawGroup = Pick<
  GroupSnapshot,
  | 'id'
  | 'type'
  | 'state'
  | 'protocolType'
  | 'protocol'
  | 'groupEpoch'
  | 'assignmentEpoch'
  | 'coordinator'
  | 'members'
>;

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

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
export const groupPartitionKey = (group: string, topic: string, partition: number): string =>
  `${group}\u0000${topic}\u0000${partition}`;
export const recordKey = (topic: string, partition: number, offset: number): string =>
  `${topic}\u0000${partition}\u0000${offset}`;

export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
