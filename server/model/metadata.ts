// What Metadata and DescribeQuorum tell, as the adapter returns them to the collector.
import type { QuorumReplica } from './brokers.ts';

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
