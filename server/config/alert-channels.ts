import { z } from 'zod';
import { duration, secret } from './kinds.ts';

// One strict object per channel type, told apart by `type`. Anything that grants access
// (webhook URLs carrying tokens, signing secrets, passwords, bearer tokens, custom headers)
// is a secret: redacted in /api/v1/config and logs, and never part of an error message.

const httpsOrHttp = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const deliveryPolicySchema = z
  .strictObject({
    timeout: duration('timeout').default(10_000).meta({ description: 'Timeout of one delivery attempt.' }),
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(3)
      .meta({ description: 'Attempts after the first failed one.' }),
    backoff: duration('backoff')
      .default(1_000)
      .meta({ description: 'Wait before the first retry; doubles on each retry, with jitter.' }),
    maxBackoff: duration('backoff')
      .default(30_000)
      .meta({ description: 'Longest wait between two attempts.' }),
  })
  .prefault({})
  .refine((p) => p.backoff <= p.maxBackoff, {
    message: 'backoff must not exceed maxBackoff',
    path: ['backoff'],
  })
  .meta({ description: 'Timeout, retries and backoff of each delivery.' });

const delivery = deliveryPolicySchema;

const headers = z
  .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name'), z.string())
  .default(() => ({}))
  .meta({ secret: true, description: 'Extra HTTP headers; values are treated as secrets.' });

const email = z
  .strictObject({
    type: z.literal('email'),
    host: z.string().min(1).meta({ description: 'SMTP server host.' }),
    port: z.number().int().min(1).max(65535).default(587).meta({ description: 'SMTP server port.' }),
    secure: z
      .boolean()
      .default(false)
      .meta({ description: 'Implicit TLS from the first byte (usually port 465).' }),
    requireTLS: z.boolean().default(true).meta({
      description: 'Without `secure`: insist on STARTTLS; false allows plain SMTP (local relays only).',
    }),
    username: z.string().min(1).optional().meta({ description: 'SMTP AUTH user.' }),
    password: secret().optional().meta({ description: 'SMTP AUTH password.' }),
    caFile: z.string().min(1).optional().meta({ description: 'PEM file with the CA certificates to trust.' }),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .meta({ description: 'Accept any server certificate. Only for testing.' }),
    from: z.string().min(1).meta({ description: 'Sender, e.g. `Kestrel <kestrel@example.com>`.' }),
    to: z.array(z.email()).min(1).meta({ description: 'Recipients.' }),
    delivery,
  })
  .refine((c) => c.password === undefined || c.username !== undefined, {
    message: 'password needs a username',
    path: ['username'],
  });

const dingtalk = z.strictObject({
  type: z.literal('dingtalk'),
  url: secret().pipe(httpsOrHttp).meta({ description: 'Robot webhook URL, with its access_token.' }),
  secret: secret()
    .optional()
    .meta({ description: 'Signing secret ("SEC…") of the signature security mode.' }),
  keyword: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Keyword of the keyword security mode; every message contains it.' }),
  messagesPerMinute: z.number().int().min(1).max(20).default(20).meta({
    description: 'DingTalk accepts 20 messages a minute per robot; the excess is merged into one summary.',
  }),
  delivery,
});

const webhook = z.strictObject({
  type: z.literal('webhook'),
  url: secret()
    .pipe(httpsOrHttp)
    .meta({ description: 'Receiver URL (Alertmanager webhook JSON, version 4).' }),
  secret: secret()
    .optional()
    .meta({ description: 'Signs the body: `X-Kestrel-Signature: sha256=<hex HMAC-SHA256>`.' }),
  bearerToken: secret().optional().meta({ description: 'Sent as `Authorization: Bearer <token>`.' }),
  headers,
  maxAlerts: z
    .number()
    .int()
    .min(0)
    .default(0)
    .meta({ description: 'Most alerts per message (0: all); the rest is counted in truncatedAlerts.' }),
  delivery,
});

const wecom = z.strictObject({
  type: z.literal('wecom'),
  url: secret().pipe(httpsOrHttp).meta({ description: 'WeCom group robot webhook URL, with its key.' }),
  delivery,
});

const feishu = z.strictObject({
  type: z.literal('feishu'),
  url: secret()
    .pipe(httpsOrHttp)
    .meta({ description: 'Feishu/Lark custom bot webhook URL (…/open-apis/bot/v2/hook/<token>).' }),
  secret: secret().optional().meta({ description: 'Signing secret of the signature verification mode.' }),
  delivery,
});

const slack = z.strictObject({
  type: z.literal('slack'),
  url: secret().pipe(httpsOrHttp).meta({ description: 'Slack incoming webhook URL.' }),
  delivery,
});

const alertmanager = z.strictObject({
  type: z.literal('alertmanager'),
  url: httpsOrHttp.meta({ description: 'Base URL of the Alertmanager; alerts go to {url}/api/v2/alerts.' }),
  bearerToken: secret().optional().meta({ description: 'Sent as `Authorization: Bearer <token>`.' }),
  headers,
  delivery,
});

export const channelSchema = z.discriminatedUnion('type', [
  email,
  dingtalk,
  webhook,
  wecom,
  feishu,
  slack,
  alertmanager,
]);

export type ChannelConfig = z.output<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export type EmailConfig = z.output<typeof email>;
export type DingTalkConfig = z.output<typeof dingtalk>;
export type WebhookConfig = z.output<typeof webhook>;
export type WeComConfig = z.output<typeof wecom>;
export type FeishuConfig = z.output<typeof feishu>;
export type SlackConfig = z.output<typeof slack>;
export type AlertmanagerConfig = z.output<typeof alertmanager>;
export type DeliveryPolicyConfig = z.output<typeof deliveryPolicySchema>;

export function deliveryPolicyOf(config: ChannelConfig): DeliveryPolicy {
  const { timeout, retries, backoff, maxBackoff } = config.delivery;
  return { timeoutMs: timeout, retries, backoffMs: backoff, maxBackoffMs: maxBackoff };
}

/** How a receiver's notifications are delivered: timeouts and retries. */
export interface DeliveryPolicy {
  /** Timeout of one attempt. */
  timeoutMs: number;
  /** Attempts after the first one. */
  retries: number;
  /** First backoff; doubles each retry (with jitter), capped at maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}
