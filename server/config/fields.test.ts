import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelSchema } from '../../alerts/channels/config.ts';
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
});
