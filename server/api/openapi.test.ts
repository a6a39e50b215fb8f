import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSource, prodSnapshot } from '../../test/support/api-app.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';

interface Document {
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: unknown[] }>>;
}

describe('OpenAPI document', () => {
  let app: FastifyInstance;
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    app = await buildApp({
      logger: createLogger('fatal'),
      clusterStatus: () => [],
      api: apiSource(new Map([['prod', prodSnapshot()]]), { isr: [], lag: [], series: [] }),
      onRoute: (route) => routes.push(route),
    });
  });
  afterAll(() => app.close());

  it('is served at /api/docs/json and validates against the OpenAPI schema', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });

  it('lists every registered route, each API route with a success and an error response', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as Document;
    const registered = routes
      .filter((r) => !r.url.startsWith('/api/docs'))
      .flatMap((r) =>
        [r.method]
          .flat()
          .filter((m) => m !== 'HEAD')
          .map((m) => `${m} ${openApiPath(r.url)}`),
      );
    expect(registered.length).toBeGreaterThan(25);
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(registered.sort());
    for (const [path, methods] of Object.entries(document.paths).filter(([p]) => p.startsWith('/api/v1/'))) {
      for (const [method, operation] of Object.entries(methods)) {
        const codes = Object.keys(operation.responses ?? {});
        expect(
          codes.some((c) => c.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
        expect(codes, `${method} ${path}`).toContain('400');
      }
    }
  });
});

/** Fastify's `/clusters/:cluster` is OpenAPI's `/clusters/{cluster}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');
