// Offset resets, offset deletion and group deletion: previewed as kafka-consumer-groups would do them,
// executed exactly as previewed, refused while a member is live or the offsets moved.
import { describe, expect, it } from 'vitest';
import { isKafka4 } from '../../../local-kafka/versions.ts';
import { startConsoleConsumer } from '../../kafka/clients.ts';
import { kafkaConsumerGroups, parseResetPlan } from '../../kafka/tools.ts';
import { eventually } from '../../support/kestrel-process.ts';
import {
  audit,
  call,
  described,
  execute,
  fromPlan,
  type OperatorFixture,
  preview,
} from '../support/operator-fixture.ts';

export function groupOffsets(f: OperatorFixture): void {
  describe('group offsets', () => {
    it("previews a reset as Kafka's tool would, and executing it commits exactly that", async () => {
      const request = { strategy: { kind: 'earliest' } };
      const shown = await preview(f, 'billing', request);
      expect(shown.plan.map((r) => `${r.topic}-${r.partition}`)).toEqual([
        'audit-0',
        'orders-0',
        'orders-1',
        'orders-2',
      ]);
      const before = await described(f, 'billing');
      for (const row of shown.plan) {
        expect(row.currentOffset).toBe(before.get(`${row.topic}-${row.partition}`)?.offset);
        expect(row).toMatchObject({ newOffset: 0, lagAfter: row.logEnd });
      }
      // Kafka's own dry run agrees on the new offsets.
      const dryRunOutput = await kafkaConsumerGroups(f.kafka, [
        '--reset-offsets',
        '--group',
        'billing',
        '--all-topics',
        '--to-earliest',
        '--dry-run',
      ]);
      expect(parseResetPlan(dryRunOutput), dryRunOutput).toEqual(
        new Map(shown.plan.map((r) => [`${r.topic}-${r.partition}`, r.newOffset])),
      );

      const done = await execute(f, 'billing', request, shown);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(await described(f, 'billing')).toEqual(fromPlan(shown.plan));
      const [row] = await audit(f, 1);
      expect(row).toMatchObject({
        action: 'group.reset-offsets',
        target: 'local/billing',
        result: 'ok',
        status: 200,
      });
      const first = shown.plan.find((r) => r.topic === 'orders' && r.partition === 0)!;
      expect(row!.message).toContain(`orders-0: ${first.currentOffset} → 0`);
    });

    it('clamps an offset past the end, shifts chosen partitions and goes to a time, all as the tool shows after', async () => {
      const past = { strategy: { kind: 'offset', offset: 1_000_000 }, scope: [{ topic: 'orders' }] };
      const clamped = await preview(f, 'billing', past);
      for (const row of clamped.plan) expect(row).toMatchObject({ newOffset: row.logEnd, lagAfter: 0 });
      expect((await execute(f, 'billing', past, clamped)).status).toBe(200);

      const shift = { strategy: { kind: 'shift', by: -2 }, scope: [{ topic: 'orders', partitions: [1] }] };
      const shifted = await preview(f, 'billing', shift);
      expect(shifted.plan).toHaveLength(1);
      expect(shifted.plan[0]).toMatchObject({
        partition: 1,
        newOffset: Math.max(0, clamped.plan[1]!.logEnd - 2),
      });
      expect((await execute(f, 'billing', shift, shifted)).status).toBe(200);

      // No record is that recent: the log end, as kafka-consumer-groups --to-datetime does.
      const future = {
        strategy: { kind: 'datetime', timestamp: '2100-01-01T00:00:00Z' },
        scope: [{ topic: 'audit' }],
      };
      const timed = await preview(f, 'billing', future);
      expect(timed.plan).toEqual([expect.objectContaining({ topic: 'audit', newOffset: 5, lagAfter: 0 })]);
      expect((await execute(f, 'billing', future, timed)).status).toBe(200);

      const after = await described(f, 'billing');
      expect(after.get('orders-1')).toEqual(fromPlan(shifted.plan).get('orders-1'));
      expect(after.get('orders-0')).toEqual(fromPlan(clamped.plan).get('orders-0'));
      expect(after.get('audit-0')).toEqual({ offset: 5, lag: 0 });
    });

    it('refuses to execute without the preview, with an edited plan, or after the offsets moved', async () => {
      const request = { strategy: { kind: 'earliest' }, scope: [{ topic: 'orders' }] };
      const shown = await preview(f, 'billing', request);
      const before = await described(f, 'billing');

      const missing = await call(f, 'POST', '/groups/billing/offsets/reset', { ...request, plan: [] });
      expect(missing.status).toBe(400);
      const forged = await execute(f, 'billing', request, shown, { confirmation: 'made-up' });
      expect(forged).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
      const edited = await execute(f, 'billing', request, shown, {
        plan: shown.plan.map((r) => ({ ...r, newOffset: 1 })),
      });
      expect(edited).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
      expect(await described(f, 'billing')).toEqual(before);

      // Someone else commits between preview and execute: Kafka's tool moves orders-0.
      await kafkaConsumerGroups(f.kafka, [
        '--reset-offsets',
        '--group',
        'billing',
        '--topic',
        'orders:0',
        '--to-offset',
        '3',
        '--execute',
      ]);
      const moved = await execute(f, 'billing', request, shown);
      expect(moved.status).toBe(409);
      expect(moved.body).toMatchObject({ error: 'plan_changed' });
      expect(moved.body.message).toContain('orders-0: committed offset moved');
      const after = await described(f, 'billing');
      expect(after.get('orders-0')?.offset).toBe(3);
      expect(after.get('orders-1')).toEqual(before.get('orders-1'));

      const rows = await audit(f, 4);
      expect(rows.map((r) => [r.action, r.result, r.status])).toEqual([
        ['group.reset-offsets', 'failed', 409],
        ['group.reset-offsets', 'failed', 400],
        ['group.reset-offsets', 'failed', 400],
        ['group.reset-offsets', 'failed', 400],
      ]);
    });

    it('refuses a reset, an offset deletion and a group deletion while the group has a live member', async () => {
      const request = { strategy: { kind: 'earliest' } };
      const shown = await preview(f, 'live', request); // while it is still empty
      const before = await described(f, 'live');
      f.live = startConsoleConsumer(f.kafka, {
        topic: 'orders',
        group: 'live',
        protocol: isKafka4(f.kafka.version) ? 'consumer' : 'classic',
        properties: { 'enable.auto.commit': 'false' },
      });
      const refused = await eventually(
        async () => {
          const answer = await call(f, 'POST', '/groups/live/offsets/reset/preview', request);
          return answer.status === 409 ? answer : undefined;
        },
        90_000,
        'the console consumer to join group live',
      );
      expect(refused.body).toMatchObject({ error: 'live_members' });
      expect(refused.body.message).toMatch(/group live has 1 live member \(state \w+\)/);

      const executed = await execute(f, 'live', request, shown);
      expect(executed).toMatchObject({ status: 409, body: { error: 'live_members' } });
      const offsets = await call(f, 'DELETE', '/groups/live/offsets/orders', { confirm: 'orders' });
      expect(offsets.status).toBe(409);
      expect(offsets.body.message).toContain('GROUP_SUBSCRIBED_TO_TOPIC');
      const group = await call(f, 'DELETE', '/groups/live', { confirm: 'live' });
      expect(group).toMatchObject({ status: 409, body: { error: 'live_members' } });

      await f.live.stop();
      f.live = undefined;
      const after = await described(f, 'live');
      for (const [partition, { offset }] of before) expect(after.get(partition)?.offset).toBe(offset);
    });

    it("deletes a group's offsets of one topic, then the empty group, as the tool sees it", async () => {
      const shown = await call(f, 'POST', '/groups/billing/offsets/audit/delete/preview');
      expect(shown.status).toBe(200);
      expect(shown.body.offsets).toEqual([{ topic: 'audit', partition: 0, offset: 5 }]);
      const wrong = await call(f, 'DELETE', '/groups/billing/offsets/audit', { confirm: 'orders' });
      expect(wrong).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
      expect((await described(f, 'billing')).has('audit-0')).toBe(true);

      const deleted = await call(f, 'DELETE', '/groups/billing/offsets/audit', { confirm: 'audit' });
      expect(deleted).toMatchObject({
        status: 200,
        body: { deleted: [{ topic: 'audit', partition: 0, offset: 5 }] },
      });
      const left = await described(f, 'billing');
      expect(left.has('audit-0')).toBe(false);
      expect(left.has('orders-0')).toBe(true);
      expect((await audit(f, 1))[0]).toMatchObject({
        action: 'group.delete-offsets',
        target: 'local/billing/audit',
        result: 'ok',
        message: 'deleted audit-0@5',
      });

      const group = await call(f, 'POST', '/groups/billing/delete/preview');
      expect(group.body).toMatchObject({ group: { exists: true, members: 0 } });
      const gone = await call(f, 'DELETE', '/groups/billing', { confirm: 'billing' });
      expect(gone).toMatchObject({ status: 200, body: { deleted: 'billing' } });
      const listed = (await kafkaConsumerGroups(f.kafka, ['--list'])).split('\n').map((l) => l.trim());
      expect(listed).not.toContain('billing');
      expect(listed).toContain('spare');
    });
  });
}
