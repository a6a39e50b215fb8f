import type { Logger } from 'pino';
import type { ChannelConfig } from '../../server/config/alert-channels.ts';
import { alertmanagerChannel } from './alertmanager.ts';
import type { Channel } from './channel.ts';
import { type DeferredListener, dingtalkChannel } from './dingtalk.ts';
import { emailChannel } from './email.ts';
import { feishuChannel } from './feishu.ts';
import type { Clock } from './rate-limiter.ts';
import { slackChannel } from './slack.ts';
import { webhookChannel } from './webhook.ts';
import { wecomChannel } from './wecom.ts';

// The channels' public surface: the engine builds a Channel per configured target and
// delivers through deliver(); nothing else in this folder is needed from outside.

export {
  type ChannelConfig,
  type ChannelType,
  channelSchema,
  type DeliveryPolicyConfig,
  deliveryPolicyOf,
  deliveryPolicySchema,
} from '../../server/config/alert-channels.ts';
export type { Channel, DeliveryPolicy, DeliveryResult, Notification, NotifiedAlert } from './channel.ts';
export { backoffDelay, deliver } from './deliver.ts';
export type { DeferredListener } from './dingtalk.ts';
export { redactText, redactUrl } from './redact.ts';
export { testNotification } from './test-notification.ts';

export interface ChannelDeps {
  logger: Logger;
  /**
   * DingTalk holds notifications over its rate limit and later sends them as one summary
   * (their own delivery result said ok, "accepted"); this reports how that summary fared.
   */
  onDeferred?: DeferredListener;
  /** Only tests replace the clock (DingTalk rate limit, signature timestamps). */
  clock?: Clock;
}

/** Throws for a config that cannot work at all (e.g. an unreadable caFile): fail at startup. */
export function createChannel(config: ChannelConfig, deps: ChannelDeps): Channel {
  switch (config.type) {
    case 'email':
      return emailChannel(config);
    case 'dingtalk':
      return dingtalkChannel(config, deps);
    case 'webhook':
      return webhookChannel(config);
    case 'wecom':
      return wecomChannel(config);
    case 'feishu':
      return feishuChannel(config, deps.clock ? { now: deps.clock.now } : {});
    case 'slack':
      return slackChannel(config);
    case 'alertmanager':
      return alertmanagerChannel(config, deps);
  }
}
