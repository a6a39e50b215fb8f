import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { type DingTalkConfig, deliveryPolicyOf } from '../../server/config/alert-channels.ts';
import type { Channel, DeliveryResult, Notification } from './channel.ts';
import { deliver } from './deliver.ts';
import { DINGTALK_RATE_LIMITED, dingtalkErrcodeFailure } from './failure.ts';
import { DeliveryError, post, replyJson } from './http.ts';
import { type Clock, MergingRateLimiter, systemClock } from './rate-limiter.ts';
import { redactText, redactUrl, urlSecrets } from './redact.ts';
import { markdown, title } from './render.ts';

// DingTalk custom robot ("自定义机器人"): a Markdown message POSTed to the webhook URL.
// Security modes: signature (timestamp + sign query parameters) and keyword (the message must
// contain one of the robot's keywords). HTTP 200 with errcode ≠ 0 is a failure, permanent for a
// bad token or a refused security check (failure.ts). At most 20 messages a minute per robot:
// see rate-limiter.ts for the merging; what the limit holds back, Kestrel's own or DingTalk's
// (errcode 130101), is reported as deferred and goes out in the merged summary.

/** DingTalk answered errcode 130101: too fast for the robot. */
class RobotRateLimited extends DeliveryError {}

/** base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)), as DingTalk documents. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** The webhook URL with `&timestamp=<ms>&sign=<url-encoded signature>` appended. */
export function dingtalkSignedUrl(url: string, secret: string, timestamp: number): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(secret, timestamp))}`;
}

export interface DingTalkMessage {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
}

/** The Markdown message; with a keyword configured, both title and text are made to contain it. */
export function dingtalkMessage(heading: string, text: string, keyword?: string): DingTalkMessage {
  const withKeyword = (s: string, sep: string) =>
    keyword && !s.includes(keyword) ? `${keyword}${sep}${s}` : s;
  return {
    msgtype: 'markdown',
    markdown: { title: withKeyword(heading, ' '), text: withKeyword(text, '\n\n') },
  };
}

/** One message standing for the notifications the rate limit held back. */
export function dingtalkSummary(
  items: readonly Notification[],
  limit: number,
): { heading: string; text: string } {
  const heading = `[Kestrel] ${items.length} notifications merged`;
  const lines = items.slice(0, 30).map((n) => `- ${title(n)} (${n.alerts.length} alerts)`);
  if (items.length > 30) lines.push(`- … and ${items.length - 30} more`);
  const url = items[0]?.externalUrl;
  const text = [
    `**${heading}**`,
    '',
    `More than ${limit} messages a minute for this robot; these were held back and merged:`,
    '',
    ...lines,
    ...(url ? ['', `[Open Kestrel](${url})`] : []),
  ].join('\n');
  return { heading, text };
}

export interface DingTalkDeps {
  logger: Logger;
  clock?: Clock;
  /** Outcome of a merged summary (or of held notifications dropped at shutdown), for the log. */
  onDeferred?: DeferredListener;
}

export type DeferredListener = (result: DeliveryResult, merged: readonly Notification[]) => void;

export function dingtalkChannel(config: DingTalkConfig, deps: DingTalkDeps): Channel {
  const clock = deps.clock ?? systemClock;
  const secrets = [...urlSecrets(config.url), config.secret].filter((s): s is string => !!s);
  const target = redactUrl(config.url);

  const send = async (message: DingTalkMessage, signal: AbortSignal): Promise<void> => {
    const url = config.secret ? dingtalkSignedUrl(config.url, config.secret, clock.now()) : config.url;
    const request = { url, target, body: JSON.stringify(message), signal, secrets };
    const reply = replyJson(await post(request), request);
    if (reply.errcode !== 0) {
      const why = redactText(
        `DingTalk errcode ${String(reply.errcode)}: ${String(reply.errmsg ?? '')}`,
        secrets,
      );
      if (reply.errcode === DINGTALK_RATE_LIMITED) throw new RobotRateLimited(why);
      throw new DeliveryError(why, dingtalkErrcodeFailure(reply.errcode));
    }
  };

  // The summary is sent on the channel's own time, not inside a dispatcher delivery: shutdown
  // cuts its retries short through this signal, as the dispatcher does for its own.
  const stopping = new AbortController();
  const limiter = new MergingRateLimiter<Notification>({
    limit: config.messagesPerMinute,
    windowMs: 60_000,
    clock,
    flush: async (items) => {
      const { heading, text } = dingtalkSummary(items, config.messagesPerMinute);
      const message = dingtalkMessage(heading, text, config.keyword);
      const summary = {
        type: 'dingtalk',
        send: (_: Notification, signal: AbortSignal) => send(message, signal),
      };
      const result = await deliver(summary, items[0]!, deliveryPolicyOf(config), stopping.signal);
      const log = { receiver: result.receiver, merged: items.length, attempts: result.attempts };
      deps.onDeferred?.(result, items);
      if (result.ok) deps.logger.info(log, 'DingTalk summary of rate-limited notifications sent');
      else
        deps.logger.error(
          { ...log, error: result.error, failure: result.failure },
          'DingTalk summary of rate-limited notifications failed',
        );
    },
  });

  return {
    type: 'dingtalk',
    async send(notification, signal) {
      // Over the limit: held now, delivered inside the merged summary when the window allows.
      if (!limiter.admit(notification)) {
        deps.logger.info(
          { receiver: notification.receiver, held: limiter.queued },
          'DingTalk notification deferred by the rate limit: it goes out in the next merged summary',
        );
        return 'deferred';
      }
      try {
        await send(dingtalkMessage(title(notification), markdown(notification), config.keyword), signal);
      } catch (error) {
        if (!(error instanceof RobotRateLimited)) throw error;
        // DingTalk's own limit (another sender on the same robot, or a clock that disagrees):
        // hold it like our own excess, for a whole window, rather than hammer a muted robot.
        limiter.hold(notification);
        deps.logger.warn(
          { receiver: notification.receiver, held: limiter.queued },
          'DingTalk refused the message as too fast (errcode 130101): deferred to the next merged summary',
        );
        return 'deferred';
      }
    },
    async close() {
      stopping.abort();
      await limiter.idle();
      const left = limiter.stop();
      if (left.length > 0) {
        const error = 'held by the DingTalk rate limit and not sent before shutdown';
        deps.onDeferred?.(
          {
            receiver: left[0]!.receiver,
            channel: 'dingtalk',
            ok: false,
            status: 'failed',
            failure: 'retryable',
            attempts: 0,
            error,
          },
          left,
        );
        deps.logger.warn(
          { notifications: left.length },
          'DingTalk notifications held by the rate limit were not sent before shutdown',
        );
      }
    },
  };
}
