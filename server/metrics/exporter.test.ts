import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import {
  clusterSnapshot,
  exporter,
  names,
  samples,
  scrape,
  T0,
} from '../../test/metrics/exporter-fixtures.ts';
import { ReferenceMetrics } from '../../test/metrics/reference/exporter.ts';
import { group, snapshot } from '../../test/support/snapshot-fixtures.ts';
import type { GroupSnapshot } from '../collector/index.ts';

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
