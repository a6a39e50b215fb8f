// PLACEHOLDER until the channels branch lands (it provides one file per channel type).
import type { Logger } from '../../server/logger.ts';
import type { Channel, Notification } from './channel.ts';
import type { ChannelConfig } from './config.ts';

export type { Channel, DeliveryPolicy, Notification, NotifiedAlert } from './channel.ts';
export { type ChannelConfig, channelSchema } from './config.ts';
export { deliver } from './deliver.ts';

export function createChannel(config: ChannelConfig, _options: { logger: Logger }): Channel {
  return {
    type: config.type,
    async send(notification: Notification, signal: AbortSignal): Promise<void> {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: '4', status: notification.kind, ...notification }),
        signal,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  };
}
