// The alerts engine's shapes as the HTTP API sends and takes them: zod schemas, with the
// TypeScript types of alerts/api.ts inferred from them, so the engine, the routes, the OpenAPI
// document and the web UI share one definition.
import { z } from 'zod';
import { SEVERITIES } from '../server/model/index.ts';

const int = z.number().int();
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable();
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const labels = z.record(z.string(), z.string()).readonly();
const severity = z.enum(SEVERITIES);

/** One active alert instance (identified by its labels, which include `alertname` and `cluster`). */
export const AlertView = z
  .object({
    fingerprint: z.string(),
    rule: z.string(),
    state: z.enum(['pending', 'firing']),
    severity,
    labels,
    annotations: labels,
    activeAt: int.meta({ description: 'When the condition was first seen (pending since). Epoch ms.' }),
    firedAt: maybe(int).meta({ description: 'When it started firing; null while pending.' }),
    silenced: z.boolean().meta({ description: 'A silence mutes it (it keeps its state either way).' }),
    value: maybe(z.number()).meta({
      description: 'The value behind the condition (lag, seconds, ISR size...).',
    }),
    valueText: maybe(z.string()).meta({
      description:
        'How the value reads when the number alone would mislead: a lag-status alert’s status (ERR).',
    }),
  })
  .meta({ id: 'Alert' });

/** A past or current firing episode. */
export const AlertHistoryEntry = z.object({
  fingerprint: z.string(),
  rule: z.string(),
  severity,
  labels,
  annotations: labels,
  firedAt: int,
  resolvedAt: maybe(int).meta({ description: 'Null while it still fires.' }),
});

export const RuleView = z.object({
  name: z.string(),
  kind: z.string(),
  severity,
  forMs: int,
  keepFiringForMs: int,
  receivers: list(z.string()),
  labels,
  annotations: labels,
  params: z
    .record(z.string(), z.unknown())
    .readonly()
    .meta({ description: 'The rule’s own parameters (threshold, selectors...), as configured.' }),
});

export const Matcher = z.strictObject({
  name: z.string().min(1).max(256),
  value: z.string().max(1024),
  isRegex: z
    .boolean()
    .meta({ description: 'Regex match (fully anchored, as Alertmanager) instead of equality.' }),
  isEqual: z.boolean().meta({ description: 'false = "does not match".' }),
});

export const NewSilence = z.strictObject({
  matchers: z.array(Matcher).min(1).max(32).readonly(),
  startsAt: int.min(0).optional().meta({ description: 'Epoch ms; defaults to now.' }),
  endsAt: int.min(0),
  createdBy: z.string().min(1).max(128),
  comment: z.string().max(2048),
});

export const SilenceView = z
  .object({
    id: z.string(),
    matchers: list(Matcher),
    startsAt: int,
    endsAt: int,
    createdBy: z.string(),
    comment: z.string(),
    status: z.enum(['pending', 'active', 'expired']),
    createdAt: int,
    updatedAt: int,
  })
  .meta({ id: 'Silence' });

/** A receiver as the UI may show it: never a URL with a token, a secret or a password. */
export const ReceiverView = z.object({
  name: z.string(),
  channels: list(z.string()).meta({
    description: 'Channel types of its targets, e.g. ["dingtalk", "email"].',
  }),
});

/** sent: the far end accepted it. deferred: a rate limit holds it for a merged summary. */
export const DeliveryStatus = z.enum(['sent', 'deferred', 'failed']).meta({
  description: 'sent: accepted by the far end; deferred: held by a rate limit for a merged summary; failed.',
});
/** permanent: the far end refused it and it was not retried; retryable: retries ran out or were cut short. */
export const DeliveryFailure = z.enum(['permanent', 'retryable']);
const deliveryFailure = maybe(DeliveryFailure).meta({
  description:
    'For a failure: permanent (the far end refused it; not retried, fix the configuration) or retryable (retries ran out or were cut short; the engine sends the group again after groupInterval).',
});

export const DeliveryResult = z.object({
  receiver: z.string(),
  channel: z.string(),
  ok: z.boolean().meta({ description: 'The channel took it: sent, or deferred to go out later.' }),
  status: DeliveryStatus,
  failure: deliveryFailure,
  attempts: int,
  error: maybe(z.string()),
});

export const NotificationLogEntry = z.object({
  id: int,
  time: int,
  receiver: z.string(),
  channel: z.string(),
  kind: z
    .enum(['firing', 'resolved', 'test'])
    .meta({ description: 'A firing or resolved notification, or a test.' }),
  alerts: int,
  status: DeliveryStatus,
  failure: deliveryFailure,
  attempts: int,
  error: maybe(z.string()),
});

export const AlertsStatus = z.object({
  enabled: z.boolean().meta({ description: 'Rules are evaluated and notifications sent.' }),
  message: maybe(z.string()).meta({ description: 'Why alerting is off, in plain words; null when on.' }),
});
