// The guards in front of the operator actions (offsets-routes.ts, config-routes.ts), without
// Kafka: the app has no operator admin, so a request that got past every guard answers 503.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSource, prodSnapshot } from '../../test/support/api-app.ts';
import { FailureLimiter } from '../auth/rate-limit.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';
import { AuditLog } from '../store/audit.ts';
import { openDatabase } from '../store/index.ts';

const TOKEN = 'unit-operator-token-2b8e6d4f0a1c';
const auth = { authorization: `Bearer ${TOKEN}` };
const RESET = { strategy: { kind: 'earliest' } };
const PLAN = [{ topic: 'orders', partition: 0, currentOffset: 90, newOffset: 0 }];

describe('operator action guards', () => {
  let app: FastifyInstance;
  let audit: AuditLog;
  let db: Database;
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-operator-'));

  beforeAll(async () => {
    db = openDatabase(dir);
    audit = new AuditLog(db);
    app = await buildApp({
      logger: createLogger('fatal'),
      clusterStatus: () => [],
      api: { ...apiSource(new Map([['prod', prodSnapshot()]])), audit },
      auth: { adminToken: TOKEN, limiter: new FailureLimiter({ maxFailures: 100, windowMs: 60_000 }) },
    });
  });
  afterAll(async () => {
    await app.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (options: InjectOptions) => {
    const response = await app.inject(options);
    return { status: response.statusCode, body: response.json() as { error: string; message: string } };
  };

  it('refuses a reset whose plan the server never previewed, before asking Kafka', async () => {
    const forged = await send({
      method: 'POST',
      url: '/api/v1/clusters/prod/groups/billing/offsets/reset',
      headers: auth,
      payload: { ...RESET, plan: PLAN, confirmation: 'forged' },
    });
    expect(forged).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    expect(audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'group.reset-offsets',
      target: 'prod/billing',
      result: 'failed',
      status: 400,
    });
  });

  it('checks the typed confirmation of offset and group deletion before asking Kafka', async () => {
    const offsets = await send({
      method: 'DELETE',
      url: '/api/v1/clusters/prod/groups/billing/offsets/orders',
      headers: auth,
      payload: { confirm: 'audit' },
    });
    expect(offsets).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    const group = await send({
      method: 'DELETE',
      url: '/api/v1/clusters/prod/groups/billing',
      headers: auth,
      payload: { confirm: 'Billing' },
    });
    expect(group).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
  });

  it('refuses bad strategies, scopes and config edits with the field named', async () => {
    const bad: [string, Record<string, unknown>][] = [
      ['/groups/billing/offsets/reset/preview', { strategy: { kind: 'offset', offset: -1 } }],
      ['/groups/billing/offsets/reset/preview', { strategy: { kind: 'rewind' } }],
      ['/groups/billing/offsets/reset/preview', { strategy: { kind: 'datetime', timestamp: 'yesterday' } }],
      ['/groups/billing/offsets/reset/preview', { ...RESET, scope: [{ topic: 'bad topic' }] }],
      ['/topics/orders/configs/preview', { changes: [] }],
      [
        '/topics/orders/configs/preview',
        { changes: [{ name: 'retention.ms', operation: 'append', value: '1' }] },
      ],
    ];
    for (const [path, payload] of bad) {
      const answer = await send({
        method: 'POST',
        url: `/api/v1/clusters/prod${path}`,
        headers: auth,
        payload,
      });
      expect(answer.status, JSON.stringify(payload)).toBe(400);
      expect(answer.body.error).toBe('bad_body');
    }
  });

  it('answers 401 without the token and 503 once past the guards with no operator admin', async () => {
    const none = await send({
      method: 'POST',
      url: '/api/v1/clusters/prod/groups/billing/offsets/reset/preview',
      payload: RESET,
    });
    expect(none.status).toBe(401);
    for (const [method, url, payload] of [
      ['POST', '/groups/billing/offsets/reset/preview', RESET],
      ['POST', '/groups/billing/delete/preview', undefined],
      ['GET', '/topics/orders/configs', undefined],
    ] as const) {
      const answer = await send({ method, url: `/api/v1/clusters/prod${url}`, headers: auth, payload });
      expect(answer, url).toMatchObject({ status: 503, body: { error: 'admin_unavailable' } });
    }
    const unknown = await send({
      method: 'GET',
      url: '/api/v1/clusters/nope/topics/orders/configs',
      headers: auth,
    });
    expect(unknown.status).toBe(404);
  });
});
