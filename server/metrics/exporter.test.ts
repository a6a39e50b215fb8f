import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { ReferenceMetrics } from '../../test/metrics/reference/exporter.ts';
import { broker, group, snapshot, topic } from '../../test/support/snapshot-fixtures.ts';
import type { ClusterSnapshot, GroupSnapshot } from '../collector/index.ts';
import { buildApp } from '../http/index.ts';
import { CLASSIC_MEMBER_FIELDS } from '../model/index.ts';
import { createLogger } from '../shared/logger.ts';
import { type Granularity, KestrelMetrics } from './exporter.ts';
import { acceptsGzip, negotiateFormat } from './negotiate.ts';

const T0 = 1_700_000_000_000;

/** Sample lines of a Prometheus text exposition, keyed `name{label="value",...}` as written. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

const names = (s: Map<string, number>) => new Set([...s.keys()].map((k) => k.split('{')[0]));

async function scrape(metrics: KestrelMetrics): Promise<Map<string, number>> {
  return samples((await metrics.render('prometheus')).body.toString());
}

function exporter(granularity: Granularity = 'partition', groupExpiryMs = 600_000) {
  return new KestrelMetrics({ clusters: [{ name: 'prod', granularity }], groupExpiryMs, version: '9.9.9' });
}

/** Two topics; orders-1 lost broker 3 from its ISR; group billing lags on orders. */
function clusterSnapshot(at = T0, groups?: readonly GroupSnapshot[]): ClusterSnapshot {
  const orders = topic('orders', [100, 250, 40]);
  const underReplicated = {
    ...orders,
    underReplicated: 1,
    partitions: orders.partitions.map((p) =>
      p.partition === 1 ? { ...p, isr: [1, 2], underReplicated: true } : p,
    ),
  };
  const billing = {
    ...group('billing', [
      { topic: 'orders', partition: 0, committed: 90, end: 100, timeLagSeconds: 12 },
      { topic: 'orders', partition: 1, committed: 250, end: 250 },
      { topic: 'orders', partition: 2, committed: 10, end: 40, timeLagSeconds: 30.5 },
    ]),
    status: 'WARN' as const,
    members: [
      { memberId: 'm-1', clientId: 'c', host: '/10.0.0.1', assignment: [], ...CLASSIC_MEMBER_FIELDS },
    ],
  };
  return {
    ...snapshot({
      cluster: 'prod',
      at,
      brokers: [broker(1), broker(2), broker(3, false)],
      topics: [underReplicated, topic('audit', [5])],
      groups: groups ?? [billing],
      isrChanges: [
        {
          at,
          topic: 'orders',
          partition: 1,
          kind: 'shrink',
          brokers: [3],
          isrBefore: [1, 2, 3],
          isrAfter: [1, 2],
        },
      ],
    }),
    cluster: 'prod',
  };
}

describe('KestrelMetrics', () => {
  it('exports what the snapshot says, with kafka_exporter names and labels plus cluster', async () => {
    const metrics = exporter();
    metrics.update(clusterSnapshot());
    const s = await scrape(metrics);
    const p = (name: string, t: string, partition: number) =>
      s.get(`${name}{cluster="prod",topic="${t}",partition="${partition}"}`);
    const gp = (name: string, partition: number) =>
      s.get(`${name}{cluster="prod",consumergroup="billing",topic="orders",partition="${partition}"}`);

    expect(s.get('kafka_brokers{cluster="prod"}')).toBe(2);
    expect(s.get('kafka_broker_info{cluster="prod",id="1",address="broker-1:9092"}')).toBe(1);
    expect(s.get('kafka_topic_partitions{cluster="prod",topic="orders"}')).toBe(3);
    expect([0, 1, 2].map((i) => p('kafka_topic_partition_current_offset', 'orders', i))).toEqual([
      100, 250, 40,
    ]);
    expect(p('kafka_topic_partition_oldest_offset', 'orders', 1)).toBe(0);
    expect(p('kafka_topic_partition_leader', 'orders', 1)).toBe(1);
    expect(p('kafka_topic_partition_replicas', 'orders', 1)).toBe(3);
    expect(p('kafka_topic_partition_in_sync_replica', 'orders', 0)).toBe(3);
    expect(p('kafka_topic_partition_in_sync_replica', 'orders', 1)).toBe(2);
    expect(p('kafka_topic_partition_under_replicated_partition', 'orders', 0)).toBe(0);
    expect(p('kafka_topic_partition_under_replicated_partition', 'orders', 1)).toBe(1);
    expect(p('kafka_topic_partition_leader_is_preferred', 'orders', 1)).toBe(1);
    expect(s.get('kestrel_topic_under_replicated_partitions{cluster="prod",topic="orders"}')).toBe(1);

    expect([0, 1, 2].map((i) => gp('kafka_consumergroup_current_offset', i))).toEqual([90, 250, 10]);
    expect([0, 1, 2].map((i) => gp('kafka_consumergroup_lag', i))).toEqual([10, 0, 30]);
    expect([0, 1, 2].map((i) => gp('kestrel_consumergroup_lag_seconds', i))).toEqual([12, 0, 30.5]);
    expect(s.get('kafka_consumergroup_lag_sum{cluster="prod",consumergroup="billing",topic="orders"}')).toBe(
      40,
    );
    expect(
      s.get('kafka_consumergroup_current_offset_sum{cluster="prod",consumergroup="billing",topic="orders"}'),
    ).toBe(350);
    expect(s.get('kafka_consumergroup_members{cluster="prod",consumergroup="billing"}')).toBe(1);
    expect(
      s.get('kestrel_consumergroup_max_lag_seconds{cluster="prod",consumergroup="billing",type="classic"}'),
    ).toBe(30.5);
    expect(
      s.get(
        'kestrel_consumergroup_status{cluster="prod",consumergroup="billing",type="classic",status="WARN"}',
      ),
    ).toBe(1);
    expect(
      s.get(
        'kestrel_consumergroup_status{cluster="prod",consumergroup="billing",type="classic",status="OK"}',
      ),
    ).toBe(0);
    expect(
      s.get(
        'kestrel_consumergroup_state{cluster="prod",consumergroup="billing",type="classic",state="Stable"}',
      ),
    ).toBe(1);

    expect(s.get('kestrel_cluster_up{cluster="prod"}')).toBe(1);
    expect(s.get('kestrel_controller_id{cluster="prod"}')).toBe(1);
    expect(s.get('kestrel_broker_up{cluster="prod",broker="3"}')).toBe(0);
    expect(s.get('kestrel_broker_up{cluster="prod",broker="1"}')).toBe(1);
    expect(s.get('kestrel_broker_log_dir_bytes{cluster="prod",broker="2"}')).toBe(2_000_000);
    expect(s.get('kestrel_broker_bytes_in_per_second{cluster="prod",broker="2"}')).toBe(200);
    expect(s.get('kestrel_collector_cycle_duration_seconds{cluster="prod"}')).toBe(0.12);
    expect(s.get('kestrel_collector_cycle_requests{cluster="prod"}')).toBe(10);
    expect(s.get('kestrel_collector_build_duration_seconds{cluster="prod"}')).toBe(0.035);
    expect(s.get('kestrel_collector_last_success_timestamp_seconds{cluster="prod"}')).toBe(T0 / 1000);
    expect(s.get('kestrel_isr_shrinks_total{cluster="prod",topic="orders",broker="3"}')).toBe(1);
    expect(s.get('kestrel_collector_errors_total{cluster="prod",kind="connection"}')).toBe(0);
    expect(s.get(`kestrel_build_info{version="9.9.9",nodejs="${process.version}"}`)).toBe(1);

    // Counters add up over snapshots; gauges show the latest.
    metrics.update(clusterSnapshot(T0 + 15_000));
    const next = await scrape(metrics);
    expect(next.get('kestrel_isr_shrinks_total{cluster="prod",topic="orders",broker="3"}')).toBe(2);
    expect(next.get('kestrel_collector_cycles_total{cluster="prod"}')).toBe(2);
    expect(
      next.get('kafka_consumergroup_lag_sum{cluster="prod",consumergroup="billing",topic="orders"}'),
    ).toBe(40);
  });

  it('never exports a negative lag', async () => {
    const negative = group('rewound', [{ topic: 'orders', partition: 0, committed: 120, end: 100 }]);
    const forced: GroupSnapshot = {
      ...negative,
      lag: -20,
      timeLagSeconds: -1,
      partitions: negative.partitions.map((p) => ({ ...p, lag: -20, timeLagSeconds: -4 })),
      topics: negative.topics.map((t) => ({ ...t, lag: -20, timeLagSeconds: -4 })),
    };
    const metrics = exporter();
    metrics.update(clusterSnapshot(T0, [forced]));
    const s = await scrape(metrics);
    const lagSeries = [...s].filter(([key]) =>
      /^(kafka_consumergroup_lag|kestrel_consumergroup_.*lag)/.test(key),
    );
    expect(lagSeries.length).toBeGreaterThanOrEqual(5);
    for (const [key, value] of lagSeries) expect(value, key).toBe(0);
  });

  it('omits the per-partition series at topic granularity and keeps the sums', async () => {
    const metrics = exporter('topic');
    metrics.update(clusterSnapshot());
    const s = await scrape(metrics);
    const present = names(s);
    for (const partitionSeries of [
      'kafka_topic_partition_current_offset',
      'kafka_topic_partition_in_sync_replica',
      'kafka_topic_partition_under_replicated_partition',
      'kafka_consumergroup_current_offset',
      'kafka_consumergroup_lag',
      'kestrel_consumergroup_lag_seconds',
      'kestrel_partition_offline',
    ])
      expect(present.has(partitionSeries), partitionSeries).toBe(false);
    expect([...s.keys()].some((k) => k.includes('partition="'))).toBe(false);
    expect(s.get('kafka_consumergroup_lag_sum{cluster="prod",consumergroup="billing",topic="orders"}')).toBe(
      40,
    );
    expect(s.get('kafka_topic_partitions{cluster="prod",topic="orders"}')).toBe(3);
    expect(s.get('kestrel_topic_under_replicated_partitions{cluster="prod",topic="orders"}')).toBe(1);
    expect(
      s.get(
        'kestrel_consumergroup_topic_max_lag_seconds{cluster="prod",consumergroup="billing",topic="orders"}',
      ),
    ).toBe(30.5);
  });

  it('keeps a vanished group until groupExpiry, then drops it', async () => {
    const metrics = exporter('partition', 10 * 60_000);
    const lagSum = 'kafka_consumergroup_lag_sum{cluster="prod",consumergroup="billing",topic="orders"}';
    metrics.update(clusterSnapshot(T0));
    expect((await scrape(metrics)).get(lagSum)).toBe(40);

    metrics.update(clusterSnapshot(T0 + 5 * 60_000, []));
    expect((await scrape(metrics)).get(lagSum)).toBe(40); // gone briefly: last values kept

    metrics.update(clusterSnapshot(T0 + 10 * 60_000 + 1, []));
    const s = await scrape(metrics);
    expect(s.get(lagSum)).toBeUndefined();
    expect([...s.keys()].some((k) => k.includes('consumergroup="billing"'))).toBe(false);

    metrics.update(clusterSnapshot(T0 + 11 * 60_000)); // back again
    expect((await scrape(metrics)).get(lagSum)).toBe(40);
  });

  it('says the cluster is down and keeps the last success time when a cycle fails', async () => {
    const metrics = exporter();
    expect((await scrape(metrics)).get('kestrel_cluster_up{cluster="prod"}')).toBe(0); // before any cycle
    metrics.update(clusterSnapshot(T0));
    metrics.update({ ...snapshot({ cluster: 'prod', at: T0 + 15_000, reachable: false }), cluster: 'prod' });
    const s = await scrape(metrics);
    expect(s.get('kestrel_cluster_up{cluster="prod"}')).toBe(0);
    expect(s.get('kestrel_collector_last_success_timestamp_seconds{cluster="prod"}')).toBe(T0 / 1000);
    expect(s.get('kestrel_collector_errors_total{cluster="prod",kind="connection"}')).toBe(1);
    expect(s.get('kafka_topic_partitions{cluster="prod",topic="orders"}')).toBeUndefined();
  });

  it('renders once per snapshot and format', async () => {
    const metrics = exporter();
    metrics.update(clusterSnapshot(T0));
    const first = await metrics.render('prometheus');
    // What the prom-client gauges wrote, before the snapshot series were written directly.
    const reference = new ReferenceMetrics({
      clusters: [{ name: 'prod', granularity: 'partition' }],
      groupExpiryMs: 600_000,
      version: '9.9.9',
    });
    reference.update(clusterSnapshot(T0));
    expect(first.body.toString()).toBe((await reference.render('prometheus')).body.toString());
    // What is cached is the gzip body; plain scrapes are inflated from that same buffer.
    const zipped = await metrics.render('prometheus', true);
    expect(gunzipSync(zipped.body).toString()).toBe(first.body.toString());
    expect((await metrics.render('prometheus', true)).body).toBe(zipped.body);
    metrics.update(clusterSnapshot(T0 + 15_000));
    expect((await metrics.render('prometheus', true)).body).not.toBe(zipped.body);
  });
});

describe('KestrelMetrics while a render is under way', () => {
  it('answers with the previous body at once, then with the new one', async () => {
    const cycles = 'kestrel_collector_cycles_total{cluster="prod"}';
    const metrics = exporter();
    metrics.update(clusterSnapshot(T0));
    const first = await metrics.render('prometheus', true); // from now on re-rendered after each refresh
    metrics.update(clusterSnapshot(T0 + 15_000));
    await new Promise((resolve) => setImmediate(resolve)); // that re-render has started
    const during = await metrics.render('prometheus', true);
    expect(during.body).toBe(first.body);
    expect(samples(gunzipSync(during.body).toString()).get(cycles)).toBe(1);
    expect(samples((await metrics.render('prometheus')).body.toString()).get(cycles)).toBe(1);
    await vi.waitFor(async () => expect((await scrape(metrics)).get(cycles)).toBe(2));
  });
});

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

describe('negotiation', () => {
  it('picks OpenMetrics only when it is preferred', () => {
    expect(negotiateFormat(undefined)).toBe('prometheus');
    expect(negotiateFormat('*/*')).toBe('prometheus');
    expect(negotiateFormat('text/plain;version=0.0.4')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text')).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text; version=0.0.1')).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text;version=2.0.0')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text;q=0.3,text/plain;q=0.9')).toBe('prometheus');
    expect(negotiateFormat('text/plain;q=0.5, application/openmetrics-text;version=1.0.0')).toBe(
      'openmetrics',
    );
    expect(negotiateFormat('application/openmetrics-text;q=0')).toBe('prometheus');
  });

  it('sees gzip in Accept-Encoding', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
  });
});
