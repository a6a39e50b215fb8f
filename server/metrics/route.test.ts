import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { clusterSnapshot, exporter, samples, T0 } from '../../test/metrics/exporter-fixtures.ts';
import { snapshot, topic } from '../../test/support/snapshot-fixtures.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';

describe('GET /metrics', () => {
  async function app() {
    const metrics = exporter();
    metrics.update(clusterSnapshot());
    const fastify = await buildApp({
      logger: createLogger('fatal'),
      clusterStatus: () => [],
      metrics,
    });
    return fastify;
  }

  it('answers in the Prometheus text format by default', async () => {
    const fastify = await app();
    const response = await fastify.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE kestrel_isr_shrinks_total counter');
    expect(response.body).toContain(
      'kafka_consumergroup_lag_sum{cluster="prod",consumergroup="billing",topic="orders"} 40',
    );
    await fastify.close();
  });

  it('answers in OpenMetrics when Prometheus asks for it, and Prometheus text keeps its names afterwards', async () => {
    const fastify = await app();
    const prometheusAccept =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    const om = await fastify.inject({
      method: 'GET',
      url: '/metrics',
      headers: { accept: prometheusAccept },
    });
    expect(om.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.body.endsWith('# EOF\n')).toBe(true);
    expect(om.body).toContain('# TYPE kestrel_isr_shrinks counter');
    expect(om.body).toContain('kestrel_isr_shrinks_total{cluster="prod",topic="orders",broker="3"} 1');

    const text = await fastify.inject({ method: 'GET', url: '/metrics', headers: { accept: 'text/plain' } });
    expect(text.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text.body).toContain('# TYPE kestrel_isr_shrinks_total counter');
    expect(text.body).not.toContain('# EOF');
    await fastify.close();
  });

  it('sends gzip to clients that accept it', async () => {
    const fastify = await app();
    const plain = await fastify.inject({ method: 'GET', url: '/metrics' });
    const zipped = await fastify.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    await fastify.close();
  });

  it('sends the same plain text from the LZ4 blocks the renderings keep once plain was asked', async () => {
    const cycles = 'kestrel_collector_cycles_total{cluster="prod"}';
    const metrics = exporter();
    const fastify = await buildApp({ logger: createLogger('fatal'), clusterStatus: () => [], metrics });
    metrics.update(clusterSnapshot(T0));
    const inflatedFromGzip = await fastify.inject({ method: 'GET', url: '/metrics' });
    metrics.update(clusterSnapshot(T0 + 15_000));
    // Once the rendering of the second snapshot is done, it holds the LZ4 blocks too.
    await vi.waitFor(async () =>
      expect(
        samples(gunzipSync((await metrics.render('prometheus', true)).body).toString()).get(cycles),
      ).toBe(2),
    );
    const fromLz4 = await fastify.inject({ method: 'GET', url: '/metrics' });
    const zipped = await fastify.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(fromLz4.body).toBe(gunzipSync(zipped.rawPayload).toString());
    for (const response of [inflatedFromGzip, fromLz4, zipped])
      expect(response.headers['content-length']).toBe(String(response.rawPayload.length));
    expect(fromLz4.body).not.toBe(inflatedFromGzip.body);
    expect(samples(fromLz4.body).get(cycles)).toBe(2);
    expect(samples(inflatedFromGzip.body).get(cycles)).toBe(1);
    await fastify.close();
  });
});

describe('GET /metrics over a socket', () => {
  it('survives a plain scraper that hangs up mid-body, and the next gets it whole', async () => {
    const metrics = exporter();
    const fastify = await buildApp({ logger: createLogger('fatal'), clusterStatus: () => [], metrics });
    // Several MB of text: many LZ4 blocks, more than a socket buffer holds.
    const big = (at: number) => ({
      ...snapshot({
        cluster: 'prod',
        at,
        topics: Array.from({ length: 400 }, (_, t) => topic(`topic-${t}`, Array(10).fill(at % 997))),
      }),
      cluster: 'prod',
    });
    metrics.update(big(T0));
    await metrics.render('prometheus'); // a plain scrape: renderings carry LZ4 blocks from now on
    metrics.update(big(T0 + 15_000));
    await metrics.render('prometheus', true);
    await fastify.listen({ host: '127.0.0.1', port: 0 });
    const { port } = fastify.server.address() as AddressInfo;
    try {
      const received = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
          res.once('data', (chunk: Buffer) => {
            req.destroy(); // the scraper gives up after its first chunk
            resolve(chunk.length);
          });
        });
        req.on('error', () => undefined);
        req.once('error', reject).end();
      });
      expect(received).toBeGreaterThan(0);
      // Without Accept-Encoding (fetch would ask for gzip).
      const whole = await new Promise<{ length: string | undefined; body: Buffer }>((resolve, reject) =>
        request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ length: res.headers['content-length'], body: Buffer.concat(chunks) }),
          );
        })
          .once('error', reject)
          .end(),
      );
      const text = whole.body.toString();
      expect(Number(whole.length)).toBe(whole.body.length);
      expect(Buffer.byteLength(text)).toBeGreaterThan(2_000_000);
      const expected = gunzipSync((await metrics.render('prometheus', true)).body).toString();
      expect(text).toBe(expected);
    } finally {
      await fastify.close();
    }
  });
});
