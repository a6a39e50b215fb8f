import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSource, prodSnapshot } from '../../test/support/api-app.ts';
import { hashPasswordCommand } from '../auth/hash-password-command.ts';
import { createLogger } from '../shared/logger.ts';
import { buildApp } from './app.ts';

const TOKEN = 'security-admin-token-9e8d7c6b';
const PASSWORD = 'viewer password 1';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function hashOf(password: string): Promise<string> {
  let out = '';
  const code = await hashPasswordCommand(
    Readable.from([`${password}\n`]),
    (t) => {
      out += t;
    },
    () => undefined,
  );
  expect(code).toBe(0);
  return out.trim();
}

const deps = () => ({
  logger: createLogger('fatal'),
  clusterStatus: () => [],
  api: apiSource(new Map([['prod', prodSnapshot()]])),
});

describe('security headers and CORS', () => {
  let open: FastifyInstance;
  let withCors: FastifyInstance;
  beforeAll(async () => {
    open = await buildApp(deps());
    withCors = await buildApp({ ...deps(), security: { corsOrigins: ['https://ops.example.com'] } });
  });
  afterAll(async () => {
    await open.close();
    await withCors.close();
  });

  it('sends a strict CSP fit for a same-origin SPA and the usual hardening headers', async () => {
    const response = await open.inject({ method: 'GET', url: '/api/v1/clusters' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("font-src 'self' data:;");
    expect(csp).not.toContain('https:');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends no CORS headers unless origins are configured, and then only for those', async () => {
    const origin = { origin: 'https://ops.example.com' };
    const plain = await open.inject({ method: 'GET', url: '/api/v1/clusters', headers: origin });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await withCors.inject({ method: 'GET', url: '/api/v1/clusters', headers: origin });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    const other = await withCors.inject({
      method: 'GET',
      url: '/api/v1/clusters',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown API paths with a JSON 404 and no stack', async () => {
    const response = await open.inject({ method: 'GET', url: '/api/v1/..%2F..%2Fetc%2Fpasswd' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('viewer sign-in', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({
      ...deps(),
      auth: { adminToken: TOKEN, viewers: [{ username: 'ann', passwordHash: await hashOf(PASSWORD) }] },
    });
  });
  afterAll(() => app.close());
  const get = (url: string, authorization?: string) =>
    app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  it('asks for HTTP Basic on the API and the docs, and accepts a configured viewer', async () => {
    for (const url of [
      '/api/v1/clusters',
      '/api/v1/clusters/prod/topics',
      '/api/docs/json',
      '/api/v1/auth',
    ]) {
      const refused = await get(url);
      expect(refused.statusCode, url).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Basic realm="Kestrel"/);
      expect(refused.json().error).toBe('unauthorized');
    }
    const ok = await get('/api/v1/auth', basic('ann', PASSWORD));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ adminEnabled: true, viewerAuth: true });
    expect((await get('/api/v1/clusters', `Bearer ${TOKEN}`)).statusCode).toBe(200);
  });

  it('keeps probes open for orchestrators', async () => {
    expect((await get('/livez')).statusCode).toBe(200);
  });

  it('rate limits failed sign-ins per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await get('/api/v1/clusters', basic('ann', `guess ${i}`))).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await get('/api/v1/clusters', basic('ann', PASSWORD));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
