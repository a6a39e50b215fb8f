import { createHmac } from 'node:crypto';
import type { WebhookConfig } from '../../server/config/alert-channels.ts';
import type { Channel } from './channel.ts';
import { post } from './http.ts';
import { redactUrl, urlSecrets } from './redact.ts';
import { webhookPayload } from './webhook-payload.ts';

// Generic webhook: the Alertmanager webhook JSON (version 4). With a secret, the raw body is
// signed so the receiver can check it came from this Kestrel and was not altered.

const SIGNATURE_HEADER = 'x-kestrel-signature';

/** `sha256=<hex HMAC-SHA256(key = secret, message = raw body)>`, as GitHub-style webhooks. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookChannel(config: WebhookConfig): Channel {
  const secrets = [
    ...urlSecrets(config.url),
    config.secret,
    config.bearerToken,
    ...Object.values(config.headers),
  ].filter((s): s is string => !!s);
  const target = redactUrl(config.url);
  return {
    type: 'webhook',
    async send(notification, signal) {
      const body = JSON.stringify(webhookPayload(notification, config.maxAlerts));
      const headers: Record<string, string> = { ...config.headers };
      if (config.bearerToken) headers.authorization = `Bearer ${config.bearerToken}`;
      if (config.secret) headers[SIGNATURE_HEADER] = webhookSignature(config.secret, body);
      await post({ url: config.url, target, body, headers, signal, secrets });
    },
  };
}
