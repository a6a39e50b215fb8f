// The guards in front of the admin actions. None of these requests may reach Kafka: the app
// has no admin client at all, so a request that got past the guards would answer 503.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSource, prodSnapshot } from '../../test/support/api-app.ts';
import { FailureLimiter } from '../auth/rate-limit.ts';
import { BODY_LIMIT } from '../http/app.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';
import { AuditLog } from '../store/audit.ts';
import { openDatabase } from '../store/index.ts';

const TOKEN = 'unit-admin-token-7f3a9c1e5b2d';

interface TestApp {
  app: FastifyInstance;
  audit: AuditLog;
  logs: () => string;
  close: () => Promise<void>;
}

async function adminApp(options: { adminToken?: string; protectedTopics?: string[] } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-admin-'));
  const db: Database = openDatabase(dir);
  const audit = new AuditLog(db);
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  const app = await buildApp({
    logger: createLogger('trace', sink),
    clusterStatus: () => [],
    api: {
      ...apiSource(new Map([['prod', prodSnapshot()]])),
      audit,
      ...(options.protectedTopics ? { protectedTopics: options.protectedTopics } : {}),
    },
    auth: {
      ...(options.adminToken ? { adminToken: options.adminToken } : {}),
      limiter: new FailureLimiter({ maxFailures: 5, windowMs: 60_000 }),
    },
  });
  return {
    app,
    audit,
    logs: () => output,
    close: async () => {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const send = async (t: TestApp, options: InjectOptions) => {
  const response = await t.app.inject(options);
  return { status: response.statusCode, body: response.json(), headers: response.headers };
};

describe('admin actions without a configured token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await adminApp();
  });
  afterAll(() => t.close());

  it('answers 403 admin_disabled to every admin route, and audits it', async () => {
    const attempts: InjectOptions[] = [
      { method: 'DELETE', url: '/api/v1/clusters/prod/topics/audit', payload: { confirm: 'audit' } },
      {
        method: 'POST',
        url: '/api/v1/clusters/prod/topics',
        payload: { name: 'x', partitions: 1, replicationFactor: 1 },
      },
      { method: 'POST', url: '/api/v1/clusters/prod/topics/audit/partitions', payload: { count: 3 } },
      { method: 'POST', url: '/api/v1/silences', payload: {} },
      { method: 'DELETE', url: '/api/v1/silences/abc' },
      { method: 'POST', url: '/api/v1/receivers/ops/test' },
    ];
    for (const attempt of attempts) {
      const { status, body } = await send(t, { ...attempt, headers: bearer(TOKEN) });
      expect(status, String(attempt.url)).toBe(403);
      expect(body).toEqual({ error: 'admin_disabled', message: 'admin actions are disabled' });
    }
    const rows = t.audit.list({ limit: 10 });
    expect(rows).toHaveLength(6);
    expect(rows.at(-1)).toMatchObject({
      action: 'topic.delete',
      target: 'prod/audit',
      result: 'denied',
      status: 403,
      clientAddress: '127.0.0.1',
      userAgent: 'lightMyRequest',
    });
  });

  it('tells the UI that admin actions are off', async () => {
    expect((await send(t, { method: 'GET', url: '/api/v1/auth' })).body).toEqual({
      adminEnabled: false,
      viewerAuth: false,
    });
  });
});

describe('admin token checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await adminApp({ adminToken: TOKEN });
  });
  afterAll(() => t.close());
  const del = (headers: Record<string, string>, payload: unknown = { confirm: 'audit' }) =>
    send(t, {
      method: 'DELETE',
      url: '/api/v1/clusters/prod/topics/audit',
      headers,
      payload: payload as object,
    });

  it('answers 401 without a token and with a wrong one, audits each, then 429 with Retry-After', async () => {
    const none = await del({});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await del(bearer('wrong-token-but-long-enough'));
    expect(wrong).toMatchObject({
      status: 401,
      body: { error: 'unauthorized', message: 'the admin token is wrong' },
    });
    const [row] = t.audit.list({ limit: 1 });
    expect(row).toMatchObject({
      action: 'topic.delete',
      target: 'prod/audit',
      result: 'denied',
      status: 401,
    });
    expect(row!.message).toContain('unauthorized');
    for (let i = 0; i < 3; i++) expect((await del(bearer(`guess-${i}`))).status).toBe(401);
    const limited = await del(bearer(TOKEN));
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(t.audit.list({ limit: 1 })[0]).toMatchObject({ status: 429, result: 'denied' });
    // Another client is not affected.
    const other = await send(t, {
      method: 'DELETE',
      url: '/api/v1/clusters/prod/topics/audit',
      headers: bearer(TOKEN),
      payload: { confirm: 'wrong' },
      remoteAddress: '10.1.2.3',
    });
    expect(other.status).toBe(400);
    expect(t.audit.list({ limit: 1 })[0]).toMatchObject({
      clientAddress: '10.1.2.3',
      status: 400,
      result: 'failed',
    });
  });

  it('never writes a token sent by mistake in the query string to the logs or the answer', async () => {
    for (const url of [
      `/api/v1/clusters/prod/topics/audit?token=${TOKEN}`,
      `/api/v1/no-such-route?access_token=${TOKEN}&page=2`,
    ]) {
      const response = await t.app.inject({ method: 'DELETE', url });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain(TOKEN);
    }
    const logs = t.logs();
    expect(logs).toContain('token=<redacted>');
    expect(logs).toContain('access_token=<redacted>&page=2');
    expect(logs).not.toContain(TOKEN);
  });

  it('never writes the token to the logs', () => {
    // Even a log call that carries the request headers gets the header scrubbed.
    t.app.log.info({ headers: { authorization: `Bearer ${TOKEN}` } }, 'headers probe');
    const logs = t.logs();
    expect(logs).toContain('headers probe');
    expect(logs).toContain('"authorization":"<redacted>"');
    expect(logs).toContain('DELETE'); // requests were logged at all
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('wrong-token-but-long-enough');
  });
});

describe('admin input checks, with the right token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await adminApp({ adminToken: TOKEN, protectedTopics: ['^audit$'] });
  });
  afterAll(() => t.close());
  const admin = (options: InjectOptions) =>
    send(t, { ...options, headers: { ...bearer(TOKEN), ...(options.headers as Record<string, string>) } });

  it('needs the topic name repeated to delete it', async () => {
    const url = '/api/v1/clusters/prod/topics/orders';
    const missing = await admin({ method: 'DELETE', url });
    expect(missing).toMatchObject({ status: 400, body: { error: 'bad_body' } });
    const empty = await admin({ method: 'DELETE', url, payload: {} });
    expect(empty.body.message).toContain('confirm');
    const mismatch = await admin({ method: 'DELETE', url, payload: { confirm: 'Orders' } });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'confirmation_mismatch' } });
    // Right confirmation: past every guard, and no admin client here.
    const through = await admin({ method: 'DELETE', url, payload: { confirm: 'orders' } });
    expect(through).toMatchObject({ status: 503, body: { error: 'admin_unavailable' } });
  });

  it.each(['__consumer_offsets', '__transaction_state', '_schemas', 'connect-offsets', 'audit'])(
    'refuses to delete the protected topic %s with 403',
    async (topic) => {
      const { status, body } = await admin({
        method: 'DELETE',
        url: `/api/v1/clusters/prod/topics/${topic}`,
        payload: { confirm: topic },
      });
      expect(status).toBe(403);
      expect(body.error).toBe('protected_topic');
    },
  );

  it.each([
    ['', 'empty'],
    ['a'.repeat(250), 'at most 249'],
    ['.', '"." or ".."'],
    ['..', '"." or ".."'],
    ['bad name', 'letters, digits'],
    ['bad/name', 'letters, digits'],
    ['ünïcode', 'letters, digits'],
  ])('refuses to create a topic named %j', async (name, message) => {
    const { status, body } = await admin({
      method: 'POST',
      url: '/api/v1/clusters/prod/topics',
      payload: { name, partitions: 1, replicationFactor: 1 },
    });
    expect(status).toBe(400);
    expect(body.error).toBe('bad_body');
    expect(body.message).toContain('name');
    expect(body.message).toContain(message);
  });

  it.each([
    [{ name: 'ok', partitions: -1, replicationFactor: 1 }, 'partitions'],
    [{ name: 'ok', partitions: 0, replicationFactor: 1 }, 'partitions'],
    [{ name: 'ok', partitions: 1.5, replicationFactor: 1 }, 'partitions'],
    [{ name: 'ok', partitions: 1, replicationFactor: 0 }, 'replicationFactor'],
    [{ name: 'ok', partitions: '3', replicationFactor: 1 }, 'partitions'],
    [{ name: 'ok', partitions: 1, replicationFactor: 1, colour: 'red' }, 'colour'],
    [{ name: 'ok', partitions: 1, replicationFactor: 1, configs: { 'Bad Key': '1' } }, 'configs'],
    [{ partitions: 1, replicationFactor: 1 }, 'name'],
  ])('answers 400 naming the bad field for %j', async (payload, field) => {
    const { status, body } = await admin({ method: 'POST', url: '/api/v1/clusters/prod/topics', payload });
    expect(status).toBe(400);
    expect(body.message).toContain(field);
  });

  it('refuses a partition count that does not grow the topic', async () => {
    const url = '/api/v1/clusters/prod/topics/orders/partitions';
    const same = await admin({ method: 'POST', url, payload: { count: 3 } });
    expect(same).toMatchObject({ status: 400, body: { error: 'bad_count' } });
    expect(same.body.message).toContain('3 partitions');
    expect((await admin({ method: 'POST', url, payload: { count: -4 } })).status).toBe(400);
    expect((await admin({ method: 'POST', url, payload: { count: 4, extra: 1 } })).status).toBe(400);
  });

  it('answers malformed JSON, wrong content types and oversized bodies with JSON errors', async () => {
    const url = '/api/v1/clusters/prod/topics';
    const malformed = await admin({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "x", ',
    });
    expect(malformed).toMatchObject({ status: 400, body: { error: 'bad_json' } });
    const text = await admin({
      method: 'POST',
      url,
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(text).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    const form = await admin({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x',
    });
    expect(form.status).toBe(415);
    const big = await admin({
      method: 'POST',
      url,
      payload: { name: 'x', partitions: 1, replicationFactor: 1, configs: { 'a.b': 'x'.repeat(BODY_LIMIT) } },
    });
    expect(big).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });

  it('answers 404 for an unknown cluster and 4xx for traversal attempts', async () => {
    const unknown = await admin({
      method: 'POST',
      url: '/api/v1/clusters/nope/topics',
      payload: { name: 'x', partitions: 1, replicationFactor: 1 },
    });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    for (const url of [
      '/api/v1/clusters/..%2F..%2Fetc/topics',
      '/api/v1/clusters/prod/topics/..%2F..%2Fetc%2Fpasswd',
      '/api/v1/clusters/prod/topics/..',
      '/api/v1/clusters/prod/topics/%2e%2e',
      '/api/v1/clusters/prod/topics/a%2Fb',
    ]) {
      const response = await admin({ method: 'DELETE', url, payload: { confirm: 'x' } });
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(response.status, url).toBeLessThan(500);
      expect(typeof response.body.error).toBe('string');
    }
  });

  it('audits every attempt that passed the token check, with its outcome', async () => {
    const rows = t.audit.list({ limit: 1000 });
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => r.clientAddress === '127.0.0.1')).toBe(true);
    expect(rows.find((r) => r.status === 413)).toMatchObject({ action: 'topic.create', result: 'failed' });
    expect(rows.find((r) => r.status === 403)).toMatchObject({ action: 'topic.delete', result: 'denied' });
  });
});
