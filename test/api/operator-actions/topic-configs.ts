// Topic configs: listed with their source, edited and reverted as kafka-configs shows, and a bad
// value refused with Kafka's reason.
import { describe, expect, it } from 'vitest';
import { audit, call, type OperatorFixture, topicConfigs } from '../support/operator-fixture.ts';

export function topicConfigEdits(f: OperatorFixture): void {
  describe('topic configs', () => {
    it('lists configs with their source, and edits and reverts one as kafka-configs shows', async () => {
      const listed = await call(f, 'GET', '/topics/orders/configs');
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      const configs = listed.body.configs as {
        name: string;
        value: string;
        source: string;
        readOnly: boolean;
      }[];
      expect(configs.find((c) => c.name === 'retention.ms')).toMatchObject({
        value: '604800000',
        source: 'default',
      });
      expect(configs.length).toBeGreaterThan(20);

      const changes = [{ name: 'retention.ms', operation: 'set', value: '3600000' }];
      const shown = await call(f, 'POST', '/topics/orders/configs/preview', { changes });
      expect(shown.status, JSON.stringify(shown.body)).toBe(200);
      expect(shown.body.changes).toEqual([
        {
          name: 'retention.ms',
          operation: 'set',
          oldValue: '604800000',
          oldSource: 'default',
          newValue: '3600000',
          newSource: 'dynamic_topic',
          inheritedFrom: null,
          sensitive: false,
        },
      ]);
      expect((await topicConfigs(f, 'orders')).has('retention.ms')).toBe(false); // a preview changes nothing

      const applied = await call(f, 'POST', '/topics/orders/configs', {
        changes,
        confirmation: shown.body.confirmation,
      });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      expect((await topicConfigs(f, 'orders')).get('retention.ms')).toEqual({
        value: '3600000',
        sensitive: false,
        source: 'DYNAMIC_TOPIC_CONFIG',
      });
      expect((await audit(f, 1))[0]).toMatchObject({
        action: 'topic.configs.alter',
        target: 'local/orders',
        result: 'ok',
        message: 'retention.ms: "604800000" (default) → "3600000" (dynamic_topic)',
      });

      const revert = [{ name: 'retention.ms', operation: 'delete' }];
      const back = await call(f, 'POST', '/topics/orders/configs/preview', { changes: revert });
      // Kafka names the broker key a reverted retention.ms falls back to (log.retention.hours, 168).
      expect(back.body.changes).toEqual([
        expect.objectContaining({ oldValue: '3600000', oldSource: 'dynamic_topic', newSource: 'default' }),
      ]);
      expect(
        (
          await call(f, 'POST', '/topics/orders/configs', {
            changes: revert,
            confirmation: back.body.confirmation,
          })
        ).status,
      ).toBe(200);
      expect((await topicConfigs(f, 'orders')).has('retention.ms')).toBe(false);
      const reverted = (await call(f, 'GET', '/topics/orders/configs')).body.configs as { name: string }[];
      expect(reverted.find((c) => c.name === 'retention.ms')).toMatchObject({
        value: '604800000',
        source: 'default',
      });
    });

    it("refuses a bad value with Kafka's reason, and an edit without its preview", async () => {
      const bad = await call(f, 'POST', '/topics/orders/configs/preview', {
        changes: [{ name: 'retention.ms', operation: 'set', value: 'soon' }],
      });
      expect(bad.status, JSON.stringify(bad.body)).toBe(400);
      expect(bad.body.error).toBe('kafka_refused');
      expect(bad.body.message).toContain('INVALID_CONFIG');
      expect(bad.body.message).toContain('soon');

      const changes = [{ name: 'cleanup.policy', operation: 'set', value: 'compact' }];
      const unconfirmed = await call(f, 'POST', '/topics/orders/configs', { changes, confirmation: 'none' });
      expect(unconfirmed).toMatchObject({ status: 409, body: { error: 'plan_changed' } });
      expect((await topicConfigs(f, 'orders')).has('cleanup.policy')).toBe(false);
    });
  });
}
