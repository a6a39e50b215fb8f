import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/shared/logger.ts';
import { channelSchema, createChannel } from './index.ts';

const logger = createLogger('silent');

const examples = [
  { type: 'email', host: 'smtp.example.com', from: 'kestrel@example.com', to: ['ops@example.com'] },
  { type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECx' },
  { type: 'webhook', url: 'https://hooks.example.com/kestrel' },
  { type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
  { type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/h', secret: 's' },
  { type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
  { type: 'alertmanager', url: 'http://alertmanager:9093' },
];

describe('createChannel', () => {
  it('builds the channel of each configured type', async () => {
    for (const example of examples) {
      const channel = createChannel(channelSchema.parse(example), { logger });
      expect(channel.type).toBe(example.type);
      await channel.close?.();
    }
  });

  it('fails at startup, naming the key, when the email caFile cannot be read', () => {
    const config = channelSchema.parse({ ...examples[0], caFile: '/nope/ca.pem' });
    expect(() => createChannel(config, { logger })).toThrow(
      'email caFile: cannot read /nope/ca.pem (ENOENT)',
    );
  });
});
