import { Counter, Gauge, type Registry } from 'prom-client';
import * as brokers from './families/brokers.ts';
import * as cluster from './families/cluster.ts';
import * as diagnosis from './families/diagnosis.ts';
import * as groups from './families/groups.ts';
import * as topics from './families/topics.ts';
import type { SnapshotFamily } from './families/types.ts';

// Every series Kestrel exports, declared once. The kafka_* names and labels are those of
// kafka_exporter (danielqsj/kafka_exporter), plus `cluster`, so existing dashboards keep
// working; the kestrel_* series are Kestrel's own, in base units.
//
// Gauges that mirror the snapshot are written straight from it at render time (families/):
// no prom-client child per label set, of which 100,000 partitions would make millions. What
// accumulates (the counters) or never changes (build info) stays in prom-client.

export function definePromSeries(registry: Registry) {
  const counter = <T extends string>(name: string, help: string, labelNames: readonly T[]) =>
    new Counter<T>({ name, help, labelNames, registers: [registry] });
  return {
    buildInfo: new Gauge({
      name: 'kestrel_build_info',
      help: 'Kestrel version and the Node.js it runs on.',
      labelNames: ['version', 'nodejs'] as const,
      registers: [registry],
    }),
    cycles: counter('kestrel_collector_cycles_total', 'Poll cycles run.', ['cluster']),
    errors: counter('kestrel_collector_errors_total', 'Problems met while collecting, by kind.', [
      'cluster',
      'kind',
    ]),
    isrShrinks: counter(
      'kestrel_isr_shrinks_total',
      'Replicas that left the ISR of a partition of the topic, by broker.',
      ['cluster', 'topic', 'broker'],
    ),
    isrExpands: counter(
      'kestrel_isr_expands_total',
      'Replicas that joined the ISR of a partition of the topic, by broker.',
      ['cluster', 'topic', 'broker'],
    ),
  };
}

export type PromSeries = ReturnType<typeof definePromSeries>;

/** One place in the exposition: a family written from the snapshot, or a prom-client metric. */
export type SeriesEntry = SnapshotFamily | keyof PromSeries;

/** The order of the exposition (the order the series were first declared in, kept for diffs). */
export const SERIES_LAYOUT: readonly SeriesEntry[] = [
  // kafka_exporter-compatible
  cluster.kafkaBrokers,
  brokers.brokerInfo,
  topics.topicPartitions,
  topics.partitionCurrentOffset,
  topics.partitionOldestOffset,
  topics.partitionLeader,
  topics.partitionReplicas,
  topics.partitionInSyncReplicas,
  topics.partitionLeaderIsPreferred,
  topics.partitionUnderReplicated,
  groups.groupCurrentOffset,
  groups.groupCurrentOffsetSum,
  groups.groupLag,
  groups.groupLagSum,
  groups.groupMembers,
  // Kestrel: cluster and collector
  'buildInfo',
  cluster.clusterUp,
  cluster.clusterInfo,
  cluster.cycleDuration,
  cluster.buildDuration,
  cluster.cycleRequests,
  cluster.lastSuccess,
  cluster.lastCycle,
  'cycles',
  'errors',
  // Kestrel: controller / KRaft quorum
  cluster.controllerId,
  cluster.quorumEpoch,
  cluster.quorumHighWatermark,
  cluster.quorumVoterLag,
  cluster.quorumObserverLag,
  // Kestrel: brokers
  brokers.brokerUp,
  brokers.brokerLogDirBytes,
  brokers.brokerPartitions,
  brokers.brokerLeaders,
  brokers.brokerUnderReplicated,
  brokers.jmxBytesIn,
  brokers.jmxBytesOut,
  brokers.jmxMessagesIn,
  brokers.jmxRequestHandlerIdle,
  brokers.jmxActiveController,
  brokers.jmxIsrShrinks,
  brokers.jmxIsrExpands,
  brokers.jmxUnderReplicated,
  // Kestrel: topics and partitions
  topics.topicSize,
  topics.topicMessages,
  topics.topicProduceRate,
  topics.topicUnderReplicated,
  topics.topicUnderMinIsr,
  topics.topicOffline,
  topics.partitionUnderMinIsr,
  topics.partitionOffline,
  topics.topicElr,
  topics.partitionElr,
  topics.partitionLastKnownElr,
  topics.partitionNoCleanLeader,
  topics.partitionSize,
  'isrShrinks',
  'isrExpands',
  // Kestrel: consumer groups
  groups.groupLagSeconds,
  groups.groupTopicMaxLagSeconds,
  groups.groupMaxLagSeconds,
  groups.groupStatus,
  groups.groupState,
  groups.groupConsumeRate,
  groups.groupCatchUp,
  // Kestrel: the backlog doctor
  diagnosis.groupSecondsToDeletion,
  diagnosis.groupLostMessages,
  diagnosis.groupLagSkew,
  diagnosis.groupRebalances,
  diagnosis.groupFindings,
  diagnosis.topicProduceSkew,
  diagnosis.topicSizeSkew,
  diagnosis.brokerLeaderImbalance,
  diagnosis.brokerPreferredLedElsewhere,
  diagnosis.brokerLeaderFairShare,
];

/** Names of the series omitted at `topic` granularity: one per partition (or per group and partition). */
export const PARTITION_SERIES: readonly string[] = SERIES_LAYOUT.flatMap((entry) =>
  typeof entry !== 'string' && entry.perPartition ? [entry.def.name] : [],
);
