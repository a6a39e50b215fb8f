import { z } from 'zod';
import { GROUP_TYPES } from '../model/index.ts';
import { duration, selector, severitySchema } from './alert-kinds.ts';

const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a Prometheus label name');

const common = {
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'expected a name like ConsumerLagHigh')
    .meta({ description: 'Alert name: the `alertname` label of its alerts; unique.' }),
  for: duration('duration')
    .default(0)
    .meta({ description: 'How long the condition must hold before the alert fires (pending until then).' }),
  keepFiringFor: duration('duration')
    .default(0)
    .meta({ description: 'How long the alert keeps firing after the condition cleared (against flapping).' }),
  severity: severitySchema.optional().meta({ description: 'Severity; each kind has its own default.' }),
  labels: z
    .record(labelName, z.string())
    .default(() => ({}))
    .meta({ description: 'Extra labels of the alerts (for grouping and silences).' }),
  annotations: z
    .record(labelName, z.string())
    .default(() => ({}))
    .meta({
      description:
        '`summary`, `description`...; `{{ $labels.x }}`, `{{ $value }}` and the kind’s variables are filled in. Defaults per kind.',
    }),
  receivers: z
    .array(z.string().min(1))
    .default(() => [])
    .meta({ description: 'Receivers notified; empty: `alerts.route.receiver`.' }),
  cluster: selector('cluster'),
};

const group = selector('consumer group');
/** Which of Kafka's group types a group rule watches; every type when left out. */
const groupType = z
  .union([z.enum(GROUP_TYPES), z.array(z.enum(GROUP_TYPES)).min(1)])
  .optional()
  .meta({
    description: 'Group types the rule applies to (classic, consumer, share, streams); all when unset.',
  });
const topic = selector('topic');

export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('consumerLag').meta({
      description:
        'Kind: consumerLag, consumerTimeLag, lagStatus, isrShrink, offlinePartitions, brokerDown, noController, controllerChanged, inactiveGroupLag, leaderlessPartition, clusterUnreachable, retentionRisk, dataLost, leaderImbalance.',
    }),
    group,
    type: groupType,
    topic,
    threshold: z
      .number()
      .nonnegative()
      .meta({ description: 'consumerLag: messages; consumerTimeLag: seconds.' }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('consumerTimeLag'),
    group,
    type: groupType,
    topic,
    threshold: z.number().nonnegative(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('lagStatus'),
    group,
    type: groupType,
    statuses: z
      .array(z.enum(['WARN', 'ERR']))
      .min(1)
      .default(() => ['ERR' as const])
      .meta({
        description: 'lagStatus: Burrow statuses that alert (WARN: growing; ERR: stalled, stopped, rewound).',
      }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('isrShrink'),
    topic,
    criticalBelowMinIsr: z
      .boolean()
      .default(true)
      .meta({ description: 'isrShrink: severity critical while the ISR is below min.insync.replicas.' }),
  }),
  z.strictObject({ ...common, kind: z.literal('offlinePartitions'), topic }),
  z.strictObject({ ...common, kind: z.literal('leaderlessPartition'), topic }),
  z.strictObject({ ...common, kind: z.literal('brokerDown') }),
  z.strictObject({ ...common, kind: z.literal('noController') }),
  z.strictObject({ ...common, kind: z.literal('controllerChanged') }),
  z.strictObject({
    ...common,
    kind: z.literal('inactiveGroupLag'),
    group,
    type: groupType,
    minLag: z
      .number()
      .nonnegative()
      .default(1)
      .meta({ description: 'inactiveGroupLag: lag (messages) from which an Empty or Dead group alerts.' }),
  }),
  z.strictObject({ ...common, kind: z.literal('clusterUnreachable') }),
  z.strictObject({
    ...common,
    kind: z.literal('retentionRisk'),
    group,
    topic,
    threshold: duration('duration').default(3_600_000).meta({
      description:
        'retentionRisk: alert when the oldest unconsumed message may be deleted (retention.ms / retention.bytes) sooner than this.',
    }),
  }),
  z.strictObject({ ...common, kind: z.literal('dataLost'), group, topic }),
  z.strictObject({
    ...common,
    kind: z.literal('leaderImbalance'),
    maxImbalancePercent: z.number().min(0).max(100).default(10).meta({
      description:
        'leaderImbalance: percent of a broker’s preferred partitions led elsewhere from which it alerts (Kafka’s leader.imbalance.per.broker.percentage).',
    }),
  }),
]);

export type RuleConfig = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleKind = RuleConfig['kind'];
