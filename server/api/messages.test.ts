// The message browser's HTTP layer: permission, bounds, audit rows and how bytes are shown.
// The reader behind it (server/kafka/messages) is tested against real Kafka in test/api/messages.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSource, prodSnapshot } from '../../test/support/api-app.ts';
import { hashPassword } from '../auth/password.ts';
import { configSchema } from '../config/index.ts';
import { buildApp } from '../http/index.ts';
import type { BrowseQuery, BrowseResult } from '../kafka/messages/index.ts';
import { createLogger } from '../shared/logger.ts';
import { AuditLog, openDatabase } from '../store/index.ts';
import { viewBytes } from './message-view.ts';
import type { ApiSource } from './source.ts';

const TOKEN = 'unit-admin-token-0123456789';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('message views', () => {
  it('show UTF-8 as text, JSON also indented, and HTML as the text it is', () => {
    expect(viewBytes(Buffer.from('héllo'), 100)).toMatchObject({ format: 'text', text: 'héllo', size: 6 });
    expect(viewBytes(Buffer.from('{"a":[1]}'), 100)).toMatchObject({
      format: 'json',
      text: '{"a":[1]}',
      pretty: '{\n  "a": [\n    1\n  ]\n}',
    });
    expect(viewBytes(Buffer.from('<img src=x onerror=alert(1)>'), 100)).toMatchObject({
      format: 'text',
      text: '<img src=x onerror=alert(1)>',
    });
    expect(viewBytes(null, 100)).toBeNull();
  });

  it('show bytes that are not text as hex and base64', () => {
    expect(viewBytes(Buffer.from([0, 0xff, 0x80, 0x41]), 100)).toMatchObject({
      format: 'binary',
      text: null,
      hex: '00ff8041',
      base64: 'AP+AQQ==',
      size: 4,
    });
  });

  it('cut long values at the byte budget without breaking a character, and say so', () => {
    const view = viewBytes(Buffer.from('aaé{"x":1}'), 3); // "aa" and the first byte of "é"
    expect(view).toMatchObject({ format: 'text', text: 'aa', size: 11, truncated: true, pretty: null });
  });
});

describe('GET /clusters/:cluster/topics/:topic/messages', () => {
  let dir: string;
  let db: Database;
  let audit: AuditLog;
  const reads: BrowseQuery[] = [];
  let release: (() => void) | undefined;
  const apps: FastifyInstance[] = [];

  const result = (query: BrowseQuery): BrowseResult => ({
    records: [
      {
        partition: 0,
        offset: 7,
        timestamp: 1_700_000_000_000,
        timestampType: 'CreateTime',
        key: Buffer.from('k'),
        value: Buffer.from('v'),
        headers: [{ key: 'h', value: Buffer.from('x') }],
        transactional: false,
        control: null,
      },
    ],
    partitions: [{ partition: 0, startOffset: 0, endOffset: 8, firstOffset: 7, lastOffset: 7, error: null }],
    stoppedBy: query.limit === 1 ? 'limit' : 'end',
    scanned: 1,
    bytes: 3,
  });

  async function app(
    browse: Record<string, unknown> | undefined,
    viewers: { username: string; passwordHash: string }[] = [],
  ) {
    const config = configSchema.parse({ adminToken: TOKEN, browse, auth: { viewers } });
    const source: ApiSource = {
      ...apiSource(new Map([['prod', prodSnapshot()]])),
      audit,
      browse: browse === undefined ? undefined : config.browse,
      browser: () => ({
        read: async (query) => {
          reads.push(query);
          if (query.topic === 'slow') await new Promise<void>((done) => (release = done));
          return result(query);
        },
      }),
    };
    const built = await buildApp({
      logger: createLogger('fatal'),
      clusterStatus: () => [],
      api: source,
      auth: { adminToken: TOKEN, viewers: config.auth.viewers },
    });
    apps.push(built);
    return built;
  }
  const lastAudit = () => audit.list({ limit: 1 })[0];

  let open: FastifyInstance;
  let closed: FastifyInstance;
  let withViewers: FastifyInstance;
  let viewersAllowed: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-browse-'));
    db = openDatabase(dir);
    audit = new AuditLog(db);
    const viewers = [{ username: 'alice', passwordHash: await hashPassword('alice-password') }];
    open = await app({ enabled: true, maxMessages: 50, maxConcurrent: 1 });
    closed = await app(undefined);
    withViewers = await app({ enabled: true }, viewers);
    viewersAllowed = await app({ enabled: true, viewers: true }, viewers);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (target: FastifyInstance, query: string, authorization?: string) =>
    target.inject({
      method: 'GET',
      url: `/api/v1/clusters/prod/topics/orders/messages${query}`,
      headers: { 'user-agent': 'unit', ...(authorization ? { authorization } : {}) },
    });

  it('is refused while browse.enabled is off, even with the admin token, and audited', async () => {
    const response = await get(closed, '', `Bearer ${TOKEN}`);
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toBe('browse_disabled');
    expect(lastAudit()).toMatchObject({
      action: 'messages.browse',
      target: 'prod/orders',
      result: 'denied',
      status: 403,
    });
  });

  it('needs the admin token when viewers may not browse; each refusal is audited', async () => {
    const anonymous = await get(open, '');
    expect(anonymous.statusCode).toBe(401);
    expect(lastAudit()).toMatchObject({ result: 'denied', status: 401 });
    expect(lastAudit()!.message).toMatch(/^unauthenticated: unauthorized/);

    const viewer = await get(withViewers, '', basic('alice', 'alice-password'));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error).toBe('browse_forbidden');
    expect(lastAudit()).toMatchObject({ result: 'denied', status: 403 });

    const noCredentials = await get(withViewers, '');
    expect(noCredentials.statusCode).toBe(401);
    expect(lastAudit()).toMatchObject({ result: 'denied', status: 401 });
  });

  it('lets signed-in viewers browse when browse.viewers is on, and names them in the audit row', async () => {
    const response = await get(
      viewersAllowed,
      '?partitions=0&from=offset&offset=7&limit=1',
      basic('alice', 'alice-password'),
    );
    expect(response.statusCode).toBe(200);
    expect(lastAudit()).toMatchObject({ result: 'ok', status: 200, userAgent: 'unit' });
    expect(lastAudit()!.message).toBe(
      'viewer alice: 1 messages; partitions 0; offsets 0:7-7; from offset 7 forward; limit 1; read_committed; no filter; stopped by limit',
    );
  });

  it('reads the latest messages backward by default and cuts the limit to browse.maxMessages', async () => {
    const response = await get(open, '?limit=1000&value=x', `Bearer ${TOKEN}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      limit: 50,
      limitCapped: true,
      direction: 'backward',
      transactions: 'committed',
    });
    expect(body.messages[0]).toMatchObject({
      partition: 0,
      offset: 7,
      key: { format: 'text', text: 'k' },
      headers: [{ key: 'h', value: { text: 'x' } }],
      sizes: { key: 1, value: 1, headers: 2 },
    });
    expect(reads.at(-1)).toMatchObject({
      limit: 50,
      from: { kind: 'latest' },
      filter: { valueContains: 'x' },
    });
    expect(lastAudit()!.message).toMatch(
      /^admin: 1 messages; .*limit 50 \(capped\); read_committed; filters valueContains;/,
    );
  });

  it('refuses contradictory or incomplete positions with 400', async () => {
    for (const query of [
      '?from=offset',
      '?from=latest&direction=forward',
      '?from=earliest&direction=backward',
      '?offset=5',
      '?from=timestamp&timestamp=yesterday',
      '?partitions=a,b',
      '?headerValue=x',
      '?since=20&until=10',
      '?nope=1',
    ]) {
      const response = await get(open, query, `Bearer ${TOKEN}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error, query).toBe('bad_query');
    }
  });

  it('serves at most browse.maxConcurrent reads at once; the next one gets 429', async () => {
    const slow = open.inject({
      method: 'GET',
      url: '/api/v1/clusters/prod/topics/slow/messages',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await expect.poll(() => release !== undefined, { timeout: 5000 }).toBe(true);
    const busy = await get(open, '', `Bearer ${TOKEN}`);
    expect(busy.statusCode).toBe(429);
    expect(busy.json().error).toBe('browse_busy');
    release!();
    expect((await slow).statusCode).toBe(200);
    expect((await get(open, '', `Bearer ${TOKEN}`)).statusCode).toBe(200);
  });
});
