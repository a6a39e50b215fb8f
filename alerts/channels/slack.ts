import type { SlackConfig } from '../../server/config/alert-channels.ts';
import type { Channel, Notification } from './channel.ts';
import { DeliveryError, excerpt, post } from './http.ts';
import { originOf, redactText, urlSecrets } from './redact.ts';
import { markdownBody, slackMarkdown, title } from './render.ts';

// Slack incoming webhook: `text` (the fallback for notifications) plus Block Kit blocks.
// The whole URL path is the credential, so errors name the origin only. Success is the body "ok".

export function slackMessage(n: Notification) {
  const heading = slackMarkdown.escape(title(n));
  // A section's text is limited to 3000 characters.
  const body = markdownBody(n, slackMarkdown).slice(0, 2900);
  return {
    text: heading,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title(n).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: body } },
    ],
  };
}

export function slackChannel(config: SlackConfig): Channel {
  const secrets = [...urlSecrets(config.url), new URL(config.url).pathname];
  const target = `${originOf(config.url)}/…`;
  return {
    type: 'slack',
    async send(notification, signal) {
      const reply = await post({
        url: config.url,
        target,
        body: JSON.stringify(slackMessage(notification)),
        signal,
        secrets,
      });
      if (reply.text.trim() !== 'ok') {
        throw new DeliveryError(
          redactText(`POST ${target}: expected "ok", got ${excerpt(reply.text)}`, secrets),
        );
      }
    },
  };
}
