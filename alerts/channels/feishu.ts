import { createHmac } from 'node:crypto';
import type { FeishuConfig } from '../../server/config/alert-channels.ts';
import type { Channel, Notification } from './channel.ts';
import { feishuCodeFailure } from './failure.ts';
import { DeliveryError, post, replyJson } from './http.ts';
import { originOf, redactText, urlSecrets } from './redact.ts';
import { markdownBody, title } from './render.ts';

// Feishu / Lark custom bot: an interactive card with a Markdown element, POSTed to
// …/open-apis/bot/v2/hook/<token>. The token is the URL path, so errors name the origin only.
// Signature verification mode: timestamp (seconds) and sign in the body. Failure is a
// non-zero `code` (current API) or `StatusCode` (older replies), even with HTTP 200.

/**
 * base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = empty)), as Feishu documents:
 * the string to sign is the HMAC *key*, and the data is empty.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

function feishuCard(n: Notification) {
  const template = n.kind === 'firing' ? 'red' : n.kind === 'resolved' ? 'green' : 'blue';
  return {
    msg_type: 'interactive' as const,
    card: {
      config: { wide_screen_mode: true },
      header: { template, title: { tag: 'plain_text', content: title(n) } },
      elements: [{ tag: 'markdown', content: markdownBody(n) }],
    },
  };
}

export interface FeishuDeps {
  now?: () => number;
}

export function feishuChannel(config: FeishuConfig, deps: FeishuDeps = {}): Channel {
  const now = deps.now ?? Date.now;
  const secrets = [
    ...urlSecrets(config.url),
    new URL(config.url).pathname.split('/').pop(),
    config.secret,
  ].filter((s): s is string => !!s);
  const target = `${originOf(config.url)}/…`;
  return {
    type: 'feishu',
    async send(notification, signal) {
      const card = feishuCard(notification);
      const timestamp = Math.floor(now() / 1000);
      const message = config.secret
        ? { timestamp: String(timestamp), sign: feishuSign(config.secret, timestamp), ...card }
        : card;
      const request = { url: config.url, target, body: JSON.stringify(message), signal, secrets };
      const reply = replyJson(await post(request), request);
      const code = reply.code ?? reply.StatusCode;
      if (code !== undefined && code !== 0) {
        const why = `Feishu code ${String(code)}: ${String(reply.msg ?? reply.StatusMessage ?? '')}`;
        throw new DeliveryError(redactText(why, secrets), feishuCodeFailure(code));
      }
    },
  };
}
