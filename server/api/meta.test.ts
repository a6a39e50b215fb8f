// Routes over a real SQLite store: topic and broker history, the audit log; and /config.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY, predictableCycle, T0 } from '../../test/support/snapshot-fixtures.ts';
import { configSchema, secretValues } from '../config/index.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';
import { AuditLog } from '../store/audit.ts';
import { HistoryStore, openDatabase } from '../store/index.ts';

const CYCLES = 12;
const config = configSchema.parse({
  adminToken: 'config-admin-token-1234567890',
  auth: {
    viewers: [{ username: 'ann', passwordHash: `scrypt$16384$8$1$${'A'.repeat(22)}==$${'B'.repeat(43)}=` }],
  },
  clusters: [
    {
      name: 'test',
      brokers: ['k1:9092'],
      sasl: { mechanism: 'plain', username: 'kestrel', password: 'sasl-password-abcdef' },
    },
  ],
});

describe('history, audit and config routes over a real store', () => {
  let dir: string;
  let db: Database;
  let store: HistoryStore;
  let audit: AuditLog;
  let app: FastifyInstance;
  const cycles = Array.from({ length: CYCLES }, (_, i) => predictableCycle(i));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-meta-'));
    db = openDatabase(dir);
    store = new HistoryStore(db);
    for (const s of cycles) store.writeCycle(s);
    audit = new AuditLog(db);
    app = await buildApp({
      logger: createLogger('fatal'),
      clusterStatus: () => [],
      api: {
        status: () => [
          { cluster: 'test', lastSuccessAt: T0, lastError: null, consecutiveFailures: 0, cycles: 1 },
        ],
        latest: () => cycles.at(-1),
        history: store,
        audit,
        config,
        now: () => T0 + CYCLES * EVERY,
      },
    });
  });
  afterAll(async () => {
    await app.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const getOk = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('returns a topic series as the store holds it, one point per cycle when asked', async () => {
    const to = T0 + CYCLES * EVERY - 1;
    const body = await getOk(`/api/v1/clusters/test/topics/a/history?from=${T0}&to=${to}&points=${CYCLES}`);
    expect(body.from).toBe(T0);
    expect(body.points).toEqual(store.topicSeries('test', 'a', T0, to, CYCLES));
    expect(body.points).toHaveLength(CYCLES);
    expect(body.points.map((p: { produceRate: number }) => p.produceRate)).toEqual(cycles.map((_, i) => i));
  });

  it('returns a broker series with its availability, the last day by default', async () => {
    const body = await getOk(`/api/v1/clusters/test/brokers/1/history?points=${CYCLES}`);
    expect(body.to).toBe(T0 + CYCLES * EVERY);
    expect(body.from).toBe(body.to - 86_400_000);
    const all = await getOk(
      `/api/v1/clusters/test/brokers/1/history?from=${T0}&to=${T0 + CYCLES * EVERY - 1}&points=${CYCLES}`,
    );
    expect(all.points.map((p: { up: number }) => p.up)).toEqual(cycles.map((_, i) => (i % 4 !== 0 ? 1 : 0)));
  });

  it('starts a series at the first recorded point when asked, so a new install fills its chart', async () => {
    const to = T0 + CYCLES * EVERY - 1;
    const body = await getOk(
      `/api/v1/clusters/test/topics/a/history?fromFirst=true&to=${to}&points=${CYCLES}`,
    );
    expect(body.from).toBe(cycles[0]!.collectedAt);
    // One point per cycle: the whole range is history, none of it the empty time before.
    expect(body.points).toHaveLength(CYCLES);
    expect(body.points).toEqual(store.topicSeries('test', 'a', T0, to, CYCLES));
    // A later `from` still wins: fromFirst only never starts before the first point.
    const later = T0 + 5 * EVERY;
    const tail = await getOk(`/api/v1/clusters/test/brokers/1/history?fromFirst=true&from=${later}`);
    expect(tail.from).toBe(later);
  });

  it('answers 400 for bad series parameters and 404 for unknown clusters', async () => {
    for (const [url, param] of [
      ['/api/v1/clusters/test/brokers/x/history', 'id'],
      ['/api/v1/clusters/test/brokers/1/history?points=1', 'points'],
      ['/api/v1/clusters/test/topics/a/history?from=9&to=1', 'from'],
      ['/api/v1/audit?limit=0', 'limit'],
    ] as const) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().message).toContain(param);
    }
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/clusters/nope/topics/a/history' })).statusCode,
    ).toBe(404);
  });

  it('pages through the audit log, newest first', async () => {
    for (let i = 0; i < 5; i++) {
      audit.record({
        time: T0 + i,
        clientAddress: '10.0.0.9',
        userAgent: null,
        action: 'topic.create',
        target: `test/t${i}`,
        result: 'ok',
        status: 201,
        message: null,
      });
    }
    const first = await getOk('/api/v1/audit?limit=2');
    expect(first.items.map((e: { target: string }) => e.target)).toEqual(['test/t4', 'test/t3']);
    const next = await getOk(`/api/v1/audit?limit=10&before=${first.items[1].id}`);
    expect(next.items.map((e: { target: string }) => e.target)).toEqual(['test/t2', 'test/t1', 'test/t0']);
  });

  it('serves the effective configuration with every secret redacted', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/config' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.adminToken).toBe('<redacted>');
    expect(body.clusters[0].sasl).toEqual({
      mechanism: 'plain',
      username: 'kestrel',
      password: '<redacted>',
    });
    expect(body.auth.viewers[0]).toEqual({ username: 'ann', passwordHash: '<redacted>' });
    expect(body.port).toBe(8048);
    for (const secret of secretValues(config)) expect(response.body).not.toContain(secret);
  });
});
