import type { Severity } from '../../../model/index.ts';
/**
 * What the backlog doctor finds: figures per group, topic and broker, and the findings an
 * operator reads ("why is it lagging, and what do I do?"). Plain data, part of the snapshot.
 */

export interface Localized {
  en: string;
  zh: string;
}

export type FindingKind =
  | 'dataLost'
  | 'retentionRisk'
  | 'noMembers'
  | 'churn'
  | 'capacity'
  | 'parallelism'
  | 'idleMembers'
  | 'lagSkew'
  | 'keySkew'
  | 'sizeSkew';

export type FindingSeverity = Severity;

export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  /** The topic the finding is about; null for the whole group. */
  topic: string | null;
  /** The numbers behind the finding. */
  evidence: Readonly<Record<string, number | string | null>>;
  message: Localized;
  suggestion: Localized;
}

/** Producers vs this group on one topic, over the Burrow window. */
export interface CapacityFigure {
  topic: string;
  /** Messages per second appended to the partitions the group consumes; null without history. */
  produceRate: number | null;
  /** Messages per second the group committed; null without history. */
  consumeRate: number | null;
  /** produceRate − consumeRate: positive means the backlog grows. */
  deficit: number | null;
  lag: number | null;
  /** 0 when caught up; null when it never catches up at current rates or the rates are unknown. */
  catchUpSeconds: number | null;
  /** Seconds of history the rates are taken over (0: none yet). */
  windowSeconds: number;
}

export interface MemberShare {
  memberId: string;
  clientId: string;
  partitions: number;
  lag: number;
  /** This member's part of the group's lag, 0..1; null when the group has no lag. */
  share: number | null;
}

export interface ParallelismFigure {
  members: number;
  /** Partitions the group consumes (committed or assigned) on watched topics. */
  partitions: number;
  /** Members with no partition assigned. */
  idleMembers: number;
  /** Consumers that could still be added before some would sit idle (partitions − members, ≥ 0). */
  room: number;
  shares: readonly MemberShare[];
}

/** How concentrated a quantity is over a topic's partitions. */
export interface SkewMeasure {
  /** Partition holding the most. */
  topPartition: number;
  /** The top partition's part of the total, 0..1. */
  topShare: number;
  /** max ÷ mean: 1 is even; the partition count means everything is on one partition. */
  maxOverMean: number;
  total: number;
  partitions: number;
}

export interface LagSkew extends SkewMeasure {
  topic: string;
}

export interface ChurnFigure {
  /** Membership or assignment changes, and entries into a rebalancing state, seen in the window. */
  rebalances: number;
  /** Seconds of history the count covers (at most an hour; 0 at the first observation). */
  windowSeconds: number;
  /** rebalances scaled to an hour; null until ten minutes of history exist. */
  perHour: number | null;
  /** Part of the window the group was seen rebalancing (PreparingRebalance / CompletingRebalance), 0..1. */
  rebalancingShare: number | null;
}

export interface PartitionRetention {
  topic: string;
  partition: number;
  lag: number;
  /**
   * Seconds until the oldest unconsumed message becomes eligible for deletion, if the group
   * stopped now; 0: already due. null: no retention applies or it cannot be told.
   */
  secondsToDeletion: number | null;
  /** Which limit comes first. */
  by: 'time' | 'size' | null;
  /** Messages deleted before the group read them: log start offset − committed offset. */
  lostMessages: number;
}

export interface GroupDiagnosis {
  group: string;
  lag: number | null;
  capacity: readonly CapacityFigure[];
  parallelism: ParallelismFigure;
  lagSkew: readonly LagSkew[];
  churn: ChurnFigure;
  /** Partitions with lag or lost messages, on topics where deletion applies. */
  retention: readonly PartitionRetention[];
  lostMessages: number;
  /** Most urgent first. */
  findings: readonly Finding[];
}

export interface TopicDiagnosis {
  topic: string;
  /** Per partition messages per second, from the end offsets of the last two cycles. */
  sizeSkew: SkewMeasure | null;
  rateSkew: SkewMeasure | null;
  /** Retention as configured: "infinite", "compacted" or the limits. */
  retention: { applies: boolean; retentionMs: number | null; retentionBytes: number | null };
  findings: readonly Finding[];
}

export interface BrokerLeaders {
  broker: number;
  leaders: number;
  /** Partitions whose preferred replica (first in the replica list) is this broker. */
  preferred: number;
  /** Of those, how many are led by another broker. */
  preferredNotLed: number;
  /** Led partitions ÷ live brokers. */
  fairShare: number;
  /** preferredNotLed ÷ preferred × 100, as Kafka's leader.imbalance.per.broker.percentage. */
  imbalancePercent: number;
}

export interface LeaderBalance {
  brokers: readonly BrokerLeaders[];
  /** Partitions with a leader that is not their preferred replica. */
  notPreferred: number;
  ledPartitions: number;
}

export interface ClusterDiagnosis {
  groups: readonly GroupDiagnosis[];
  topics: readonly TopicDiagnosis[];
  leaders: LeaderBalance;
}

export const NO_DIAGNOSIS: ClusterDiagnosis = {
  groups: [],
  topics: [],
  leaders: { brokers: [], notPreferred: 0, ledPartitions: 0 },
};
