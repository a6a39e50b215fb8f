import type { GroupSnapshot } from '../../collector/index.ts';
import { GROUP_LAG_STATUSES, GROUP_STATES_BY_TYPE } from '../../model/index.ts';
import { type FamilySamples, label } from '../exposition.ts';
import {
  type ClusterView,
  family,
  GROUP,
  GROUP_PARTITION,
  GROUP_TOPIC,
  nonNegative,
  type SnapshotFamily,
  TYPED_GROUP,
} from './types.ts';

// Consumer groups of every type, exported while they are in the snapshots and for groupExpiry
// after they vanish. The per-partition families are left out at `topic` granularity.

const groupLabels = (view: ClusterView, g: GroupSnapshot) =>
  `${view.clusterLabel},${label('consumergroup', g.id)}`;
const typedLabels = (view: ClusterView, g: GroupSnapshot) =>
  `${groupLabels(view, g)},${label('type', g.type)}`;

const perTypedGroup = (
  name: string,
  help: string,
  value: (g: GroupSnapshot) => number | null | undefined,
): SnapshotFamily =>
  family(name, help, TYPED_GROUP, (view, out) => {
    for (const g of view.groups) out.setKnown(typedLabels(view, g), value(g));
  });

const perGroupTopic = (
  name: string,
  help: string,
  value: (t: GroupSnapshot['topics'][number]) => number | null | undefined,
  options: { untyped?: boolean } = {},
): SnapshotFamily =>
  family(
    name,
    help,
    GROUP_TOPIC,
    (view, out) => {
      for (const g of view.groups) {
        const prefix = groupLabels(view, g);
        for (const t of g.topics) out.setKnown(`${prefix},${label('topic', t.topic)}`, value(t));
      }
    },
    options,
  );

const perGroupPartition = (
  name: string,
  help: string,
  value: (p: GroupSnapshot['partitions'][number]) => number | null | undefined,
): SnapshotFamily =>
  family(
    name,
    help,
    GROUP_PARTITION,
    (view, out: FamilySamples) => {
      for (const g of view.groups) {
        const prefix = groupLabels(view, g);
        let topic: string | undefined;
        let topicPrefix = '';
        for (const p of g.partitions) {
          if (p.topic !== topic) {
            topic = p.topic;
            topicPrefix = `${prefix},${label('topic', p.topic)},partition="`;
          }
          out.setKnown(`${topicPrefix}${p.partition}"`, value(p));
        }
      }
    },
    { perPartition: true },
  );

export const groupCurrentOffset = perGroupPartition(
  'kafka_consumergroup_current_offset',
  'Committed offset of a consumer group at a topic partition.',
  (p) => p.committedOffset,
);
/**
 * kafka_exporter's `kafka_consumergroup_*_sum` names end in `_sum`, which Prometheus reserves
 * for summaries and histograms: typed as gauges they are flagged by `promtool check metrics`;
 * untyped they are valid and query exactly the same.
 */
export const groupCurrentOffsetSum = perGroupTopic(
  'kafka_consumergroup_current_offset_sum',
  'Sum of the committed offsets of a consumer group over the partitions of a topic.',
  (t) => t.committedSum,
  { untyped: true },
);
export const groupLag = perGroupPartition(
  'kafka_consumergroup_lag',
  'Lag of a consumer group at a topic partition (never negative).',
  (p) => nonNegative(p.lag),
);
export const groupLagSum = perGroupTopic(
  'kafka_consumergroup_lag_sum',
  'Lag of a consumer group summed over the partitions of a topic (never negative).',
  (t) => nonNegative(t.lag),
  { untyped: true },
);
export const groupMembers = family(
  'kafka_consumergroup_members',
  'Number of members of a group (of any type: classic, consumer, share, streams).',
  GROUP,
  (view, out) => {
    for (const g of view.groups) out.set(groupLabels(view, g), g.members.length);
  },
);
export const groupLagSeconds = perGroupPartition(
  'kestrel_consumergroup_lag_seconds',
  'Age of the oldest unconsumed message of a consumer group at a topic partition.',
  (p) => nonNegative(p.timeLagSeconds),
);
export const groupTopicMaxLagSeconds = perGroupTopic(
  'kestrel_consumergroup_topic_max_lag_seconds',
  'Largest time lag of a consumer group over the partitions of a topic.',
  (t) => nonNegative(t.timeLagSeconds),
);
export const groupMaxLagSeconds = perTypedGroup(
  'kestrel_consumergroup_max_lag_seconds',
  'Largest time lag of a consumer group over all its partitions.',
  (g) => nonNegative(g.timeLagSeconds),
);
export const groupStatus = family(
  'kestrel_consumergroup_status',
  'Lag status of the consumer group as Burrow evaluates it (1 for the current status).',
  ['cluster', 'consumergroup', 'type', 'status'],
  (view, out) => {
    for (const g of view.groups) {
      const prefix = typedLabels(view, g);
      for (const status of GROUP_LAG_STATUSES)
        out.set(`${prefix},${label('status', status)}`, g.status === status ? 1 : 0);
    }
  },
);
export const groupState = family(
  'kestrel_consumergroup_state',
  'State of the group (1 for the current state), one series per state its type can be in.',
  ['cluster', 'consumergroup', 'type', 'state'],
  (view, out) => {
    for (const g of view.groups) {
      const prefix = typedLabels(view, g);
      for (const state of GROUP_STATES_BY_TYPE[g.type])
        out.set(`${prefix},${label('state', state)}`, g.state === state ? 1 : 0);
    }
  },
);
export const groupConsumeRate = perTypedGroup(
  'kestrel_consumergroup_consume_messages_per_second',
  'Messages the consumer group committed per second, between the last two cycles.',
  (g) => g.consumeRate,
);
export const groupCatchUp = perTypedGroup(
  'kestrel_consumergroup_catch_up_seconds',
  'Estimated time until the consumer group has caught up, at its current rates.',
  (g) => g.timeToCatchUpSeconds,
);
