// The exporter under test, a snapshot for it to export and a reader of what it renders: shared
// by the exporter's tests (server/metrics/exporter.test.ts) and its route's (route.test.ts).
import type { ClusterSnapshot, GroupSnapshot } from '../../server/collector/index.ts';
import { type Granularity, KestrelMetrics } from '../../server/metrics/exporter.ts';
import { CLASSIC_MEMBER_FIELDS } from '../../server/model/index.ts';
import { broker, group, snapshot, topic } from '../support/snapshot-fixtures.ts';

export const T0 = 1_700_000_000_000;

/** Sample lines of a Prometheus text exposition, keyed `name{label="value",...}` as written. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

export const names = (s: Map<string, number>) => new Set([...s.keys()].map((k) => k.split('{')[0]));

export async function scrape(metrics: KestrelMetrics): Promise<Map<string, number>> {
  return samples((await metrics.render('prometheus')).body.toString());
}

export function exporter(granularity: Granularity = 'partition', groupExpiryMs = 600_000) {
  return new KestrelMetrics({ clusters: [{ name: 'prod', granularity }], groupExpiryMs, version: '9.9.9' });
}

/** Two topics; orders-1 lost broker 3 from its ISR; group billing lags on orders. */
export function clusterSnapshot(at = T0, groups?: readonly GroupSnapshot[]): ClusterSnapshot {
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
