// PLACEHOLDER until the channels branch lands: its channelSchema (email, dingtalk, webhook,
// wecom, feishu, slack, alertmanager) replaces this file. Only the webhook target is here, so
// the engine, its config section and its end-to-end tests can run meanwhile.
import { z } from 'zod';

export const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('webhook').meta({ description: 'Channel type.' }),
    url: z
      .url()
      .meta({ secret: true, description: 'Endpoint that receives the notification (may hold a token).' }),
  }),
]);

export type ChannelConfig = z.output<typeof channelSchema>;
