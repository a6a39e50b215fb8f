// Operator actions end to end (issue 17): offset resets, offset and group deletion, topic config
// edits, through the real service (a child process) against a real one-broker Kafka. The truth is
// Kafka's own tools: kafka-consumer-groups and kafka-configs say what changed, and what did not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, createTopics, produce } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { isKafka4 } from '../../local-kafka/versions.ts';
import { type BackgroundConsumer, startConsoleConsumer } from '../kafka/clients.ts';
import {
  kafkaConfigs,
  kafkaConsumerGroups,
  parseConfigsDescribe,
  parseConsumerGroupDescribe,
  parseResetPlan,
} from '../kafka/tools.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const TOKEN = 'operator-actions-token-7f3a9c2e41b8';

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string };
}

interface PlanRow {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
  logEnd: number;
  lagAfter: number;
}

interface Preview {
  plan: PlanRow[];
  confirmation: string;
}

describe('operator actions against a real Kafka', () => {
  let kafka: KafkaCluster;
  let kestrel: KestrelProcess;
  let live: BackgroundConsumer | undefined;

  const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN) => {
    const headers: Record<string, string> = { 'user-agent': 'kestrel-operator-test' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${kestrel.url}/api/v1/clusters/local${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] } satisfies Answer;
  };
  const preview = async (group: string, request: object): Promise<Preview> => {
    const answer = await call('POST', `/groups/${group}/offsets/reset/preview`, request);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as unknown as Preview;
  };
  const execute = (group: string, request: object, shown: Preview, changes: Partial<Preview> = {}) =>
    call('POST', `/groups/${group}/offsets/reset`, {
      ...request,
      plan: (changes.plan ?? shown.plan).map(({ topic, partition, currentOffset, newOffset }) => ({
        topic,
        partition,
        currentOffset,
        newOffset,
      })),
      confirmation: changes.confirmation ?? shown.confirmation,
    });
  /** What kafka-consumer-groups --describe says the group committed: "topic-partition" → offset and lag. */
  const described = async (group: string) => {
    const rows = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(kafka, ['--describe', '--group', group]),
    );
    return new Map(rows.map((r) => [`${r.topic}-${r.partition}`, { offset: r.currentOffset, lag: r.lag }]));
  };
  const fromPlan = (plan: PlanRow[]) =>
    new Map(plan.map((r) => [`${r.topic}-${r.partition}`, { offset: r.newOffset, lag: r.lagAfter }]));
  const audit = async (count: number) => {
    const { body } = await getJson(`${kestrel.url}/api/v1/audit?limit=${count}`);
    return body.items as Record<string, unknown>[];
  };
  const topicConfigs = async (topic: string) =>
    parseConfigsDescribe(
      await kafkaConfigs(kafka, ['--describe', '--entity-type', 'topics', '--entity-name', topic]),
    );

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 1 });
    await createTopics(kafka, [
      { topic: 'orders', numPartitions: 3 },
      { topic: 'audit', numPartitions: 1 },
    ]);
    await produce(kafka, 'orders', 30);
    await produce(kafka, 'audit', 5);
    // kafkajs consumers: classic groups that commit on stop and leave, so the groups are Empty.
    await consume(kafka, 'orders', 'billing', 30);
    await consume(kafka, 'audit', 'billing', 5);
    await consume(kafka, 'orders', 'live', 30);
    await consume(kafka, 'audit', 'spare', 5);
    kestrel = await startKestrel({
      config: {
        adminToken: TOKEN,
        clusters: [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '2s' }],
      },
    });
    await eventually(
      async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
      60_000,
      'Kestrel ready',
    );
  });
  afterAll(async () => {
    await live?.stop();
    await kestrel?.stop();
    await kafka?.stop();
  });

  it("previews a reset as Kafka's tool would, and executing it commits exactly that", async () => {
    const request = { strategy: { kind: 'earliest' } };
    const shown = await preview('billing', request);
    expect(shown.plan.map((r) => `${r.topic}-${r.partition}`)).toEqual([
      'audit-0',
      'orders-0',
      'orders-1',
      'orders-2',
    ]);
    const before = await described('billing');
    for (const row of shown.plan) {
      expect(row.currentOffset).toBe(before.get(`${row.topic}-${row.partition}`)?.offset);
      expect(row).toMatchObject({ newOffset: 0, lagAfter: row.logEnd });
    }
    // Kafka's own dry run agrees on the new offsets.
    const dryRunOutput = await kafkaConsumerGroups(kafka, [
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

    const done = await execute('billing', request, shown);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await described('billing')).toEqual(fromPlan(shown.plan));
    const [row] = await audit(1);
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
    const clamped = await preview('billing', past);
    for (const row of clamped.plan) expect(row).toMatchObject({ newOffset: row.logEnd, lagAfter: 0 });
    expect((await execute('billing', past, clamped)).status).toBe(200);

    const shift = { strategy: { kind: 'shift', by: -2 }, scope: [{ topic: 'orders', partitions: [1] }] };
    const shifted = await preview('billing', shift);
    expect(shifted.plan).toHaveLength(1);
    expect(shifted.plan[0]).toMatchObject({
      partition: 1,
      newOffset: Math.max(0, clamped.plan[1]!.logEnd - 2),
    });
    expect((await execute('billing', shift, shifted)).status).toBe(200);

    // No record is that recent: the log end, as kafka-consumer-groups --to-datetime does.
    const future = {
      strategy: { kind: 'datetime', timestamp: '2100-01-01T00:00:00Z' },
      scope: [{ topic: 'audit' }],
    };
    const timed = await preview('billing', future);
    expect(timed.plan).toEqual([expect.objectContaining({ topic: 'audit', newOffset: 5, lagAfter: 0 })]);
    expect((await execute('billing', future, timed)).status).toBe(200);

    const after = await described('billing');
    expect(after.get('orders-1')).toEqual(fromPlan(shifted.plan).get('orders-1'));
    expect(after.get('orders-0')).toEqual(fromPlan(clamped.plan).get('orders-0'));
    expect(after.get('audit-0')).toEqual({ offset: 5, lag: 0 });
  });

  it('refuses to execute without the preview, with an edited plan, or after the offsets moved', async () => {
    const request = { strategy: { kind: 'earliest' }, scope: [{ topic: 'orders' }] };
    const shown = await preview('billing', request);
    const before = await described('billing');

    const missing = await call('POST', '/groups/billing/offsets/reset', { ...request, plan: [] });
    expect(missing.status).toBe(400);
    const forged = await execute('billing', request, shown, { confirmation: 'made-up' });
    expect(forged).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    const edited = await execute('billing', request, shown, {
      plan: shown.plan.map((r) => ({ ...r, newOffset: 1 })),
    });
    expect(edited).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    expect(await described('billing')).toEqual(before);

    // Someone else commits between preview and execute: Kafka's tool moves orders-0.
    await kafkaConsumerGroups(kafka, [
      '--reset-offsets',
      '--group',
      'billing',
      '--topic',
      'orders:0',
      '--to-offset',
      '3',
      '--execute',
    ]);
    const moved = await execute('billing', request, shown);
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ error: 'plan_changed' });
    expect(moved.body.message).toContain('orders-0: committed offset moved');
    const after = await described('billing');
    expect(after.get('orders-0')?.offset).toBe(3);
    expect(after.get('orders-1')).toEqual(before.get('orders-1'));

    const rows = await audit(4);
    expect(rows.map((r) => [r.action, r.result, r.status])).toEqual([
      ['group.reset-offsets', 'failed', 409],
      ['group.reset-offsets', 'failed', 400],
      ['group.reset-offsets', 'failed', 400],
      ['group.reset-offsets', 'failed', 400],
    ]);
  });

  it('refuses a reset, an offset deletion and a group deletion while the group has a live member', async () => {
    const request = { strategy: { kind: 'earliest' } };
    const shown = await preview('live', request); // while it is still empty
    const before = await described('live');
    live = startConsoleConsumer(kafka, {
      topic: 'orders',
      group: 'live',
      protocol: isKafka4(kafka.version) ? 'consumer' : 'classic',
      properties: { 'enable.auto.commit': 'false' },
    });
    const refused = await eventually(
      async () => {
        const answer = await call('POST', '/groups/live/offsets/reset/preview', request);
        return answer.status === 409 ? answer : undefined;
      },
      90_000,
      'the console consumer to join group live',
    );
    expect(refused.body).toMatchObject({ error: 'live_members' });
    expect(refused.body.message).toMatch(/group live has 1 live member \(state \w+\)/);

    const executed = await execute('live', request, shown);
    expect(executed).toMatchObject({ status: 409, body: { error: 'live_members' } });
    const offsets = await call('DELETE', '/groups/live/offsets/orders', { confirm: 'orders' });
    expect(offsets.status).toBe(409);
    expect(offsets.body.message).toContain('GROUP_SUBSCRIBED_TO_TOPIC');
    const group = await call('DELETE', '/groups/live', { confirm: 'live' });
    expect(group).toMatchObject({ status: 409, body: { error: 'live_members' } });

    await live.stop();
    live = undefined;
    const after = await described('live');
    for (const [partition, { offset }] of before) expect(after.get(partition)?.offset).toBe(offset);
  });

  it("deletes a group's offsets of one topic, then the empty group, as the tool sees it", async () => {
    const shown = await call('POST', '/groups/billing/offsets/audit/delete/preview');
    expect(shown.status).toBe(200);
    expect(shown.body.offsets).toEqual([{ topic: 'audit', partition: 0, offset: 5 }]);
    const wrong = await call('DELETE', '/groups/billing/offsets/audit', { confirm: 'orders' });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    expect((await described('billing')).has('audit-0')).toBe(true);

    const deleted = await call('DELETE', '/groups/billing/offsets/audit', { confirm: 'audit' });
    expect(deleted).toMatchObject({
      status: 200,
      body: { deleted: [{ topic: 'audit', partition: 0, offset: 5 }] },
    });
    const left = await described('billing');
    expect(left.has('audit-0')).toBe(false);
    expect(left.has('orders-0')).toBe(true);
    expect((await audit(1))[0]).toMatchObject({
      action: 'group.delete-offsets',
      target: 'local/billing/audit',
      result: 'ok',
      message: 'deleted audit-0@5',
    });

    const group = await call('POST', '/groups/billing/delete/preview');
    expect(group.body).toMatchObject({ group: { exists: true, members: 0 } });
    const gone = await call('DELETE', '/groups/billing', { confirm: 'billing' });
    expect(gone).toMatchObject({ status: 200, body: { deleted: 'billing' } });
    const listed = (await kafkaConsumerGroups(kafka, ['--list'])).split('\n').map((l) => l.trim());
    expect(listed).not.toContain('billing');
    expect(listed).toContain('spare');
  });

  it('lists configs with their source, and edits and reverts one as kafka-configs shows', async () => {
    const listed = await call('GET', '/topics/orders/configs');
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
    const shown = await call('POST', '/topics/orders/configs/preview', { changes });
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
    expect((await topicConfigs('orders')).has('retention.ms')).toBe(false); // a preview changes nothing

    const applied = await call('POST', '/topics/orders/configs', {
      changes,
      confirmation: shown.body.confirmation,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect((await topicConfigs('orders')).get('retention.ms')).toEqual({
      value: '3600000',
      sensitive: false,
      source: 'DYNAMIC_TOPIC_CONFIG',
    });
    expect((await audit(1))[0]).toMatchObject({
      action: 'topic.configs.alter',
      target: 'local/orders',
      result: 'ok',
      message: 'retention.ms: "604800000" (default) → "3600000" (dynamic_topic)',
    });

    const revert = [{ name: 'retention.ms', operation: 'delete' }];
    const back = await call('POST', '/topics/orders/configs/preview', { changes: revert });
    // Kafka names the broker key a reverted retention.ms falls back to (log.retention.hours, 168).
    expect(back.body.changes).toEqual([
      expect.objectContaining({ oldValue: '3600000', oldSource: 'dynamic_topic', newSource: 'default' }),
    ]);
    expect(
      (
        await call('POST', '/topics/orders/configs', {
          changes: revert,
          confirmation: back.body.confirmation,
        })
      ).status,
    ).toBe(200);
    expect((await topicConfigs('orders')).has('retention.ms')).toBe(false);
    const reverted = (await call('GET', '/topics/orders/configs')).body.configs as { name: string }[];
    expect(reverted.find((c) => c.name === 'retention.ms')).toMatchObject({
      value: '604800000',
      source: 'default',
    });
  });

  it("refuses a bad value with Kafka's reason, and an edit without its preview", async () => {
    const bad = await call('POST', '/topics/orders/configs/preview', {
      changes: [{ name: 'retention.ms', operation: 'set', value: 'soon' }],
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.error).toBe('kafka_refused');
    expect(bad.body.message).toContain('INVALID_CONFIG');
    expect(bad.body.message).toContain('soon');

    const changes = [{ name: 'cleanup.policy', operation: 'set', value: 'compact' }];
    const unconfirmed = await call('POST', '/topics/orders/configs', { changes, confirmation: 'none' });
    expect(unconfirmed).toMatchObject({ status: 409, body: { error: 'plan_changed' } });
    expect((await topicConfigs('orders')).has('cleanup.policy')).toBe(false);
  });

  // Last: failed tokens lock the address out for a while.
  it('refuses without the token or with a wrong one, changes nothing and audits it', async () => {
    // Not 'live': its killed member stays in the group until its session times out.
    const request = { strategy: { kind: 'earliest' } };
    const shown = await preview('spare', request);
    const before = await described('spare');
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
    const none = await call('POST', '/groups/spare/offsets/reset', body, null);
    expect(none).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const wrong = await call('POST', '/groups/spare/offsets/reset', body, 'not-the-token');
    expect(wrong).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const config = await call(
      'POST',
      '/topics/orders/configs',
      { changes: [{ name: 'retention.ms', operation: 'set', value: '1' }], confirmation: 'x' },
      'not-the-token',
    );
    expect(config.status).toBe(401);
    expect(await described('spare')).toEqual(before);
    expect(before.get('audit-0')?.offset).toBe(5);
    expect((await topicConfigs('orders')).has('retention.ms')).toBe(false);
    expect((await audit(3)).map((r) => [r.action, r.target, r.result, r.status])).toEqual([
      ['topic.configs.alter', 'local/orders', 'denied', 401],
      ['group.reset-offsets', 'local/spare', 'denied', 401],
      ['group.reset-offsets', 'local/spare', 'denied', 401],
    ]);
  });
});
