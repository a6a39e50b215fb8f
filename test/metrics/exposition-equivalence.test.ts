// The exposition written straight from the snapshot must read exactly as the prom-client gauges
// wrote it: same families in the same order, same label sets, values, escaping and separators,
// in both formats. The reference is the exporter as it was (test/metrics/reference/), fed the
// same snapshots. No Kafka here: what is compared is the rendering of a given snapshot.
import { Counter, Gauge } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GroupSnapshot } from '../../server/collector/index.ts';
import { KestrelMetrics, type MetricsFormat } from '../../server/metrics/index.ts';
import { broker, group, snapshot, syntheticSnapshot, topic } from '../support/snapshot-fixtures.ts';
import { ReferenceMetrics } from './reference/exporter.ts';

const T0 = 1_700_000_000_000;
const CLUSTERS = [
  { name: 'prod', granularity: 'partition' as const },
  { name: 'edge "west"\\1', granularity: 'topic' as const },
];
const OPTIONS = { clusters: CLUSTERS, groupExpiryMs: 60_000, version: '1.2.3' };

/** Group ids may hold any character: quotes, backslashes and newlines must be escaped alike. */
function oddGroup(id: string, at: number): GroupSnapshot {
  return {
    ...group(id, [
      { topic: 'orders', partition: 0, committed: 90, end: 100, timeLagSeconds: 12 },
      { topic: 'orders', partition: 1, committed: null, end: 250 },
      { topic: 'audit', partition: 0, committed: 5, end: 5 },
    ]),
    type: 'consumer',
    state: 'Stable',
    status: 'WARN',
    consumeRate: at % 2 ? Number.POSITIVE_INFINITY : 2.5,
    timeToCatchUpSeconds: 1e21,
    timeLagSeconds: -3, // clamped to 0 by both
  };
}

function richSnapshot(cluster: string, at: number, groups: readonly GroupSnapshot[]): ClusterSnapshot {
  const orders = topic('orders', [100, 250, null], { produceRate: Number.NaN });
  const partitions = orders.partitions.map((p) =>
    p.partition === 1
      ? {
          ...p,
          leader: -1,
          isr: [2],
          eligibleLeaderReplicas: null,
          lastKnownElr: [1, 3],
          cleanLeaderPossible: false,
          offline: true,
          underReplicated: true,
          underMinIsr: true,
          leaderIsPreferred: false,
        }
      : p,
  );
  const s = snapshot({
    cluster,
    at,
    brokers: [
      broker(1, true, {
        jmx: {
          bytesInPerSec: 1.5,
          bytesOutPerSec: 0,
          messagesInPerSec: null,
          requestHandlerIdleRatio: 0.97,
          activeControllerCount: 1,
          isrShrinksPerSec: 0,
          isrExpandsPerSec: 0,
          underReplicatedPartitions: 1,
        },
      }),
      broker(2),
      broker(3, false),
    ],
    topics: [
      { ...orders, partitions, underReplicated: 1, offline: 1, elrPartitions: 1 },
      topic('audit', [5]),
    ],
    groups,
    isrChanges: [
      {
        at,
        topic: 'orders',
        partition: 1,
        kind: 'shrink',
        brokers: [1, 3],
        isrBefore: [1, 2, 3],
        isrAfter: [2],
      },
      {
        at,
        topic: 'audit',
        partition: 0,
        kind: 'expand',
        brokers: [3],
        isrBefore: [1, 2],
        isrAfter: [1, 2, 3],
      },
    ],
    errors: [{ kind: 'jmx', message: 'broker 3: connect ECONNREFUSED' }],
  });
  return {
    ...s,
    controller: {
      mode: 'kraft',
      id: 1,
      epoch: 7,
      highWatermark: 12_345,
      voters: [
        { id: 1, logEndOffset: null, lag: 0, lastFetchTimestamp: null, lastCaughtUpTimestamp: null },
        { id: 2, logEndOffset: null, lag: 3, lastFetchTimestamp: null, lastCaughtUpTimestamp: null },
        // Listed twice (a voter moving between directories): first place, last value, as prom-client.
        { id: 2, logEndOffset: null, lag: 5, lastFetchTimestamp: null, lastCaughtUpTimestamp: null },
      ],
      observers: [
        { id: 4, logEndOffset: null, lag: 10, lastFetchTimestamp: null, lastCaughtUpTimestamp: null },
      ],
    },
  };
}

/**
 * Both renderings of the latest snapshot. Asked for at once, right after the update: a render
 * asked for later could be served the previous body while the re-render runs, by design.
 */
async function both(
  ours: KestrelMetrics,
  reference: ReferenceMetrics,
  formats: readonly MetricsFormat[],
): Promise<[string, string][]> {
  const renders = formats.map((format) => Promise.all([ours.render(format), reference.render(format)]));
  return (await Promise.all(renders)).map(([a, b]) => [a.body.toString(), b.body.toString()]);
}

describe('the exposition written from the snapshot', () => {
  it('is byte for byte what the prom-client gauges wrote, in both formats, cycle after cycle', async () => {
    const ours = new KestrelMetrics(OPTIONS);
    const reference = new ReferenceMetrics(OPTIONS);
    // Another module's metrics on the same registry (as the alerts engine registers them).
    for (const registry of [ours.registry, reference.registry]) {
      new Gauge({
        name: 'kestrel_alerts_firing',
        help: 'Firing.',
        labelNames: ['cluster'],
        registers: [registry],
      }).set({ cluster: 'prod' }, 2);
      new Counter({ name: 'kestrel_notifications_total', help: 'Sent.', registers: [registry] }).inc(3);
    }
    const steps: ClusterSnapshot[] = [
      richSnapshot('prod', T0, [oddGroup('billing', T0), oddGroup('we"ird\\gr\noup', T0)]),
      richSnapshot('edge "west"\\1', T0, [oddGroup('billing', T0)]),
      // billing vanishes from prod (kept until groupExpiry); the cluster then drops out.
      richSnapshot('prod', T0 + 15_000, [oddGroup('we"ird\\gr\noup', T0 + 15_000)]),
      { ...snapshot({ cluster: 'prod', at: T0 + 30_000, reachable: false }) },
      richSnapshot('prod', T0 + 120_000, [oddGroup('new', T0 + 120_000)]),
    ];
    let compared = 0;
    for (const step of steps) {
      ours.update(step);
      reference.update(step);
      for (const [mine, theirs] of await both(ours, reference, ['prometheus', 'openmetrics'])) {
        expect(mine).toBe(theirs);
        compared += mine.length;
      }
    }
    expect(compared).toBeGreaterThan(50_000); // the comparisons were of real expositions
  });

  it('matches at scale too: 2,000 partitions and 200 groups', async () => {
    const options = {
      clusters: [{ name: 'bench', granularity: 'partition' as const }],
      groupExpiryMs: 60_000,
    };
    const ours = new KestrelMetrics(options);
    const reference = new ReferenceMetrics(options);
    const shape = { cluster: 'bench', topics: 400, partitions: 5, groups: 200 };
    for (const cycle of [0, 1]) {
      ours.update(syntheticSnapshot(cycle, shape));
      reference.update(syntheticSnapshot(cycle, shape));
      const [[mine, theirs]] = (await both(ours, reference, ['prometheus'])) as [[string, string]];
      expect(mine.split('\n').length).toBeGreaterThan(20_000);
      expect(mine).toBe(theirs);
    }
  });
});
