import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../../alerts/index.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { type Receiver, startReceiver } from '../alerts/receiver.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

/** The migration files this checkout ships: what a fresh data directory must have had applied. */
const MIGRATION_FILES = readdirSync(new URL('../../migrations/', import.meta.url))
  .filter((name) => name.endsWith('.sql'))
  .sort();
const LATEST_VERSION = Number(MIGRATION_FILES.at(-1)!.slice(0, 4));

const ADMIN_TOKEN = 'test-admin-token-5f0c1e2d9a8b';
const SASL_PASSWORD = 'sasl-password-9c8b7a6f';

/** A loopback port that accepts nothing: a cluster that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

interface Report {
  status: string;
  clusters: { name: string; polled: boolean; reachable: boolean; error: string | null }[];
}

describe('service against a real Kafka', () => {
  let kafka: KafkaCluster;

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 1 });
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  describe('with one reachable and one dead cluster', () => {
    let kestrel: KestrelProcess;
    beforeAll(async () => {
      kestrel = await startKestrel({
        config: {
          adminToken: ADMIN_TOKEN,
          logLevel: 'debug',
          clusters: [
            { name: 'good', brokers: kafka.bootstrap, pollInterval: '1s' },
            {
              name: 'dead',
              brokers: [`127.0.0.1:${await closedPort()}`],
              pollInterval: '1s',
              requestTimeout: '2s',
              sasl: { mechanism: 'scram-sha-512', username: 'kestrel', password: SASL_PASSWORD },
            },
          ],
        },
      });
    });
    afterAll(async () => {
      await kestrel?.stop();
    });

    it('is live at once, and not ready while a cluster has never answered', async () => {
      const live = await eventually(() => getJson(`${kestrel.url}/livez`), 20_000, '/livez');
      expect(live).toEqual({ status: 200, body: { status: 'ok' } });
      const ready = await eventually(
        async () => {
          const r = await getJson(`${kestrel.url}/readyz`);
          const report = r.body as unknown as Report;
          return report.clusters.find((c) => c.name === 'good')?.polled && report.clusters[1]?.error
            ? r
            : undefined;
        },
        30_000,
        'the good cluster to be polled and the dead one to fail',
      );
      expect(ready.status).toBe(503);
      const report = ready.body as unknown as Report;
      expect(report.status).toBe('starting');
      expect(report.clusters[0]).toMatchObject({ name: 'good', polled: true, reachable: true, error: null });
      expect(report.clusters[1]).toMatchObject({ name: 'dead', polled: false, reachable: false });
      expect((await getJson(`${kestrel.url}/healthz`)).status).toBe(503);
    });

    it('never writes a secret to its logs', async () => {
      // Several failed cycles against the SASL cluster have been logged by now (debug level).
      await eventually(
        async () => (kestrel.output().includes('cluster unreachable') ? true : undefined),
        20_000,
      );
      const logs = kestrel.output();
      expect(logs).toContain('"cluster":"dead"');
      expect(logs).not.toContain(ADMIN_TOKEN);
      expect(logs).not.toContain(SASL_PASSWORD);
    });
  });

  describe('with one cluster', () => {
    let kestrel: KestrelProcess;
    beforeAll(async () => {
      kestrel = await startKestrel({
        config: { clusters: [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '1s' }] },
      });
    });
    afterAll(async () => {
      await kestrel?.stop();
    });

    it('becomes ready and healthy after the first successful poll', async () => {
      const ready = await eventually(
        async () => {
          const r = await getJson(`${kestrel.url}/readyz`);
          return r.status === 200 ? r : undefined;
        },
        30_000,
        '/readyz 200',
      );
      expect(ready.body).toMatchObject({
        status: 'ok',
        // A fresh data directory: every file applied at this start, the schema current.
        migrations: {
          current: true,
          version: LATEST_VERSION,
          latest: LATEST_VERSION,
          appliedAtStart: MIGRATION_FILES,
        },
        clusters: [{ name: 'local', polled: true, reachable: true }],
      });
      expect(await getJson(`${kestrel.url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
      // The JSON API serves the same cluster from the snapshot.
      const api = await getJson(`${kestrel.url}/api/v1/clusters`);
      expect(api.status).toBe(200);
      expect(api.body.items).toMatchObject([{ name: 'local', reachable: true, brokers: { up: 1, down: 0 } }]);
    });

    it('is degraded but still ready while the cluster is down, and recovers by itself', async () => {
      const [broker] = kafka.brokers;
      await kafka.stopBroker(broker!.id);
      const degraded = await eventually(
        async () => {
          const r = await getJson(`${kestrel.url}/healthz`);
          return r.status === 503 ? r : undefined;
        },
        45_000,
        '/healthz 503',
      );
      expect(degraded.body).toMatchObject({
        status: 'degraded',
        clusters: [{ name: 'local', polled: true, reachable: false }],
      });
      expect((degraded.body as unknown as Report).clusters[0]!.error).toBeTruthy();
      expect((await getJson(`${kestrel.url}/readyz`)).status).toBe(200);

      await kafka.startBroker(broker!.id);
      await eventually(
        async () => ((await getJson(`${kestrel.url}/healthz`)).status === 200 ? true : undefined),
        60_000,
        '/healthz 200 again',
      );
    });

    it('closes cleanly on SIGTERM', async () => {
      const code = await kestrel.stop();
      expect(code).toBe(0);
      expect(kestrel.output()).toContain('"msg":"shutting down"');
      expect(kestrel.output()).toContain('"msg":"stopped"');
    });
  });

  // The route tests in server/api use an in-test AlertsApi; here the real engine answers.
  describe('alerts routes with the real engine', () => {
    let kestrel: KestrelProcess;
    let hook: Receiver;
    const call = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
      const headers: Record<string, string> = { 'user-agent': 'kestrel-alerts-test' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const response = await fetch(`${kestrel.url}/api/v1${path}`, { method, headers, body });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const items = async (path: string) => (await call('GET', path)).body.items as Record<string, unknown>[];

    beforeAll(async () => {
      hook = await startReceiver();
      kestrel = await startKestrel({
        config: {
          adminToken: ADMIN_TOKEN,
          clusters: [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '1s' }],
          alerts: { receivers: [{ name: 'ops', channels: [{ type: 'webhook', url: hook.url }] }] },
        },
      });
      await eventually(
        async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
        30_000,
        '/readyz 200',
      );
    });
    afterAll(async () => {
      await kestrel?.stop();
      await hook?.close();
    });

    it('lists the built-in rules when the config names none', async () => {
      const rules = await items('/alerts/rules');
      expect(rules.map((r) => r.name)).toEqual(defaultRules().map((r) => r.name));
      expect(rules.find((r) => r.name === 'IsrShrink')).toMatchObject({ kind: 'isrShrink', forMs: 0 });
    });

    it('creates a silence only with the admin token, lists it, audits it, and expires it', async () => {
      const silence = {
        matchers: [{ name: 'alertname', value: 'IsrShrink', isRegex: false, isEqual: true }],
        endsAt: Date.now() + 3_600_000,
        createdBy: 'sre@example.com',
        comment: 'broker maintenance',
      };
      const denied = await call('POST', '/silences', { body: silence });
      expect(denied.status).toBe(401);
      expect(denied.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      expect(await items('/silences')).toEqual([]);

      const created = await call('POST', '/silences', { token: ADMIN_TOKEN, body: silence });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.body).toMatchObject({ ...silence, status: 'active' });
      expect(await items('/silences')).toEqual([expect.objectContaining({ id, status: 'active' })]);

      const audit = await items('/audit?limit=10');
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'silence.create', result: 'ok', userAgent: 'kestrel-alerts-test' }),
      );
      expect(audit).toContainEqual(expect.objectContaining({ action: 'silence.create', result: 'denied' }));

      const expired = await call('DELETE', `/silences/${id}`, { token: ADMIN_TOKEN });
      expect(expired.status).toBe(200);
      expect(expired.body).toMatchObject({ id, status: 'expired' });
      expect(await items('/silences')).toEqual([expect.objectContaining({ id, status: 'expired' })]);
      expect((await items('/audit?limit=1'))[0]).toMatchObject({
        action: 'silence.expire',
        target: id,
        result: 'ok',
      });
    });

    it('test-sends to a receiver through its real channel', async () => {
      expect((await call('POST', '/receivers/ops/test')).status).toBe(401);
      expect(hook.requests).toEqual([]);
      const sent = await call('POST', '/receivers/ops/test', { token: ADMIN_TOKEN });
      expect(sent).toEqual({
        status: 200,
        body: {
          results: [
            {
              receiver: 'ops',
              channel: 'webhook',
              ok: true,
              status: 'sent',
              failure: null,
              attempts: 1,
              error: null,
            },
          ],
        },
      });
      expect(hook.requests).toHaveLength(1);
      expect(hook.requests[0]!.body).toMatchObject({ version: '4', receiver: 'ops', status: 'firing' });
      expect(hook.requests[0]!.body.alerts[0]!.labels.alertname).toBe('KestrelTestNotification');
      expect((await items('/audit?limit=1'))[0]).toMatchObject({
        action: 'receiver.test',
        target: 'ops',
        result: 'ok',
      });
      expect((await call('POST', '/receivers/nobody/test', { token: ADMIN_TOKEN })).status).toBe(404);
    });
  });
});
