import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelSchema } from './alert-channels.ts';
import { configFields } from './fields.ts';

describe('configFields over a discriminated union (alert channels)', () => {
  const fields = configFields(z.strictObject({ targets: z.array(channelSchema) }));
  const at = (key: string) => fields.filter((f) => f.path.join('.') === `targets.*.${key}`);

  it('lists each key once, secret when any channel type marks it so', () => {
    expect(at('url')).toHaveLength(1);
    expect(at('url')[0]).toMatchObject({ secret: true, optional: true });
    expect(at('password')[0]).toMatchObject({ secret: true });
    expect(at('bearerToken')[0]).toMatchObject({ secret: true });
    expect(at('headers')[0]).toMatchObject({ secret: true, kind: 'map' });
    expect(at('host')[0]).toMatchObject({ secret: false });
    expect(at('delivery.timeout')[0]).toMatchObject({ kind: 'duration', defaultValue: 10_000 });
  });

  it('documents the discriminator as an enum and says which option a shared key belongs to', () => {
    expect(at('type')[0]).toMatchObject({
      kind: 'enum',
      values: ['email', 'dingtalk', 'webhook', 'wecom', 'feishu', 'slack', 'alertmanager'],
    });
    expect(at('host')[0]?.description).toBe('email: SMTP server host.');
    expect(at('secret')[0]?.description).toMatch(/^dingtalk: .* webhook: .* feishu: /);
    expect(at('bearerToken')[0]?.description).toBe(
      'webhook, alertmanager: Sent as `Authorization: Bearer <token>`.',
    );
    expect(at('delivery.retries')[0]?.description).toBe('Attempts after the first failed one.');
  });

  it('lists a value shared by two options once', () => {
    const a = z.strictObject({ type: z.literal('a'), method: z.enum(['POST', 'PUT']) });
    const b = z.strictObject({ type: z.literal('b'), method: z.enum(['POST']) });
    const [method] = configFields(z.discriminatedUnion('type', [a, b])).filter((f) => f.path[0] === 'method');
    expect(method?.values).toEqual(['POST', 'PUT']);
  });
});
