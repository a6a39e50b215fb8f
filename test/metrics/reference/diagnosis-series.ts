import { Gauge, type Registry } from 'prom-client';
import type { ClusterSnapshot } from '../../../server/collector/snapshot.ts';

// The backlog doctor's figures (snapshot.diagnosis), per group-topic, topic and broker: no
// per-partition series, so they stay at `topic` granularity too.

const GROUP_TOPIC = ['cluster', 'consumergroup', 'topic'] as const;
const GROUP = ['cluster', 'consumergroup'] as const;
const TOPIC = ['cluster', 'topic'] as const;
const BROKER = ['cluster', 'broker'] as const;

export function defineDiagnosisSeries(registry: Registry) {
  const g = <T extends string>(name: string, help: string, labelNames: readonly T[]) =>
    new Gauge<T>({ name, help, labelNames, registers: [registry] });
  return {
    groupSecondsToDeletion: g(
      'kestrel_consumergroup_retention_seconds_to_deletion',
      'Seconds until the oldest unconsumed message of the group on the topic may be deleted by retention (0: due); absent where retention does not apply.',
      GROUP_TOPIC,
    ),
    groupLostMessages: g(
      'kestrel_consumergroup_lost_messages',
      'Messages deleted by retention before the group read them (log start offset minus committed offset).',
      GROUP_TOPIC,
    ),
    groupLagSkew: g(
      'kestrel_consumergroup_lag_skew_ratio',
      'Largest partition lag divided by the mean partition lag of the group on the topic (1: even).',
      GROUP_TOPIC,
    ),
    groupRebalances: g(
      'kestrel_consumergroup_rebalances_last_hour',
      'Rebalances (membership or assignment changes) seen in the last hour, at most, of history.',
      GROUP,
    ),
    groupFindings: g(
      'kestrel_consumergroup_findings',
      'Findings of the backlog doctor for the group.',
      GROUP,
    ),
    topicProduceSkew: g(
      'kestrel_topic_produce_skew_ratio',
      'Largest partition produce rate divided by the mean over the topic’s partitions (1: even keys).',
      TOPIC,
    ),
    topicSizeSkew: g(
      'kestrel_topic_size_skew_ratio',
      'Largest partition size divided by the mean over the topic’s partitions.',
      TOPIC,
    ),
    brokerLeaderImbalance: g(
      'kestrel_broker_leader_imbalance_percent',
      'Percent of the broker’s preferred partitions led by another broker.',
      BROKER,
    ),
    brokerPreferredLedElsewhere: g(
      'kestrel_broker_preferred_partitions_led_elsewhere',
      'Partitions whose preferred leader is this broker but that another broker leads.',
      BROKER,
    ),
    brokerLeaderFairShare: g(
      'kestrel_broker_leader_fair_share',
      'Partitions with a leader divided by the live brokers: what each broker would lead if balanced.',
      BROKER,
    ),
  };
}

export type DiagnosisSeries = ReturnType<typeof defineDiagnosisSeries>;

export function fillDiagnosis(s: DiagnosisSeries, cluster: string, snapshot: ClusterSnapshot): void {
  for (const d of snapshot.diagnosis.groups) {
    const gl = { cluster, consumergroup: d.group };
    s.groupRebalances.set(gl, d.churn.rebalances);
    s.groupFindings.set(gl, d.findings.length);
    const soonest = new Map<string, number>();
    const lost = new Map<string, number>();
    for (const r of d.retention) {
      lost.set(r.topic, (lost.get(r.topic) ?? 0) + r.lostMessages);
      if (r.secondsToDeletion !== null && r.lag > 0)
        soonest.set(r.topic, Math.min(soonest.get(r.topic) ?? Number.POSITIVE_INFINITY, r.secondsToDeletion));
    }
    for (const [topic, seconds] of soonest) s.groupSecondsToDeletion.set({ ...gl, topic }, seconds);
    for (const [topic, count] of lost) s.groupLostMessages.set({ ...gl, topic }, count);
    for (const skew of d.lagSkew) s.groupLagSkew.set({ ...gl, topic: skew.topic }, skew.maxOverMean);
  }
  for (const t of snapshot.diagnosis.topics) {
    if (t.rateSkew) s.topicProduceSkew.set({ cluster, topic: t.topic }, t.rateSkew.maxOverMean);
    if (t.sizeSkew) s.topicSizeSkew.set({ cluster, topic: t.topic }, t.sizeSkew.maxOverMean);
  }
  for (const b of snapshot.diagnosis.leaders.brokers) {
    const bl = { cluster, broker: String(b.broker) };
    s.brokerLeaderImbalance.set(bl, b.imbalancePercent);
    s.brokerPreferredLedElsewhere.set(bl, b.preferredNotLed);
    s.brokerLeaderFairShare.set(bl, b.fairShare);
  }
}
