import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/index.ts';
import { createLogger } from '../shared/logger.ts';
import { KestrelMetrics } from './exporter.ts';
import { buildMetricsServer } from './route.ts';

describe('metrics configuration', () => {
  it('defaults to partition granularity, a 10 minute group expiry and no separate port', () => {
    const { config } = loadConfig({ env: { KAFKA_BROKERS: 'k:9092' } });
    expect(config.metrics).toEqual({ groupExpiry: 600_000 });
    expect(config.clusters[0]!.granularity).toBe('partition');
  });

  it('takes every key from the environment', () => {
    const { config } = loadConfig({
      env: {
        KAFKA_BROKERS: 'k:9092',
        KAFKA_GRANULARITY: 'topic',
        KESTREL_METRICS_PORT: '9308',
        KESTREL_METRICS_GROUP_EXPIRY: '2m',
      },
    });
    expect(config.metrics).toEqual({ port: 9308, groupExpiry: 120_000 });
    expect(config.clusters[0]!.granularity).toBe('topic');
  });

  it('names the bad key', () => {
    expect(() => loadConfig({ env: { KAFKA_BROKERS: 'k:9092', KAFKA_GRANULARITY: 'broker' } })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ env: { KAFKA_BROKERS: 'k:9092', KESTREL_METRICS_PORT: '0' } })).toThrow(
      /metrics\.port/,
    );
  });
});

describe('separate metrics server', () => {
  it('serves /metrics and nothing else', async () => {
    const metrics = new KestrelMetrics({
      clusters: [{ name: 'a', granularity: 'topic' }],
      groupExpiryMs: 1000,
    });
    const app = buildMetricsServer(createLogger('fatal'), metrics);
    const scrape = await app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toContain('kestrel_cluster_up{cluster="a"} 0');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(404);
    await app.close();
  });
});
