// The API under test: fixtures and an app built on them, shared by the route tests.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ApiSource } from '../../server/api/source.ts';
import type {
  ClusterSnapshot,
  GroupSnapshot,
  PollerStatus,
  TopicSnapshot,
} from '../../server/collector/index.ts';
import { buildApp } from '../../server/http/index.ts';
import { CLASSIC_MEMBER_FIELDS } from '../../server/model/index.ts';
import { createLogger } from '../../server/shared/logger.ts';
import type { LagPoint, StoredIsrEvent } from '../../server/store/index.ts';
import { broker, group, snapshot, topic } from './snapshot-fixtures.ts';

export const T0 = 1_700_000_000_000;
export const NOW = T0 + 60_000;
export const HTML_NAME = '<script>alert("x")</script>&amp;\'';

/** prod: small and hand-checked. orders-1 lost broker 3 from its ISR; billing and audit-reader lag on orders. */
export function prodSnapshot(): ClusterSnapshot {
  const orders = topic('orders', [100, 250, 40], { underReplicated: 1, underMinIsr: 1 });
  const withUrp: TopicSnapshot = {
    ...orders,
    partitions: orders.partitions.map((p) =>
      p.partition === 1 ? { ...p, isr: [1, 2], underReplicated: true, underMinIsr: true } : p,
    ),
  };
  const billing: GroupSnapshot = {
    ...group('billing', [
      { topic: 'orders', partition: 0, committed: 90, end: 100, timeLagSeconds: 12 },
      { topic: 'orders', partition: 1, committed: 250, end: 250 },
      { topic: 'orders', partition: 2, committed: 10, end: 40, timeLagSeconds: 30.5 },
    ]),
    status: 'WARN',
    consumeRate: 4,
    timeToCatchUpSeconds: 10,
    members: [
      {
        memberId: 'member-1',
        clientId: 'billing-1',
        host: '/10.0.0.1',
        assignment: [{ topic: 'orders', partitions: [0, 1, 2] }],
        ...CLASSIC_MEMBER_FIELDS,
      },
    ],
  };
  const auditReader = group('audit-reader', [
    { topic: 'orders', partition: 0, committed: 95, end: 100 },
    { topic: 'audit', partition: 0, committed: 5, end: 5 },
  ]);
  const html = group(HTML_NAME, [{ topic: HTML_NAME, partition: 0, committed: 1, end: 3 }]);
  return snapshot({
    cluster: 'prod',
    at: T0,
    brokers: [broker(1), broker(2), broker(3, false)],
    topics: [
      withUrp,
      topic('audit', [5]),
      topic('__consumer_offsets', [0], { internal: true, offline: 1 }),
      topic(HTML_NAME, [3]),
    ],
    groups: [billing, auditReader, html],
  });
}

export const pad = (i: number) => String(i).padStart(5, '0');
export const BIG_TOPICS = 600;

/**
 * big: 600 topics t-00000…t-00599 listed out of order. Topic i has i%4+1 partitions (150
 * topics tie on each count), under-replicated when i%10==0, offline when i%50==0, internal
 * when i%100==99. Group g-i (i<30) lags 10·i on t-i; g-extra adds 5 on t-0 and t-1.
 */
export function bigSnapshot(): ClusterSnapshot {
  const topics = Array.from({ length: BIG_TOPICS }, (_, k) => {
    const i = (k * 7) % BIG_TOPICS;
    return topic(`t-${pad(i)}`, Array(i % 4 ? (i % 4) + 1 : 1).fill(1000 + i), {
      underReplicated: i % 10 === 0 ? 1 : 0,
      offline: i % 50 === 0 ? 1 : 0,
      internal: i % 100 === 99,
    });
  });
  const groups: GroupSnapshot[] = Array.from({ length: 30 }, (_, i) => ({
    ...group(`g-${pad(i)}`, [{ topic: `t-${pad(i)}`, partition: 0, committed: 1000, end: 1000 + 10 * i }]),
    state: i % 4 === 0 ? ('Empty' as const) : ('Stable' as const),
    status: (['OK', 'WARN', 'ERR'] as const)[i % 3]!,
  }));
  groups.push(
    group('g-extra', [
      { topic: 't-00000', partition: 0, committed: 995, end: 1000 },
      { topic: 't-00001', partition: 0, committed: 996, end: 1001 },
    ]),
  );
  return snapshot({ cluster: 'big', at: T0, topics, groups });
}

function status(cluster: string, snap: ClusterSnapshot | undefined): PollerStatus {
  return {
    cluster,
    lastSuccessAt: snap?.reachable ? snap.collectedAt : null,
    lastError: snap && !snap.reachable ? 'connect ECONNREFUSED' : null,
    consecutiveFailures: snap && !snap.reachable ? 1 : 0,
    cycles: snap ? 1 : 0,
  };
}

export interface HistoryCalls {
  isr: unknown[];
  lag: unknown[];
  series: unknown[];
}

export function apiSource(
  snapshots: Map<string, ClusterSnapshot | undefined>,
  calls?: HistoryCalls,
): ApiSource {
  const event: StoredIsrEvent = {
    at: T0,
    topic: 'orders',
    partition: 1,
    kind: 'shrink',
    brokers: [3],
    isrBefore: [1, 2, 3],
    isrAfter: [1, 2],
  };
  const point: LagPoint = { at: T0, lag: 40, maxLag: 40, maxTimeLagSeconds: 30.5, committed: 350 };
  return {
    status: () => [...snapshots].map(([name, snap]) => status(name, snap)),
    latest: (cluster) => snapshots.get(cluster),
    now: () => NOW,
    ...(calls && {
      history: {
        isrEvents: (cluster, query) => {
          calls.isr.push({ cluster, ...query });
          return [event];
        },
        firstAt: () => T0,
        lagSeries: (cluster, groupId, topicName, from, to, points) => {
          calls.lag.push({ cluster, group: groupId, topic: topicName, from, to, points });
          return [point];
        },
        topicSeries: (cluster, topicName, from, to, points) => {
          calls.series.push({ kind: 'topic', cluster, topic: topicName, from, to, points });
          return [
            { at: T0, sizeBytes: 10, messageCount: 5, endOffsetSum: 7, produceRate: 0.5, maxProduceRate: 1 },
          ];
        },
        brokerSeries: (cluster, brokerId, from, to, points) => {
          calls.series.push({ kind: 'broker', cluster, broker: brokerId, from, to, points });
          return [
            {
              at: T0,
              up: 1,
              partitions: 3,
              leaders: 1,
              maxUnderReplicated: 0,
              logDirBytes: null,
              bytesInPerSec: null,
              bytesOutPerSec: null,
              messagesInPerSec: null,
            },
          ];
        },
      },
    }),
  };
}

/**
 * Registers an app for the calling test file, built on the prod, big, starting (no snapshot
 * yet) and down clusters, with a recording history; returns helpers that use it.
 */
export function useApiApp() {
  const big = bigSnapshot();
  const calls: HistoryCalls = { isr: [], lag: [], series: [] };
  let app: FastifyInstance;

  beforeAll(async () => {
    const snapshots = new Map<string, ClusterSnapshot | undefined>([
      ['prod', prodSnapshot()],
      ['big', big],
      ['starting', undefined],
      ['down', snapshot({ cluster: 'down', at: T0, reachable: false })],
    ]);
    app = await buildApp({
      logger: createLogger('fatal'),
      clusterStatus: () => [],
      api: apiSource(snapshots, calls),
    });
  });

  afterAll(() => app.close());

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json(), response };
  };
  const getOk = async (url: string) => {
    const { status: code, body } = await get(url);
    expect(code, `${url}: ${JSON.stringify(body)}`).toBe(200);
    return body;
  };
  return { big, calls, get, getOk };
}
