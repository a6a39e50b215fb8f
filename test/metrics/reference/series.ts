import { Counter, Gauge, type Registry } from 'prom-client';
import { defineDiagnosisSeries } from './diagnosis-series.ts';

// Every series Kestrel exports, declared once. The kafka_* names and labels are those of
// kafka_exporter (danielqsj/kafka_exporter), plus `cluster`, so existing dashboards keep
// working; the kestrel_* series are Kestrel's own, in base units.

type Labels<T extends string> = readonly T[];

/**
 * The exposition's name for "no type": `untyped` in the Prometheus text format, `unknown` in
 * OpenMetrics. Set by the renderer around an OpenMetrics render (renders are serialized).
 */
export const untyped = { name: 'untyped' };

/**
 * A gauge exposed without a type. kafka_exporter's `kafka_consumergroup_*_sum` names end in
 * `_sum`, which Prometheus reserves for summaries and histograms: typed as gauges they are
 * flagged by `promtool check metrics`; untyped they are valid and query exactly the same.
 */
class UntypedGauge<T extends string> extends Gauge<T> {
  override async get() {
    const metric = await super.get();
    return { ...metric, type: untyped.name as unknown as typeof metric.type };
  }
}

const gauge = <T extends string>(registry: Registry, name: string, help: string, labelNames: Labels<T>) =>
  new Gauge<T>({ name, help, labelNames, registers: [registry] });

const counter = <T extends string>(registry: Registry, name: string, help: string, labelNames: Labels<T>) =>
  new Counter<T>({ name, help, labelNames, registers: [registry] });

const PARTITION = ['cluster', 'topic', 'partition'] as const;
const GROUP_PARTITION = ['cluster', 'consumergroup', 'topic', 'partition'] as const;
const GROUP_TOPIC = ['cluster', 'consumergroup', 'topic'] as const;
const GROUP = ['cluster', 'consumergroup'] as const;
/** Kestrel's own group series also say which of Kafka's four group types the group is. */
const TYPED_GROUP = ['cluster', 'consumergroup', 'type'] as const;
const TOPIC = ['cluster', 'topic'] as const;
const BROKER = ['cluster', 'broker'] as const;
const CLUSTER = ['cluster'] as const;

export function defineSeries(registry: Registry) {
  const g = <T extends string>(name: string, help: string, labels: Labels<T>) =>
    gauge(registry, name, help, labels);
  const c = <T extends string>(name: string, help: string, labels: Labels<T>) =>
    counter(registry, name, help, labels);
  return {
    // kafka_exporter-compatible
    brokers: g('kafka_brokers', 'Number of brokers in the Kafka cluster.', CLUSTER),
    brokerInfo: g('kafka_broker_info', 'Information about the Kafka broker.', ['cluster', 'id', 'address']),
    topicPartitions: g('kafka_topic_partitions', 'Number of partitions for this topic.', TOPIC),
    partitionCurrentOffset: g(
      'kafka_topic_partition_current_offset',
      'Current (end) offset of a topic partition.',
      PARTITION,
    ),
    partitionOldestOffset: g(
      'kafka_topic_partition_oldest_offset',
      'Oldest (start) offset of a topic partition.',
      PARTITION,
    ),
    partitionLeader: g(
      'kafka_topic_partition_leader',
      'Leader broker id of this topic partition (-1: no leader).',
      PARTITION,
    ),
    partitionReplicas: g(
      'kafka_topic_partition_replicas',
      'Number of replicas of this topic partition.',
      PARTITION,
    ),
    partitionInSyncReplicas: g(
      'kafka_topic_partition_in_sync_replica',
      'Number of in-sync replicas of this topic partition.',
      PARTITION,
    ),
    partitionLeaderIsPreferred: g(
      'kafka_topic_partition_leader_is_preferred',
      '1 if the topic partition is led by its preferred broker.',
      PARTITION,
    ),
    partitionUnderReplicated: g(
      'kafka_topic_partition_under_replicated_partition',
      '1 if the topic partition is under-replicated.',
      PARTITION,
    ),
    groupCurrentOffset: g(
      'kafka_consumergroup_current_offset',
      'Committed offset of a consumer group at a topic partition.',
      GROUP_PARTITION,
    ),
    groupCurrentOffsetSum: new UntypedGauge({
      name: 'kafka_consumergroup_current_offset_sum',
      help: 'Sum of the committed offsets of a consumer group over the partitions of a topic.',
      labelNames: GROUP_TOPIC,
      registers: [registry],
    }),
    groupLag: g(
      'kafka_consumergroup_lag',
      'Lag of a consumer group at a topic partition (never negative).',
      GROUP_PARTITION,
    ),
    groupLagSum: new UntypedGauge({
      name: 'kafka_consumergroup_lag_sum',
      help: 'Lag of a consumer group summed over the partitions of a topic (never negative).',
      labelNames: GROUP_TOPIC,
      registers: [registry],
    }),
    groupMembers: g(
      'kafka_consumergroup_members',
      'Number of members of a group (of any type: classic, consumer, share, streams).',
      GROUP,
    ),

    // Kestrel: cluster and collector
    buildInfo: g('kestrel_build_info', 'Kestrel version and the Node.js it runs on.', ['version', 'nodejs']),
    clusterUp: g('kestrel_cluster_up', '1 if the latest poll cycle reached the cluster.', CLUSTER),
    clusterInfo: g('kestrel_cluster_info', 'The cluster id and metadata mode of a reachable cluster.', [
      'cluster',
      'cluster_id',
      'mode',
    ]),
    cycleDuration: g(
      'kestrel_collector_cycle_duration_seconds',
      'Duration of the latest poll cycle: first Kafka request to last response.',
      CLUSTER,
    ),
    buildDuration: g(
      'kestrel_collector_build_duration_seconds',
      'CPU time of turning the latest cycle’s responses into the snapshot (lag, status, diagnosis).',
      CLUSTER,
    ),
    cycleRequests: g(
      'kestrel_collector_cycle_requests',
      'Kafka requests sent in the latest poll cycle.',
      CLUSTER,
    ),
    lastSuccess: g(
      'kestrel_collector_last_success_timestamp_seconds',
      'Start time of the latest poll cycle that reached the cluster.',
      CLUSTER,
    ),
    lastCycle: g(
      'kestrel_collector_last_cycle_timestamp_seconds',
      'Start time of the latest poll cycle.',
      CLUSTER,
    ),
    cycles: c('kestrel_collector_cycles_total', 'Poll cycles run.', CLUSTER),
    errors: c('kestrel_collector_errors_total', 'Problems met while collecting, by kind.', [
      'cluster',
      'kind',
    ]),

    // Kestrel: controller / KRaft quorum
    controllerId: g(
      'kestrel_controller_id',
      'KRaft quorum leader (ZooKeeper mode: controller) broker id; -1 when there is none.',
      CLUSTER,
    ),
    quorumEpoch: g('kestrel_quorum_leader_epoch', 'Epoch of the KRaft quorum leader.', CLUSTER),
    quorumHighWatermark: g(
      'kestrel_quorum_high_watermark',
      'High watermark of the KRaft metadata log.',
      CLUSTER,
    ),
    quorumVoterLag: g('kestrel_quorum_voter_lag', 'Records a KRaft voter is behind the quorum leader.', [
      'cluster',
      'voter',
    ]),
    quorumObserverLag: g(
      'kestrel_quorum_observer_lag',
      'Records a KRaft observer is behind the quorum leader.',
      ['cluster', 'observer'],
    ),

    // Kestrel: brokers
    brokerUp: g(
      'kestrel_broker_up',
      '1 if the broker is listed in the metadata; 0 if seen before and missing now.',
      BROKER,
    ),
    brokerLogDirBytes: g(
      'kestrel_broker_log_dir_bytes',
      'Size of the partitions in the broker log dirs.',
      BROKER,
    ),
    brokerPartitions: g('kestrel_broker_partitions', 'Partition replicas hosted by the broker.', BROKER),
    brokerLeaders: g('kestrel_broker_leader_partitions', 'Partitions the broker leads.', BROKER),
    brokerUnderReplicated: g(
      'kestrel_broker_under_replicated_partitions',
      'Under-replicated partitions the broker leads.',
      BROKER,
    ),
    jmxBytesIn: g(
      'kestrel_broker_bytes_in_per_second',
      'Bytes in per second (JMX, one-minute rate).',
      BROKER,
    ),
    jmxBytesOut: g(
      'kestrel_broker_bytes_out_per_second',
      'Bytes out per second (JMX, one-minute rate).',
      BROKER,
    ),
    jmxMessagesIn: g(
      'kestrel_broker_messages_in_per_second',
      'Messages in per second (JMX, one-minute rate).',
      BROKER,
    ),
    jmxRequestHandlerIdle: g(
      'kestrel_broker_request_handler_idle_ratio',
      'Average idle ratio of the request handler threads (JMX).',
      BROKER,
    ),
    jmxActiveController: g(
      'kestrel_broker_active_controllers',
      'ActiveControllerCount as the broker reports it (JMX).',
      BROKER,
    ),
    jmxIsrShrinks: g('kestrel_broker_isr_shrinks_per_second', 'ISR shrinks per second (JMX).', BROKER),
    jmxIsrExpands: g('kestrel_broker_isr_expands_per_second', 'ISR expands per second (JMX).', BROKER),
    jmxUnderReplicated: g(
      'kestrel_broker_jmx_under_replicated_partitions',
      'UnderReplicatedPartitions as the broker reports it (JMX).',
      BROKER,
    ),

    // Kestrel: topics and partitions
    topicSize: g('kestrel_topic_size_bytes', 'Size of one copy of the topic (sum of the leaders).', TOPIC),
    topicMessages: g('kestrel_topic_messages', 'Messages in the topic (sum of end - start offsets).', TOPIC),
    topicProduceRate: g(
      'kestrel_topic_produce_messages_per_second',
      'Messages appended to the topic per second, between the last two cycles.',
      TOPIC,
    ),
    topicUnderReplicated: g(
      'kestrel_topic_under_replicated_partitions',
      'Partitions of the topic with fewer in-sync replicas than replicas.',
      TOPIC,
    ),
    topicUnderMinIsr: g(
      'kestrel_topic_under_min_isr_partitions',
      'Partitions of the topic with fewer in-sync replicas than min.insync.replicas.',
      TOPIC,
    ),
    topicOffline: g('kestrel_topic_offline_partitions', 'Partitions of the topic without a leader.', TOPIC),
    partitionUnderMinIsr: g(
      'kestrel_partition_under_min_isr',
      '1 if the partition has fewer in-sync replicas than min.insync.replicas.',
      PARTITION,
    ),
    partitionOffline: g('kestrel_partition_offline', '1 if the partition has no leader.', PARTITION),
    topicElr: g(
      'kestrel_topic_elr_partitions',
      'Partitions of the topic with eligible leader replicas (KIP-966): their ISR fell below min.insync.replicas.',
      TOPIC,
    ),
    partitionElr: g(
      'kestrel_partition_eligible_leader_replicas',
      'Eligible leader replicas of the partition (KIP-966); absent where the broker does not tell.',
      PARTITION,
    ),
    partitionLastKnownElr: g(
      'kestrel_partition_last_known_elr_replicas',
      'Replicas in the last known ELR of the partition (KIP-966); absent where the broker does not tell.',
      PARTITION,
    ),
    partitionNoCleanLeader: g(
      'kestrel_partition_no_clean_leader',
      '1 if the partition has no leader and no ISR or ELR replica left to elect cleanly (data-loss risk).',
      PARTITION,
    ),
    partitionSize: g('kestrel_partition_size_bytes', 'Size of the partition on its leader.', PARTITION),
    isrShrinks: c(
      'kestrel_isr_shrinks_total',
      'Replicas that left the ISR of a partition of the topic, by broker.',
      ['cluster', 'topic', 'broker'],
    ),
    isrExpands: c(
      'kestrel_isr_expands_total',
      'Replicas that joined the ISR of a partition of the topic, by broker.',
      ['cluster', 'topic', 'broker'],
    ),

    // Kestrel: consumer groups
    groupLagSeconds: g(
      'kestrel_consumergroup_lag_seconds',
      'Age of the oldest unconsumed message of a consumer group at a topic partition.',
      GROUP_PARTITION,
    ),
    groupTopicMaxLagSeconds: g(
      'kestrel_consumergroup_topic_max_lag_seconds',
      'Largest time lag of a consumer group over the partitions of a topic.',
      GROUP_TOPIC,
    ),
    groupMaxLagSeconds: g(
      'kestrel_consumergroup_max_lag_seconds',
      'Largest time lag of a consumer group over all its partitions.',
      TYPED_GROUP,
    ),
    groupStatus: g(
      'kestrel_consumergroup_status',
      'Lag status of the consumer group as Burrow evaluates it (1 for the current status).',
      ['cluster', 'consumergroup', 'type', 'status'],
    ),
    groupState: g(
      'kestrel_consumergroup_state',
      'State of the group (1 for the current state), one series per state its type can be in.',
      ['cluster', 'consumergroup', 'type', 'state'],
    ),
    groupConsumeRate: g(
      'kestrel_consumergroup_consume_messages_per_second',
      'Messages the consumer group committed per second, between the last two cycles.',
      TYPED_GROUP,
    ),
    groupCatchUp: g(
      'kestrel_consumergroup_catch_up_seconds',
      'Estimated time until the consumer group has caught up, at its current rates.',
      TYPED_GROUP,
    ),

    // Kestrel: the backlog doctor
    ...defineDiagnosisSeries(registry),
  };
}

export type Series = ReturnType<typeof defineSeries>;

/** Series omitted at `topic` granularity: one per partition (or per group and partition). */
export const PARTITION_SERIES = [
  'partitionCurrentOffset',
  'partitionOldestOffset',
  'partitionLeader',
  'partitionReplicas',
  'partitionInSyncReplicas',
  'partitionLeaderIsPreferred',
  'partitionUnderReplicated',
  'partitionUnderMinIsr',
  'partitionOffline',
  'partitionElr',
  'partitionLastKnownElr',
  'partitionNoCleanLeader',
  'partitionSize',
  'groupCurrentOffset',
  'groupLag',
  'groupLagSeconds',
] as const satisfies readonly (keyof Series)[];
