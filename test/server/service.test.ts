import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KafkaCluster, startCluster } from '../kafka/harness.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

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
        migrations: true,
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
});
