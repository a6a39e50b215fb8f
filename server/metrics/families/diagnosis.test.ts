import { describe, expect, it } from 'vitest';
import { broker, group, snapshot, topic } from '../../../test/support/snapshot-fixtures.ts';
import { KestrelMetrics } from '../exporter.ts';

const T0 = 1_700_000_000_000;

async function scrape(metrics: KestrelMetrics): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await metrics.render('prometheus')).body.toString().split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

describe('backlog doctor series', () => {
  it('exports time to deletion, lost messages, skew, rebalances and leader balance', async () => {
    const logs = topic('logs', [1000, 1000, 1000], {
      configs: { retentionMs: 600_000, retentionBytes: null, cleanupPolicy: 'delete', minInsyncReplicas: 1 },
    });
    const partitions = logs.partitions.map((p) => ({
      ...p,
      startOffset: p.partition === 0 ? 400 : 0,
      // Broker 2 is the preferred leader of partition 2 but broker 1 leads it.
      replicas: p.partition === 2 ? [2, 1] : [1, 2],
      preferredLeader: p.partition === 2 ? 2 : 1,
      leaderIsPreferred: p.partition !== 2,
    }));
    const s = snapshot({
      cluster: 'prod',
      at: T0,
      brokers: [broker(1), broker(2)],
      topics: [{ ...logs, partitions }],
      groups: [
        group('stopped', [
          { topic: 'logs', partition: 0, committed: 100, end: 1000, timeLagSeconds: 550 },
          { topic: 'logs', partition: 1, committed: 1000, end: 1000 },
          { topic: 'logs', partition: 2, committed: 1000, end: 1000 },
        ]),
      ],
    });
    const metrics = new KestrelMetrics({
      clusters: [{ name: 'prod', granularity: 'topic' }],
      groupExpiryMs: 600_000,
    });
    metrics.update(s);
    const m = await scrape(metrics);
    const gt = '{cluster="prod",consumergroup="stopped",topic="logs"}';
    expect(m.get(`kestrel_consumergroup_retention_seconds_to_deletion${gt}`)).toBe(50);
    expect(m.get(`kestrel_consumergroup_lost_messages${gt}`)).toBe(300);
    expect(m.get(`kestrel_consumergroup_lag_skew_ratio${gt}`)).toBe(3);
    expect(m.get('kestrel_consumergroup_rebalances_last_hour{cluster="prod",consumergroup="stopped"}')).toBe(
      0,
    );
    expect(
      m.get('kestrel_consumergroup_findings{cluster="prod",consumergroup="stopped"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(m.get('kestrel_broker_leader_imbalance_percent{cluster="prod",broker="2"}')).toBe(100);
    expect(m.get('kestrel_broker_leader_imbalance_percent{cluster="prod",broker="1"}')).toBe(0);
    expect(m.get('kestrel_broker_preferred_partitions_led_elsewhere{cluster="prod",broker="2"}')).toBe(1);
    expect(m.get('kestrel_broker_leader_fair_share{cluster="prod",broker="1"}')).toBe(1.5);
    // Sizes 1000 * 100 bytes each: even.
    expect(m.get('kestrel_topic_size_skew_ratio{cluster="prod",topic="logs"}')).toBe(1);

    // Caught up and balanced: the risk series go away.
    metrics.update(
      snapshot({ cluster: 'prod', at: T0 + 1000, brokers: [broker(1)], topics: [topic('logs', [5])] }),
    );
    const after = await scrape(metrics);
    expect([...after.keys()].some((k) => k.startsWith('kestrel_consumergroup_lost_messages'))).toBe(false);
  });
});
