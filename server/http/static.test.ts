import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import { registerWebUi } from './static.ts';

const INDEX =
  '<!doctype html><title>Kestrel</title><script type="module" src="/assets/index-abc123.js"></script>';

const tempDirs = useTempDirs();
function builtDist(): string {
  const root = tempDirs('kestrel-web-');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

let app: FastifyInstance;
async function appWith(root: string): Promise<FastifyInstance> {
  app = Fastify();
  app.get('/api/v1/clusters', async () => ({ items: [] }));
  app.get('/metrics', async () => 'up 1\n');
  await registerWebUi(app, { root });
  return app;
}
afterEach(async () => {
  await app?.close();
});

describe('web UI static serving', () => {
  it('serves index.html for / and for client-side routes, revalidated every time', async () => {
    await appWith(builtDist());
    for (const url of [
      '/',
      '/clusters/prod/topics/orders',
      '/clusters/prod/topics/orders.v1',
      '/alerts?x=1',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year as immutable', async () => {
    await appWith(builtDist());
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for a missing asset and never serves outside the root', async () => {
    await appWith(builtDist());
    for (const url of [
      '/assets/index-old999.js',
      '/assets/index-old999.css?v=1',
      '/assets',
      '/assets/',
      '/favicon.ico',
      '/robots.txt',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ error: 'not_found' });
    }
    for (const url of ['/../package.json', '/assets/..%2F..%2Fetc%2Fpasswd', '/%E0%A4%A']) {
      const response = await app.inject({ url });
      expect(response.body, url).not.toContain('"name"');
      expect([200, 400, 404], url).toContain(response.statusCode);
      if (response.statusCode === 200) expect(response.body).toBe(INDEX);
    }
  });

  it('registers no routes, so the API documentation lists only real endpoints', async () => {
    const added: string[] = [];
    app = Fastify();
    app.addHook('onRoute', (route) => {
      added.push(route.url);
    });
    await registerWebUi(app, { root: builtDist() });
    await app.ready();
    expect(added).toEqual([]);
  });

  it('leaves /api and /metrics alone: unknown paths there are JSON 404s, not the SPA', async () => {
    await appWith(builtDist());
    expect((await app.inject({ url: '/api/v1/clusters' })).json()).toEqual({ items: [] });
    expect((await app.inject({ url: '/metrics' })).body).toBe('up 1\n');
    for (const url of ['/api/v1/nope', '/api', '/metrics/x']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('falls back only for GET and HEAD', async () => {
    await appWith(builtDist());
    expect((await app.inject({ method: 'HEAD', url: '/clusters/a/brokers' })).statusCode).toBe(200);
    const post = await app.inject({ method: 'POST', url: '/clusters/a/brokers' });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ error: 'not_found' });
  });

  it('answers 503 with a page that says how to build the UI when web/dist is missing', async () => {
    await appWith(join(tmpdir(), 'kestrel-no-such-dist'));
    const response = await app.inject({ url: '/clusters/a/topics' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('npm run build:web');
    expect((await app.inject({ url: '/api/v1/nope' })).statusCode).toBe(404);
  });
});
