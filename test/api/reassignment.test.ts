// Leader elections and reassignments end to end: the real service (a child process) against
// ONE real 3-node cluster for every scenario (three JVMs are costly); what Kestrel did is checked
// with Kafka's own tools (kafka-topics, kafka-configs) and in the audit log.
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, kafkaFor, pollUntil } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { kafkaConfigs, kafkaTopics, parseTopicDescribe, type TopicPartitionRow } from '../kafka/tools.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const TOKEN = 'reassignment-admin-token-7f3a9c2e51';
const THROTTLE_KEYS = /(leader|follower)\.replication\.throttled\.(rate|replicas)/;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string };
}

describe('leader elections and reassignments on a 3-node cluster', () => {
  let kafka: KafkaCluster;
  let kestrel: KestrelProcess;

  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { 'user-agent': 'kestrel-reassignment-test' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${kestrel.url}/api/v1/clusters/local${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const asAdmin = (method: string, path: string, body?: unknown) =>
    call(method, path, { token: TOKEN, body });
  const describeTopic = async (topic: string): Promise<TopicPartitionRow[]> =>
    parseTopicDescribe(await kafkaTopics(kafka, ['--describe', '--topic', topic]));
  const audit = async (limit: number) =>
    (await getJson(`${kestrel.url}/api/v1/audit?limit=${limit}`)).body.items as Record<string, unknown>[];
  /** Waits for Kestrel's snapshot to show the topic with `check` true of its detail. */
  const inSnapshot = (topic: string, check: (detail: Record<string, unknown>) => boolean = () => true) =>
    eventually(
      async () => {
        const { status, body } = await getJson(`${kestrel.url}/api/v1/clusters/local/topics/${topic}`);
        return status === 200 && check(body) ? body : undefined;
      },
      60_000,
      `${topic} in Kestrel's snapshot`,
    );
  const progressUntil = (
    topic: string,
    check: (p: Record<string, unknown>) => boolean,
    what: string,
    ms = 120_000,
  ) =>
    eventually(
      async () => {
        const { body } = await asAdmin('GET', `/topics/${topic}/reassignment`);
        return check(body) ? body : undefined;
      },
      ms,
      what,
    );

  /** `count` messages of `size` bytes each, spread over the topic's partitions. */
  async function produceBytes(topic: string, count: number, size: number): Promise<void> {
    const producer = kafkaFor(kafka).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const value = 'x'.repeat(size);
      for (let sent = 0; sent < count; sent += 200) {
        await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: Math.min(200, count - sent) }, (_, i) => ({
            key: `k${sent + i}`,
            value,
          })),
        });
      }
    } finally {
      await producer.disconnect();
    }
  }

  beforeAll(async () => {
    // No automatic preferred elections: the election scenario needs leaders to stay off their
    // preferred replicas after a restart until Kestrel moves them back.
    kafka = await startCluster({ brokers: 3, brokerConfig: { 'auto.leader.rebalance.enable': 'false' } });
    await createTopics(kafka, [
      { topic: 'grow', numPartitions: 3, replicationFactor: 1 },
      { topic: 'slow', numPartitions: 1, replicationFactor: 1 },
      { topic: 'balanced', numPartitions: 6, replicationFactor: 3 },
    ]);
    kestrel = await startKestrel({
      config: {
        adminToken: TOKEN,
        clusters: [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '1s' }],
      },
    });
    await eventually(
      async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
      60_000,
      'Kestrel ready',
    );
    await produceBytes('grow', 600, 100);
    // 3 MB on one partition: at a 10 KB/s throttle its copy takes minutes, so a cancel meets it midway.
    await produceBytes('slow', 1500, 2048);
  }, 240_000);

  afterAll(async () => {
    await kestrel?.stop();
    await kafka?.stop();
  });

  it('refuses a reassignment without the token, with a wrong one, or without the plan’s confirmation; nothing changes; all audited', async () => {
    await inSnapshot('grow');
    const plan = await call('GET', '/topics/grow/reassignment/plan?replicationFactor=3');
    expect(plan.status).toBe(200);
    const body = { replicationFactor: 3, confirm: plan.body.confirm };

    expect((await call('POST', '/topics/grow/reassignment', { body })).status).toBe(401);
    expect((await call('POST', '/topics/grow/reassignment', { token: 'wrong-token', body })).status).toBe(
      401,
    );
    const unconfirmed = await asAdmin('POST', '/topics/grow/reassignment', { replicationFactor: 3 });
    expect(unconfirmed).toMatchObject({ status: 400, body: { error: 'bad_body' } });
    const stale = await asAdmin('POST', '/topics/grow/reassignment', {
      replicationFactor: 2,
      confirm: plan.body.confirm,
    });
    expect(stale).toMatchObject({ status: 409, body: { error: 'preview_changed' } });

    for (const row of await describeTopic('grow')) expect(row.replicas).toHaveLength(1);
    const rows = await audit(4);
    expect(rows.map((r) => [r.action, r.target, r.result, r.status])).toEqual([
      ['topic.reassign', 'local/grow', 'failed', 409],
      ['topic.reassign', 'local/grow', 'failed', 400],
      ['topic.reassign', 'local/grow', 'denied', 401],
      ['topic.reassign', 'local/grow', 'denied', 401],
    ]);
  });

  it('raises the replication factor 1 → 3 under a throttle: three replicas, full ISR, throttle removed afterwards', async () => {
    const before = await describeTopic('grow');
    const plan = await call('GET', '/topics/grow/reassignment/plan?replicationFactor=3');
    expect(plan.status).toBe(200);
    const partitions = plan.body.partitions as { partition: number; current: number[]; proposed: number[] }[];
    for (const p of partitions) {
      expect(p.proposed).toHaveLength(3);
      expect(p.proposed[0]).toBe(p.current[0]); // the leader stays
    }
    const started = await asAdmin('POST', '/topics/grow/reassignment', {
      replicationFactor: 3,
      throttleBytesPerSec: 1_000_000,
      confirm: plan.body.confirm,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.throttle).toMatchObject({ rate: 1_000_000, brokers: [1, 2, 3] });

    const done = await progressUntil('grow', (p) => p.state === 'done', 'the RF 3 reassignment to finish');
    expect(done.throttleRemoved).toBe(true);

    const rows = await describeTopic('grow');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.replicas).toHaveLength(3);
      expect([...row.isr].sort()).toEqual([...row.replicas].sort());
      expect(row.leader).toBe(before.find((b) => b.partition === row.partition)!.leader);
    }
    const topicConfigs = await kafkaConfigs(kafka, [
      '--describe',
      '--entity-type',
      'topics',
      '--entity-name',
      'grow',
    ]);
    expect(topicConfigs).not.toMatch(THROTTLE_KEYS);
    const brokerConfigs = await kafkaConfigs(kafka, ['--describe', '--entity-type', 'brokers']);
    expect(brokerConfigs).toContain('broker 3');
    expect(brokerConfigs).not.toMatch(THROTTLE_KEYS);

    const [row] = await audit(1);
    expect(row).toMatchObject({ action: 'topic.reassign', target: 'local/grow', result: 'ok', status: 202 });
    expect(JSON.parse(row!.changeBefore as string)).toEqual(
      before.map((b) => ({ partition: b.partition, replicas: b.replicas })),
    );
    expect(JSON.parse(row!.changeAfter as string).partitions).toEqual(
      partitions.map((p) => ({ partition: p.partition, replicas: p.proposed })),
    );
  });

  it('cancels a throttled reassignment midway: the replicas go back to the original, the throttle goes', async () => {
    await inSnapshot('slow', (t) => ((t.messageCount as number | null) ?? 0) >= 1500);
    const [original] = await describeTopic('slow');
    const plan = await call('GET', '/topics/slow/reassignment/plan?replicationFactor=3');
    const started = await asAdmin('POST', '/topics/slow/reassignment', {
      replicationFactor: 3,
      throttleBytesPerSec: 10_240,
      confirm: plan.body.confirm,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);

    const moving = await progressUntil(
      'slow',
      (p) =>
        p.state === 'in_progress' &&
        (p.partitions as { adding: number[] }[]).some((q) => q.adding.length === 2),
      'Kestrel to see the reassignment in progress',
      60_000,
    );
    expect(moving.throttleRemoved).toBe(false);
    // Kafka's tools agree that it is under way and throttled.
    const [midway] = await describeTopic('slow');
    expect(midway!.replicas).toHaveLength(3);
    expect(midway!.adding).toHaveLength(2);
    expect(
      await kafkaConfigs(kafka, ['--describe', '--entity-type', 'topics', '--entity-name', 'slow']),
    ).toMatch(/follower\.replication\.throttled\.replicas/);

    const wrong = await asAdmin('DELETE', '/topics/slow/reassignment', { confirm: 'grow' });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    const cancelled = await asAdmin('DELETE', '/topics/slow/reassignment', { confirm: 'slow' });
    expect(cancelled).toMatchObject({ status: 200, body: { cancelled: [0] } });

    const back = await pollUntil(
      () => describeTopic('slow'),
      (rows) => rows[0]?.replicas.length === 1,
      60_000,
      1000,
    );
    expect(back.value?.[0]?.replicas, 'kafka-topics after the cancel').toEqual(original!.replicas);
    await progressUntil(
      'slow',
      (p) => p.state === 'done' && p.throttleRemoved === true,
      'the throttle to be removed',
    );
    expect(
      await kafkaConfigs(kafka, ['--describe', '--entity-type', 'topics', '--entity-name', 'slow']),
    ).not.toMatch(THROTTLE_KEYS);
    expect(await kafkaConfigs(kafka, ['--describe', '--entity-type', 'brokers'])).not.toMatch(THROTTLE_KEYS);
    expect((await audit(1))[0]).toMatchObject({ action: 'topic.reassign-cancel', result: 'ok' });
  });

  it('removes the throttle of a reassignment that finished while Kestrel was stopped, after its restart', async () => {
    const plan = await call('GET', '/topics/slow/reassignment/plan?replicationFactor=2');
    const started = await asAdmin('POST', '/topics/slow/reassignment', {
      replicationFactor: 2,
      throttleBytesPerSec: 200 * 1024,
      confirm: plan.body.confirm,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const config = kestrel.dataDir;
    await kestrel.stop();

    const finished = await pollUntil(
      () => describeTopic('slow'),
      (rows) => rows[0]?.replicas.length === 2 && rows[0].adding.length === 0 && rows[0].isr.length === 2,
      120_000,
      1000,
    );
    expect(finished.ok, `kafka-topics: ${JSON.stringify(finished.value)}`).toBe(true);
    // Nobody removed it while Kestrel was down.
    expect(
      await kafkaConfigs(kafka, ['--describe', '--entity-type', 'topics', '--entity-name', 'slow']),
    ).toMatch(THROTTLE_KEYS);

    kestrel = await startKestrel({
      dataDir: config,
      config: {
        adminToken: TOKEN,
        clusters: [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '1s' }],
      },
    });
    await progressUntil(
      'slow',
      (p) => p.state === 'done' && p.throttleRemoved === true,
      'the restarted watcher',
    );
    expect(
      await kafkaConfigs(kafka, ['--describe', '--entity-type', 'topics', '--entity-name', 'slow']),
    ).not.toMatch(THROTTLE_KEYS);
    expect(await kafkaConfigs(kafka, ['--describe', '--entity-type', 'brokers'])).not.toMatch(THROTTLE_KEYS);
  });

  it('after a broker restart leaves leaders off their preferred replicas, the preferred election puts them back', async () => {
    const preferredOn1 = (await describeTopic('balanced')).filter((r) => r.replicas[0] === 1).length;
    expect(preferredOn1).toBeGreaterThan(0);
    await kafka.stopBroker(1);
    await kafka.startBroker(1);
    const skewed = await pollUntil(
      () => describeTopic('balanced'),
      (rows) =>
        rows.length === 6 &&
        rows.every((r) => r.isr.length === 3) &&
        rows.some((r) => r.leader !== r.replicas[0]),
      90_000,
      1000,
    );
    expect(skewed.ok, `leaders off preferred with a full ISR: ${JSON.stringify(skewed.value)}`).toBe(true);
    const offPreferred = skewed.value!.filter((r) => r.leader !== r.replicas[0]).map((r) => r.partition);

    // Kestrel's snapshot catches up: the preview lists exactly those partitions, none blocked.
    const preview = await eventually(
      async () => {
        const { body } = await call('POST', '/elections/preview', { body: { type: 'preferred' } });
        const toElect = (body.toElect as { topic: string; partition: number }[]) ?? [];
        const balanced = toElect.filter((m) => m.topic === 'balanced').map((m) => m.partition);
        return (body.blocked as unknown[]).length === 0 && balanced.join() === offPreferred.join()
          ? body
          : undefined;
      },
      60_000,
      'the preview to list the partitions off their preferred leader',
    );

    // Refused without the token, with a wrong one, without or with a stale confirmation: nothing moves.
    const body = { type: 'preferred', confirm: preview.confirm };
    expect((await call('POST', '/elections', { body })).status).toBe(401);
    expect((await call('POST', '/elections', { token: 'nope', body })).status).toBe(401);
    expect((await asAdmin('POST', '/elections', { type: 'preferred' })).status).toBe(400);
    expect(
      await asAdmin('POST', '/elections', { type: 'preferred', confirm: '0000000000000000' }),
    ).toMatchObject({
      status: 409,
      body: { error: 'preview_changed' },
    });
    // An unclean election of a partition that has a leader: refused, whatever is confirmed.
    const unclean = await call('POST', '/elections/preview', {
      body: { type: 'unclean', topic: 'balanced', partitions: [0] },
    });
    expect(unclean.body.unclean).toMatchObject({ possible: false });
    expect(
      await asAdmin('POST', '/elections', {
        type: 'unclean',
        topic: 'balanced',
        partitions: [0],
        confirm: unclean.body.confirm,
        confirmDataLoss: 'balanced-0',
      }),
    ).toMatchObject({ status: 409, body: { error: 'unclean_not_possible' } });
    expect(
      (await describeTopic('balanced')).filter((r) => r.leader !== r.replicas[0]).map((r) => r.partition),
    ).toEqual(offPreferred);
    expect((await audit(5)).map((r) => [r.action, r.result, r.status])).toEqual([
      ['leader.elect', 'failed', 409],
      ['leader.elect', 'failed', 409],
      ['leader.elect', 'failed', 400],
      ['leader.elect', 'denied', 401],
      ['leader.elect', 'denied', 401],
    ]);

    const elected = await asAdmin('POST', '/elections', body);
    expect(elected.status, JSON.stringify(elected.body)).toBe(200);
    const results = elected.body.results as { topic: string; partition: number; outcome: string }[];
    expect(results.filter((r) => r.topic === 'balanced').map((r) => [r.partition, r.outcome])).toEqual(
      offPreferred.map((p) => [p, 'elected']),
    );
    for (const row of await describeTopic('balanced'))
      expect(row.leader, `partition ${row.partition}`).toBe(row.replicas[0]);
    const [row] = await audit(1);
    expect(row).toMatchObject({ action: 'leader.elect', result: 'ok', status: 200 });
    expect(JSON.parse(row!.changeAfter as string)).toEqual(
      expect.arrayContaining([
        { topic: 'balanced', partition: offPreferred[0], outcome: 'elected', error: null },
      ]),
    );
  });
});
