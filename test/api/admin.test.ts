// Admin actions end to end: the real service (a child process, as operators run it) against
// a real one-broker Kafka; every outcome is checked in Kafka itself and in the audit log.
import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaFor } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { BODY_LIMIT } from '../../server/http/app.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const TOKEN = 'integration-admin-token-4c2e8f1a9b7d';

interface Answer {
  status: number;
  body: { error?: string; message?: string } & Record<string, unknown>;
  headers: Headers;
}

describe('admin actions against a real Kafka', () => {
  let kafka: KafkaCluster;
  let admin: Admin;
  let kestrel: KestrelProcess;
  let disabled: KestrelProcess;

  const call = async (
    service: KestrelProcess,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; contentType?: string } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { 'user-agent': 'kestrel-admin-test' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined || options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      body = options.raw ?? JSON.stringify(options.body);
    }
    const response = await fetch(`${service.url}/api/v1${path}`, { method, headers, body });
    return {
      status: response.status,
      body: (await response.json()) as Answer['body'],
      headers: response.headers,
    };
  };
  const asAdmin = (
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; contentType?: string } = {},
  ) => call(kestrel, method, path, { ...options, token: TOKEN });
  const topics = async () => (await admin.listTopics()).sort();
  const partitionCount = async (topic: string) =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
  const lastAudit = async () => {
    const { body } = await getJson(`${kestrel.url}/api/v1/audit?limit=1`);
    return (body.items as Record<string, unknown>[])[0];
  };
  const ready = (service: KestrelProcess) =>
    eventually(
      async () => ((await getJson(`${service.url}/readyz`)).status === 200 ? true : undefined),
      60_000,
      'ready',
    );

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 1 });
    admin = kafkaFor(kafka).admin();
    await admin.connect();
    const clusters = [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '1s' }];
    [kestrel, disabled] = await Promise.all([
      startKestrel({ config: { adminToken: TOKEN, logLevel: 'trace', clusters } }),
      startKestrel({ config: { clusters } }),
    ]);
    await Promise.all([ready(kestrel), ready(disabled)]);
  });
  afterAll(async () => {
    await Promise.all([kestrel?.stop(), disabled?.stop()]);
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('creates a topic with its partitions, replication factor and configs', async () => {
    const created = await asAdmin('POST', '/clusters/local/topics', {
      body: { name: 'orders', partitions: 2, replicationFactor: 1, configs: { 'retention.ms': 3_600_000 } },
    });
    expect(created).toMatchObject({ status: 201, body: { name: 'orders' } });
    expect(await topics()).toContain('orders');
    expect(await partitionCount('orders')).toBe(2);
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders', configNames: ['retention.ms'] }],
      includeSynonyms: false,
    });
    expect(described.resources[0]!.configEntries[0]).toMatchObject({
      configName: 'retention.ms',
      configValue: '3600000',
    });
    expect(await lastAudit()).toMatchObject({
      action: 'topic.create',
      target: 'local/orders',
      result: 'ok',
      status: 201,
      userAgent: 'kestrel-admin-test',
    });
  });

  it('serves the new topic from the next snapshot, and 404 for unknown cluster, topic and group', async () => {
    const detail = await eventually(
      async () => {
        const { status, body } = await getJson(`${kestrel.url}/api/v1/clusters/local/topics/orders`);
        return status === 200 ? body : undefined;
      },
      30_000,
      'orders in a snapshot',
    );
    expect(detail).toMatchObject({ name: 'orders', partitionCount: 2, replicationFactor: 1 });
    for (const path of [
      '/clusters/nope/topics',
      '/clusters/local/topics/nope',
      '/clusters/local/groups/nope',
    ]) {
      const { status, body } = await getJson(`${kestrel.url}/api/v1${path}`);
      expect(status, path).toBe(404);
      expect(body.error).toBe('not_found');
    }
  });

  it('answers Kafka refusals with clear 4xx: existing topic 409, bad replication factor 400', async () => {
    const again = await asAdmin('POST', '/clusters/local/topics', {
      body: { name: 'orders', partitions: 1, replicationFactor: 1 },
    });
    expect(again).toMatchObject({ status: 409, body: { error: 'topic_exists' } });
    const tooMany = await asAdmin('POST', '/clusters/local/topics', {
      body: { name: 'replicated', partitions: 1, replicationFactor: 3 },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('INVALID_REPLICATION_FACTOR');
    expect(await topics()).not.toContain('replicated');
  });

  it('adds partitions up to a new total, and refuses a total that does not grow', async () => {
    const grown = await asAdmin('POST', '/clusters/local/topics/orders/partitions', { body: { count: 4 } });
    expect(grown).toMatchObject({ status: 200, body: { name: 'orders', partitions: 4 } });
    expect(await partitionCount('orders')).toBe(4);
    const shrink = await asAdmin('POST', '/clusters/local/topics/orders/partitions', { body: { count: 3 } });
    expect(shrink.status).toBe(400);
    expect(await partitionCount('orders')).toBe(4);
    const unknown = await asAdmin('POST', '/clusters/local/topics/nope/partitions', { body: { count: 3 } });
    expect(unknown.status).toBe(404);
  });

  it('changes nothing in Kafka on bad input', async () => {
    const before = await topics();
    const attempts: [string, string, Parameters<typeof asAdmin>[2], number][] = [
      ['POST', '/clusters/local/topics', { raw: '{"name":"x",' }, 400],
      [
        'POST',
        '/clusters/local/topics',
        { body: { name: 'x', partitions: 1, replicationFactor: 1, extra: true } },
        400,
      ],
      [
        'POST',
        '/clusters/local/topics',
        {
          body: {
            name: 'x',
            partitions: 1,
            replicationFactor: 1,
            configs: { 'a.b': 'y'.repeat(BODY_LIMIT) },
          },
        },
        413,
      ],
      ['POST', '/clusters/local/topics', { raw: 'name=x', contentType: 'text/plain' }, 415],
      [
        'POST',
        '/clusters/local/topics',
        { body: { name: 'a'.repeat(250), partitions: 1, replicationFactor: 1 } },
        400,
      ],
      [
        'POST',
        '/clusters/local/topics',
        { body: { name: 'bad$name', partitions: 1, replicationFactor: 1 } },
        400,
      ],
      ['POST', '/clusters/local/topics', { body: { name: '..', partitions: 1, replicationFactor: 1 } }, 400],
      [
        'POST',
        '/clusters/local/topics',
        { body: { name: 'neg', partitions: -1, replicationFactor: 1 } },
        400,
      ],
      ['POST', '/clusters/nope/topics', { body: { name: 'x', partitions: 1, replicationFactor: 1 } }, 404],
      ['DELETE', '/clusters/local/topics/orders', { body: { confirm: 'orders', extra: 1 } }, 400],
      ['DELETE', '/clusters/..%2F..%2Fetc/topics/orders', { body: { confirm: 'orders' } }, 400],
      ['DELETE', '/clusters/local/topics/..%2Forders', { body: { confirm: '../orders' } }, 400],
      ['POST', '/clusters/local/topics/orders%2F..%2Forders/partitions', { body: { count: 9 } }, 400],
    ];
    for (const [method, path, options, status] of attempts) {
      const answer = await asAdmin(method, path, options);
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(typeof answer.body.error, `${method} ${path}`).toBe('string');
    }
    expect(await topics()).toEqual(before);
    expect(await partitionCount('orders')).toBe(4);
  });

  it('deletes a topic only with the right token and the name repeated', async () => {
    const unconfirmed = await asAdmin('DELETE', '/clusters/local/topics/orders');
    expect(unconfirmed).toMatchObject({ status: 400, body: { error: 'bad_body' } });
    const mismatch = await asAdmin('DELETE', '/clusters/local/topics/orders', { body: { confirm: 'order' } });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    expect(await topics()).toContain('orders');

    const internal = await asAdmin('DELETE', '/clusters/local/topics/__consumer_offsets', {
      body: { confirm: '__consumer_offsets' },
    });
    expect(internal).toMatchObject({ status: 403, body: { error: 'protected_topic' } });

    const deleted = await asAdmin('DELETE', '/clusters/local/topics/orders', { body: { confirm: 'orders' } });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 'orders' } });
    await eventually(
      async () => ((await topics()).includes('orders') ? undefined : true),
      30_000,
      'orders gone',
    );
    expect(await lastAudit()).toMatchObject({
      action: 'topic.delete',
      target: 'local/orders',
      result: 'ok',
      status: 200,
    });

    const gone = await asAdmin('DELETE', '/clusters/local/topics/never-was', {
      body: { confirm: 'never-was' },
    });
    expect(gone.status).toBe(404);
  });

  it('refuses every admin action when no token is configured', async () => {
    const refused = await call(disabled, 'POST', '/clusters/local/topics', {
      token: TOKEN,
      body: { name: 'sneaky', partitions: 1, replicationFactor: 1 },
    });
    expect(refused).toMatchObject({
      status: 403,
      body: { error: 'admin_disabled', message: 'admin actions are disabled' },
    });
    expect(await topics()).not.toContain('sneaky');
  });

  // Last: the failures lock 127.0.0.1 out for a minute.
  it('answers 401 without or with a wrong token, audits it, then 429', async () => {
    await asAdmin('POST', '/clusters/local/topics', {
      body: { name: 'victim', partitions: 1, replicationFactor: 1 },
    });
    const none = await call(kestrel, 'DELETE', '/clusters/local/topics/victim', {
      body: { confirm: 'victim' },
    });
    expect(none.status).toBe(401);
    const wrong = await call(kestrel, 'DELETE', '/clusters/local/topics/victim', {
      token: 'not-the-token-at-all',
      body: { confirm: 'victim' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await lastAudit()).toMatchObject({
      action: 'topic.delete',
      target: 'local/victim',
      result: 'denied',
      status: 401,
    });
    let limited: Answer | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const answer = await call(kestrel, 'DELETE', '/clusters/local/topics/victim', {
        token: `guess-${i}`,
        body: { confirm: 'victim' },
      });
      if (answer.status === 429) limited = answer;
      else expect(answer.status).toBe(401);
    }
    expect(limited?.body.error).toBe('rate_limited');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right token waits now.
    const right = await asAdmin('DELETE', '/clusters/local/topics/victim', { body: { confirm: 'victim' } });
    expect(right.status).toBe(429);
    expect(await topics()).toContain('victim');
  });

  it('never writes the token to the logs', () => {
    const output = kestrel.output();
    expect(output).toContain('"url":"/api/v1/clusters/local/topics"'); // requests were logged at trace level
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('not-the-token-at-all');
  });
});
