import { z } from 'zod';
import { channelSchema } from './alert-channels.ts';
import { duration } from './alert-kinds.ts';
import { ruleSchema } from './alert-rules.ts';

const receiverSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, ".", "_" or "-"')
    .meta({ description: 'Receiver name, referenced by rules and `route.receiver`.' }),
  channels: z
    .array(channelSchema)
    .min(1, 'a receiver needs at least one channel')
    .meta({ description: 'Where its notifications go; each channel is delivered on its own.' }),
});

const route = z
  .strictObject({
    receiver: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Receiver of rules that name none; default the first receiver.' }),
    groupBy: z
      .array(z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*|\.\.\.)$/, 'expected a label name or "..."'))
      .default(() => ['alertname', 'cluster'])
      .meta({
        description: 'Labels that split alerts into notification groups; `...` groups by all labels.',
      }),
    groupWait: duration('duration')
      .default(5_000)
      .meta({ description: 'How long a new group waits for more alerts before its first notification.' }),
    groupInterval: duration('duration')
      .default(5 * 60_000)
      .meta({ description: 'How long a group waits after a notification before telling about changes.' }),
    repeatInterval: duration('duration')
      .default(4 * 3_600_000)
      .meta({ description: 'How often a group that still fires, unchanged, is notified again.' }),
  })
  .prefault({});

export const alertsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Evaluate alert rules and send notifications.' }),
    externalUrl: z.url().optional().meta({
      description:
        'Base URL of this Kestrel as users reach it, for links in notifications. Absent: the listen address (a warning at start says so).',
    }),
    rules: z
      .array(ruleSchema)
      .default(() => [])
      .meta({ fileOnly: true, description: 'Alert rules; none: the built-in default set.' }),
    receivers: z
      .array(receiverSchema)
      .default(() => [])
      .meta({ fileOnly: true, description: 'Named groups of channels that notifications go to.' }),
    route,
    retention: duration('duration')
      .default(30 * 86_400_000)
      .meta({ description: 'How long the notification log, resolved alerts and expired silences are kept.' }),
  })
  .prefault({})
  .superRefine((alerts, ctx) => {
    unique(alerts.rules, 'rules', 'rule', ctx);
    unique(alerts.receivers, 'receivers', 'receiver', ctx);
    const known = new Set(alerts.receivers.map((r) => r.name));
    if (alerts.route.receiver !== undefined && !known.has(alerts.route.receiver)) {
      ctx.addIssue({
        code: 'custom',
        path: ['route', 'receiver'],
        message: `unknown receiver "${alerts.route.receiver}"`,
      });
    }
    alerts.rules.forEach((rule, index) => {
      rule.receivers.forEach((name, i) => {
        if (!known.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'receivers', i],
            message: `unknown receiver "${name}"`,
          });
      });
    });
  });

function unique(items: readonly { name: string }[], key: string, what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.name))
      ctx.addIssue({
        code: 'custom',
        path: [key, index, 'name'],
        message: `duplicate ${what} name "${item.name}"`,
      });
    seen.add(item.name);
  });
}

export type AlertsConfig = z.output<typeof alertsSchema>;
export type ReceiverConfig = z.output<typeof receiverSchema>;
