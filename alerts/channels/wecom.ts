import type { WeComConfig } from '../../server/config/alert-channels.ts';
import type { Channel } from './channel.ts';
import { DeliveryError, post, replyJson } from './http.ts';
import { redactText, redactUrl, urlSecrets } from './redact.ts';
import { markdown } from './render.ts';

// WeCom (企业微信) group robot: {msgtype: "markdown"} to the webhook URL (…/send?key=…).
// Its Markdown content is capped at 4096 bytes; HTTP 200 with errcode ≠ 0 is a failure.

const MAX_CONTENT_BYTES = 4096;

export function wecomMessage(content: string): { msgtype: 'markdown'; markdown: { content: string } } {
  return { msgtype: 'markdown', markdown: { content: truncateBytes(content, MAX_CONTENT_BYTES) } };
}

export function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  // Cut on a character boundary, leaving room for the ellipsis (3 bytes).
  return `${new TextDecoder().decode(bytes.subarray(0, max - 3)).replace(/\uFFFD+$/, '')}…`;
}

export function wecomChannel(config: WeComConfig): Channel {
  const secrets = urlSecrets(config.url);
  const target = redactUrl(config.url);
  return {
    type: 'wecom',
    async send(notification, signal) {
      const request = {
        url: config.url,
        target,
        body: JSON.stringify(wecomMessage(markdown(notification))),
        signal,
        secrets,
      };
      const reply = replyJson(await post(request), request);
      if (reply.errcode !== 0) {
        const why = `WeCom errcode ${String(reply.errcode)}: ${String(reply.errmsg ?? '')}`;
        throw new DeliveryError(redactText(why, secrets));
      }
    },
  };
}
