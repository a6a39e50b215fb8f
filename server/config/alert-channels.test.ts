import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelSchema, deliveryPolicyOf } from './alert-channels.ts';

const parse = (input: unknown) => channelSchema.safeParse(input);

/** Names of the keys of one channel type marked `secret` in the schema. */
function secretKeys(type: string): string[] {
  const option = channelSchema.options.find((o) => o.shape.type.value === type)!;
  return Object.entries(option.shape)
    .filter(([, field]) => {
      let node: z.core.$ZodType | undefined = field as z.core.$ZodType;
      while (node) {
        if ((z.globalRegistry.get(node) as { secret?: boolean } | undefined)?.secret) return true;
        const def = node._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
        node = def.innerType ?? def.in;
      }
      return false;
    })
    .map(([key]) => key);
}

describe('channelSchema', () => {
  it('applies the delivery defaults: 10 s timeout, 3 retries, 1 s → 30 s backoff', () => {
    const config = channelSchema.parse({ type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' });
    expect(deliveryPolicyOf(config)).toEqual({
      timeoutMs: 10_000,
      retries: 3,
      backoffMs: 1_000,
      maxBackoffMs: 30_000,
    });
    const custom = channelSchema.parse({
      type: 'wecom',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      delivery: { timeout: '2s', retries: 0, backoff: '500ms', maxBackoff: '5s' },
    });
    expect(deliveryPolicyOf(custom)).toEqual({
      timeoutMs: 2_000,
      retries: 0,
      backoffMs: 500,
      maxBackoffMs: 5_000,
    });
  });

  it('parses every channel type with its defaults', () => {
    const email = channelSchema.parse({ type: 'email', host: 'smtp', from: 'k@x.io', to: ['a@x.io'] });
    expect(email).toMatchObject({ port: 587, secure: false, requireTLS: true, insecureSkipVerify: false });
    const ding = channelSchema.parse({
      type: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
    });
    expect(ding).toMatchObject({ messagesPerMinute: 20 });
    expect(channelSchema.parse({ type: 'webhook', url: 'http://h/x' })).toMatchObject({
      headers: {},
      maxAlerts: 0,
    });
    expect(
      channelSchema.parse({ type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }).type,
    ).toBe('feishu');
    expect(channelSchema.parse({ type: 'alertmanager', url: 'http://am:9093' }).type).toBe('alertmanager');
  });

  it('refuses unknown keys, unknown types, bad URLs and a too-high DingTalk rate, naming the key', () => {
    const issues = (input: unknown) =>
      parse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ type: 'slack', url: 'https://h/x', channel: '#ops' }).join()).toContain('channel');
    expect(issues({ type: 'pager' }).join()).toContain('type');
    expect(issues({ type: 'wecom', url: 'ftp://h/x' })).toEqual(['url: expected an http(s) URL']);
    expect(issues({ type: 'dingtalk', url: 'https://h/x', messagesPerMinute: 30 })[0]).toMatch(
      /^messagesPerMinute:/,
    );
    expect(issues({ type: 'email', host: 'h', from: 'f', to: ['not-an-address'] })[0]).toMatch(/^to\.0:/);
    expect(issues({ type: 'email', host: 'h', from: 'f', to: ['a@b.io'], password: 'pw' })).toEqual([
      'username: password needs a username',
    ]);
    expect(issues({ type: 'slack', url: 'https://h/x', delivery: { backoff: '1m' } })).toEqual([
      'delivery.backoff: backoff must not exceed maxBackoff',
    ]);
  });

  it('marks whatever grants access as secret', () => {
    expect(secretKeys('email')).toEqual(['password']);
    expect(secretKeys('dingtalk')).toEqual(['url', 'secret']);
    expect(secretKeys('webhook')).toEqual(['url', 'secret', 'bearerToken', 'headers']);
    expect(secretKeys('wecom')).toEqual(['url']);
    expect(secretKeys('feishu')).toEqual(['url', 'secret']);
    expect(secretKeys('slack')).toEqual(['url']);
    expect(secretKeys('alertmanager')).toEqual(['bearerToken', 'headers']);
  });

  it('describes every key', () => {
    for (const option of channelSchema.options) {
      for (const [key, field] of Object.entries(option.shape)) {
        if (key === 'type') continue;
        expect(
          z.globalRegistry.get(field as z.core.$ZodType)?.description,
          `${option.shape.type.value}.${key}`,
        ).toBeTruthy();
      }
    }
  });
});
