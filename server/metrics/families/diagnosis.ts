import type { ClusterSnapshot } from '../../collector/index.ts';
import { type FamilySamples, label } from '../exposition.ts';
import { BROKER, type ClusterView, family, GROUP, GROUP_TOPIC, reachable, TOPIC } from './types.ts';

// The backlog doctor's figures (snapshot.diagnosis), per group-topic, topic and broker: no
// per-partition series, so they stay at `topic` granularity too.

type Diagnosis = ClusterSnapshot['diagnosis'];

const fromDiagnosis = (
  name: string,
  help: string,
  labels: readonly string[],
  write: (diagnosis: Diagnosis, view: ClusterView, out: FamilySamples) => void,
) =>
  family(name, help, labels, (view, out) => {
    const s = reachable(view);
    if (s) write(s.diagnosis, view, out);
  });

const groupPrefix = (view: ClusterView, group: string) =>
  `${view.clusterLabel},${label('consumergroup', group)}`;
const brokerLabels = (view: ClusterView, broker: number) =>
  `${view.clusterLabel},${label('broker', String(broker))}`;

export const groupSecondsToDeletion = fromDiagnosis(
  'kestrel_consumergroup_retention_seconds_to_deletion',
  'Seconds until the oldest unconsumed message of the group on the topic may be deleted by retention (0: due); absent where retention does not apply.',
  GROUP_TOPIC,
  (d, view, out) => {
    for (const g of d.groups) {
      const soonest = new Map<string, number>();
      for (const r of g.retention)
        if (r.secondsToDeletion !== null && r.lag > 0)
          soonest.set(
            r.topic,
            Math.min(soonest.get(r.topic) ?? Number.POSITIVE_INFINITY, r.secondsToDeletion),
          );
      const prefix = groupPrefix(view, g.group);
      for (const [topic, seconds] of soonest) out.set(`${prefix},${label('topic', topic)}`, seconds);
    }
  },
);

export const groupLostMessages = fromDiagnosis(
  'kestrel_consumergroup_lost_messages',
  'Messages deleted by retention before the group read them (log start offset minus committed offset).',
  GROUP_TOPIC,
  (d, view, out) => {
    for (const g of d.groups) {
      const lost = new Map<string, number>();
      for (const r of g.retention) lost.set(r.topic, (lost.get(r.topic) ?? 0) + r.lostMessages);
      const prefix = groupPrefix(view, g.group);
      for (const [topic, count] of lost) out.set(`${prefix},${label('topic', topic)}`, count);
    }
  },
);

export const groupLagSkew = fromDiagnosis(
  'kestrel_consumergroup_lag_skew_ratio',
  'Largest partition lag divided by the mean partition lag of the group on the topic (1: even).',
  GROUP_TOPIC,
  (d, view, out) => {
    for (const g of d.groups) {
      const prefix = groupPrefix(view, g.group);
      for (const skew of g.lagSkew) out.set(`${prefix},${label('topic', skew.topic)}`, skew.maxOverMean);
    }
  },
);

export const groupRebalances = fromDiagnosis(
  'kestrel_consumergroup_rebalances_last_hour',
  'Rebalances (membership or assignment changes) seen in the last hour, at most, of history.',
  GROUP,
  (d, view, out) => {
    for (const g of d.groups) out.set(groupPrefix(view, g.group), g.churn.rebalances);
  },
);

export const groupFindings = fromDiagnosis(
  'kestrel_consumergroup_findings',
  'Findings of the backlog doctor for the group.',
  GROUP,
  (d, view, out) => {
    for (const g of d.groups) out.set(groupPrefix(view, g.group), g.findings.length);
  },
);

export const topicProduceSkew = fromDiagnosis(
  'kestrel_topic_produce_skew_ratio',
  'Largest partition produce rate divided by the mean over the topic’s partitions (1: even keys).',
  TOPIC,
  (d, view, out) => {
    for (const t of d.topics)
      if (t.rateSkew) out.set(`${view.clusterLabel},${label('topic', t.topic)}`, t.rateSkew.maxOverMean);
  },
);

export const topicSizeSkew = fromDiagnosis(
  'kestrel_topic_size_skew_ratio',
  'Largest partition size divided by the mean over the topic’s partitions.',
  TOPIC,
  (d, view, out) => {
    for (const t of d.topics)
      if (t.sizeSkew) out.set(`${view.clusterLabel},${label('topic', t.topic)}`, t.sizeSkew.maxOverMean);
  },
);

export const brokerLeaderImbalance = fromDiagnosis(
  'kestrel_broker_leader_imbalance_percent',
  'Percent of the broker’s preferred partitions led by another broker.',
  BROKER,
  (d, view, out) => {
    for (const b of d.leaders.brokers) out.set(brokerLabels(view, b.broker), b.imbalancePercent);
  },
);

export const brokerPreferredLedElsewhere = fromDiagnosis(
  'kestrel_broker_preferred_partitions_led_elsewhere',
  'Partitions whose preferred leader is this broker but that another broker leads.',
  BROKER,
  (d, view, out) => {
    for (const b of d.leaders.brokers) out.set(brokerLabels(view, b.broker), b.preferredNotLed);
  },
);

export const brokerLeaderFairShare = fromDiagnosis(
  'kestrel_broker_leader_fair_share',
  'Partitions with a leader divided by the live brokers: what each broker would lead if balanced.',
  BROKER,
  (d, view, out) => {
    for (const b of d.leaders.brokers) out.set(brokerLabels(view, b.broker), b.fairShare);
  },
);
