// Every action refused without the admin token or with a wrong one: nothing changes, each attempt
// is audited. Last: failed tokens lock the address out for a while.
import { describe, expect, it } from 'vitest';
import {
  audit,
  call,
  described,
  type OperatorFixture,
  preview,
  topicConfigs,
} from '../support/operator-fixture.ts';

export function tokenRefusals(f: OperatorFixture): void {
  describe('without the admin token', () => {
    it('refuses without the token or with a wrong one, changes nothing and audits it', async () => {
      // Not 'live': its killed member stays in the group until its session times out.
      const request = { strategy: { kind: 'earliest' } };
      const shown = await preview(f, 'spare', request);
      const before = await described(f, 'spare');
      const body = {
        ...request,
        plan: shown.plan.map(({ topic, partition, currentOffset, newOffset }) => ({
          topic,
          partition,
          currentOffset,
          newOffset,
        })),
        confirmation: shown.confirmation,
      };
      const none = await call(f, 'POST', '/groups/spare/offsets/reset', body, null);
      expect(none).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      const wrong = await call(f, 'POST', '/groups/spare/offsets/reset', body, 'not-the-token');
      expect(wrong).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      const config = await call(
        f,
        'POST',
        '/topics/orders/configs',
        { changes: [{ name: 'retention.ms', operation: 'set', value: '1' }], confirmation: 'x' },
        'not-the-token',
      );
      expect(config.status).toBe(401);
      expect(await described(f, 'spare')).toEqual(before);
      expect(before.get('audit-0')?.offset).toBe(5);
      expect((await topicConfigs(f, 'orders')).has('retention.ms')).toBe(false);
      expect((await audit(f, 3)).map((r) => [r.action, r.target, r.result, r.status])).toEqual([
        ['topic.configs.alter', 'local/orders', 'denied', 401],
        ['group.reset-offsets', 'local/spare', 'denied', 401],
        ['group.reset-offsets', 'local/spare', 'denied', 401],
      ]);
    });
  });
}
