import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GroupSnapshot, PollerStatus, TopicSnapshot } from '../collector/index.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../logger.ts';
import type { LagPoint, StoredIsrEvent } from '../store/index.ts';
import { broker, group, snapshot, topic } from '../store/test-fixtures.ts';
import type { ApiSource } from './routes.ts';
import { sortedTopicRows } from './views.ts';

const T0 = 1_700_000_000_000;
const NOW = T0 + 60_000;
const HTML_NAME = '<script>alert("x")</script>&amp;\'';

/** prod: small and hand-checked. orders-1 lost broker 3 from its ISR; billing and audit-reader lag on orders. */
function prodSnapshot(): ClusterSnapshot {
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

const pad = (i: number) => String(i).padStart(5, '0');
const BIG_TOPICS = 600;

/**
 * big: 600 topics t-00000…t-00599 listed out of order. Topic i has i%4+1 partitions (150
 * topics tie on each count), under-replicated when i%10==0, offline when i%50==0, internal
 * when i%100==99. Group g-i (i<30) lags 10·i on t-i; g-extra adds 5 on t-0 and t-1.
 */
function bigSnapshot(): ClusterSnapshot {
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

interface HistoryCalls {
  isr: unknown[];
  lag: unknown[];
}

function apiSource(snapshots: Map<string, ClusterSnapshot | undefined>, calls?: HistoryCalls): ApiSource {
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
        lagSeries: (cluster, groupId, topicName, from, to, points) => {
          calls.lag.push({ cluster, group: groupId, topic: topicName, from, to, points });
          return [point];
        },
      },
    }),
  };
}

const big = bigSnapshot();
const calls: HistoryCalls = { isr: [], lag: [] };
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
    migrated: () => true,
    clusterStatus: () => [],
    api: apiSource(snapshots, calls),
  });
});

afterAll(() => app.close());

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json(), response };
}

async function getOk(url: string) {
  const { status: code, body } = await get(url);
  expect(code, `${url}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

interface PageBody {
  items: { name: string; lag: number | null; partitions: number; messageCount: number }[];
  total: number;
  page: number;
  pageSize: number;
}

const topicsOf = async (query: string): Promise<PageBody> => getOk(`/api/v1/clusters/big/topics?${query}`);
const names = (body: PageBody) => body.items.map((t) => t.name);
const allNames = Array.from({ length: BIG_TOPICS }, (_, i) => `t-${pad(i)}`);
const index = (name: string) => Number(name.slice(2));

describe('GET /api/v1/clusters', () => {
  it('summarises every configured cluster, polled or not', async () => {
    const { items } = await getOk('/api/v1/clusters');
    expect(items.map((c: { name: string }) => c.name)).toEqual(['prod', 'big', 'starting', 'down']);
    expect(items[0]).toEqual({
      name: 'prod',
      reachable: true,
      ready: true,
      clusterId: 'cluster-id',
      controller: { mode: 'kraft', id: 1, epoch: 1 },
      brokers: { up: 2, down: 1 },
      topics: 4,
      partitions: 6,
      underReplicatedPartitions: 1,
      underMinIsrPartitions: 1,
      offlinePartitions: 1,
      groups: { total: 3, byStatus: { OK: 2, WARN: 1, ERR: 0 } },
      totalLag: 47,
      collectedAt: T0,
      lastSuccessAt: T0,
      lastError: null,
      consecutiveFailures: 0,
    });
    expect(items[2]).toMatchObject({ name: 'starting', ready: false, reachable: false, topics: null });
    expect(items[3]).toMatchObject({
      name: 'down',
      ready: true,
      reachable: false,
      brokers: { up: 0, down: 3 },
      lastError: 'connect ECONNREFUSED',
      consecutiveFailures: 1,
      totalLag: null,
    });
  });
});

describe('brokers, controller, topic and group details', () => {
  it('returns the brokers and the controller as the snapshot holds them', async () => {
    const prod = prodSnapshot();
    expect(await getOk('/api/v1/clusters/prod/brokers')).toEqual({ items: prod.brokers });
    expect(await getOk('/api/v1/clusters/prod/controller')).toEqual(prod.controller);
  });

  it('returns a topic with its partitions, configs and the lag of each group consuming it', async () => {
    const body = await getOk('/api/v1/clusters/prod/topics/orders');
    const orders = prodSnapshot().topics[0]!;
    expect(body.partitions).toEqual(orders.partitions);
    expect(body.configs).toEqual(orders.configs);
    expect(body).toMatchObject({ name: 'orders', partitionCount: 3, underReplicated: 1, sizeBytes: 39_000 });
    expect(body.consumers).toEqual([
      { group: 'billing', state: 'Stable', status: 'WARN', lag: 40, timeLagSeconds: 30.5, partitions: 3 },
      { group: 'audit-reader', state: 'Stable', status: 'OK', lag: 5, timeLagSeconds: 1.5, partitions: 1 },
    ]);
  });

  it('returns a group with per-partition lag, owners, members and time to catch up', async () => {
    const body = await getOk('/api/v1/clusters/prod/groups/billing');
    expect(body).toEqual(prodSnapshot().groups[0]);
    expect(body.partitions[2]).toMatchObject({
      partition: 2,
      lag: 30,
      timeLagSeconds: 30.5,
      owner: 'member-1',
    });
    expect(body.members[0].assignment).toEqual([{ topic: 'orders', partitions: [0, 1, 2] }]);
    expect(body.timeToCatchUpSeconds).toBe(10);
  });

  it('lists a topic row with its total lag and group count', async () => {
    const body = await getOk('/api/v1/clusters/prod/topics?q=orders');
    expect(body).toEqual({
      items: [
        {
          name: 'orders',
          internal: false,
          partitions: 3,
          replicationFactor: 3,
          sizeBytes: 39_000,
          messageCount: 390,
          produceRate: 1.5,
          underReplicated: 1,
          underMinIsr: 1,
          offline: 0,
          lag: 45,
          consumerGroups: 2,
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    });
  });

  it('returns names with HTML and script characters verbatim as JSON strings', async () => {
    const encoded = encodeURIComponent(HTML_NAME);
    const t = await get(`/api/v1/clusters/prod/topics/${encoded}`);
    expect(t.status).toBe(200);
    expect(t.response.headers['content-type']).toMatch(/^application\/json/);
    expect(t.body.name).toBe(HTML_NAME);
    expect(t.body.consumers[0].group).toBe(HTML_NAME);
    const g = await getOk(`/api/v1/clusters/prod/groups/${encoded}`);
    expect(g.id).toBe(HTML_NAME);
    const list = await getOk(`/api/v1/clusters/prod/topics?q=${encodeURIComponent('<script>')}`);
    expect(list.items.map((i: { name: string }) => i.name)).toEqual([HTML_NAME]);
  });
});

describe('GET /api/v1/clusters/:cluster/topics on 600 topics', () => {
  it('pages by name by default, 50 a page', async () => {
    const first = await topicsOf('');
    expect(first.total).toBe(600);
    expect(first.page).toBe(1);
    expect(first.pageSize).toBe(50);
    expect(names(first)).toEqual(allNames.slice(0, 50));
    expect(names(await topicsOf('page=2'))).toEqual(allNames.slice(50, 100));
  });

  it('covers every topic once across pages, with a short last page and an empty one after it', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 86; page++) {
      const body = await topicsOf(`pageSize=7&page=${page}`);
      expect(body.items.length).toBe(page === 86 ? 5 : 7);
      seen.push(...names(body));
    }
    expect(seen).toEqual(allNames);
    expect(await topicsOf('pageSize=7&page=87')).toEqual({ items: [], total: 600, page: 87, pageSize: 7 });
    const max = await topicsOf('pageSize=500&page=2');
    expect(names(max)).toEqual(allNames.slice(500));
  });

  it('sorts by partitions with ties broken by name, in both orders', async () => {
    const asc = await topicsOf('sort=partitions&pageSize=100&page=2');
    // 150 topics have one partition (i%4==0): rows 100–149 are i=400…596, then two partitions from i=1.
    expect(names(asc)[0]).toBe('t-00400');
    expect(names(asc)[49]).toBe('t-00596');
    expect(names(asc)[50]).toBe('t-00001');
    expect(asc.items[50]!.partitions).toBe(2);

    const desc = await topicsOf('sort=partitions&order=desc&pageSize=3');
    expect(names(desc)).toEqual(['t-00003', 't-00007', 't-00011']);
    expect(desc.items.every((t) => t.partitions === 4)).toBe(true);
  });

  it('sorts by message count descending across page boundaries', async () => {
    const pages = [1, 2, 3].map((page) => topicsOf(`sort=messageCount&order=desc&pageSize=200&page=${page}`));
    const rows = (await Promise.all(pages)).flatMap((p) => p.items);
    const partitionsOf = (i: number) => (i % 4) + 1;
    const expected = [...allNames].sort((a, b) => {
      const ca = partitionsOf(index(a)) * (1000 + index(a));
      const cb = partitionsOf(index(b)) * (1000 + index(b));
      return cb - ca || (a < b ? -1 : 1);
    });
    expect(rows.map((r) => r.name)).toEqual(expected);
  });

  it('sorts by total consumer lag summed over groups, unknown lag last in either order', async () => {
    const desc = await topicsOf('sort=lag&order=desc&pageSize=32');
    expect(desc.items.slice(0, 3).map((t) => [t.name, t.lag])).toEqual([
      ['t-00029', 290],
      ['t-00028', 280],
      ['t-00027', 270],
    ]);
    expect(desc.items.slice(27).map((t) => [t.name, t.lag])).toEqual([
      ['t-00002', 20],
      ['t-00001', 15],
      ['t-00000', 5],
      ['t-00030', null],
      ['t-00031', null],
    ]);
    const asc = await topicsOf('sort=lag&order=asc&pageSize=4&page=8');
    expect(asc.items.map((t) => [t.name, t.lag])).toEqual([
      ['t-00028', 280],
      ['t-00029', 290],
      ['t-00030', null],
      ['t-00031', null],
    ]);
  });

  it('combines filters with paging', async () => {
    const urp = await topicsOf('underReplicated=true&q=T-001&pageSize=4&page=3');
    expect(urp.total).toBe(10);
    expect(names(urp)).toEqual(['t-00180', 't-00190']);
    expect((await topicsOf('underReplicated=false')).total).toBe(540);
    expect(names(await topicsOf('offline=true&sort=name&order=desc&pageSize=3'))).toEqual([
      't-00550',
      't-00500',
      't-00450',
    ]);
    expect((await topicsOf('offline=true')).total).toBe(12);
    expect((await topicsOf('internal=true')).total).toBe(6);
    expect((await topicsOf('internal=false&offline=true&underReplicated=true')).total).toBe(12);
    expect(names(await topicsOf('q=0059&internal=true'))).toEqual(['t-00599']);
  });

  it('sorts once per snapshot, column and order', () => {
    const first = sortedTopicRows(big, 'sizeBytes', 'desc');
    expect(sortedTopicRows(big, 'sizeBytes', 'desc')).toBe(first);
    expect(sortedTopicRows(bigSnapshot(), 'sizeBytes', 'desc')).not.toBe(first);
    expect(sortedTopicRows(bigSnapshot(), 'sizeBytes', 'desc')).toEqual(first);
  });
});

describe('GET /api/v1/clusters/:cluster/groups', () => {
  const groupsOf = async (query: string) => getOk(`/api/v1/clusters/big/groups?${query}`);
  const ids = (body: { items: { id: string }[] }) => body.items.map((g) => g.id);

  it('pages by id by default and sorts by lag descending', async () => {
    const first = await groupsOf('pageSize=2');
    expect(first.total).toBe(31);
    expect(ids(first)).toEqual(['g-00000', 'g-00001']);
    const byLag = await groupsOf('sort=lag&order=desc&pageSize=3');
    expect(byLag.items.map((g: { id: string; lag: number }) => [g.id, g.lag])).toEqual([
      ['g-00029', 290],
      ['g-00028', 280],
      ['g-00027', 270],
    ]);
    // g-00001 and g-extra tie on 10: the id decides.
    expect(ids(await groupsOf('sort=lag&pageSize=3'))).toEqual(['g-00000', 'g-00001', 'g-extra']);
  });

  it('sorts by time lag, with ties by id', async () => {
    // Every group's time lag is 1.5 s except g-00000 (caught up: 0).
    expect(ids(await groupsOf('sort=timeLagSeconds&order=desc&pageSize=2'))).toEqual(['g-00001', 'g-00002']);
    expect(ids(await groupsOf('sort=timeLagSeconds&pageSize=2'))).toEqual(['g-00000', 'g-00001']);
  });

  it('sorts status by severity and filters by state and status', async () => {
    expect(ids(await groupsOf('sort=status&order=desc&pageSize=2'))).toEqual(['g-00002', 'g-00005']);
    const errEmpty = await groupsOf('status=ERR&state=Empty');
    expect(ids(errEmpty)).toEqual(['g-00008', 'g-00020']);
    expect((await groupsOf('state=Stable')).total).toBe(23);
    expect(ids(await groupsOf('q=EXTRA'))).toEqual(['g-extra']);
  });
});

describe('errors', () => {
  it.each([
    ['topics?pageSize=0', 'pageSize'],
    ['topics?pageSize=10000', 'pageSize'],
    ['topics?pageSize=501', 'pageSize'],
    ['topics?pageSize=abc', 'pageSize'],
    ['topics?page=0', 'page'],
    ['topics?page=1.5', 'page'],
    ['topics?sort=bogus', 'sort'],
    ['topics?order=up', 'order'],
    ['topics?underReplicated=yes', 'underReplicated'],
    ['topics?pageSize=10&pageSize=20', 'pageSize'],
    ['topics?colour=red', 'colour'],
    ['groups?sort=name', 'sort'],
    ['groups?state=Running', 'state'],
    ['groups?status=STALL', 'status'],
    ['brokers?page=2', 'page'],
    ['isr-events?from=10&to=5', 'from'],
    ['isr-events?limit=0', 'limit'],
    ['groups/billing/history?points=1', 'points'],
  ])('answers 400 for %s', async (path, param) => {
    const { status: code, body } = await get(`/api/v1/clusters/prod/${path}`);
    expect(code).toBe(400);
    expect(body.error).toBe('bad_query');
    expect(body.message).toContain(param);
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  });

  it.each([
    '/api/v1/clusters/nope/topics',
    '/api/v1/clusters/nope/brokers',
    '/api/v1/clusters/nope/isr-events',
    '/api/v1/clusters/prod/topics/nope',
    '/api/v1/clusters/prod/groups/nope',
    '/api/v1/clusters/prod/nope',
  ])('answers 404 for %s', async (url) => {
    const { status: code, body } = await get(url);
    expect(code).toBe(404);
    expect(body.error).toBe('not_found');
    expect(typeof body.message).toBe('string');
  });

  it.each(['brokers', 'controller', 'topics', 'topics/orders', 'groups', 'groups/billing'])(
    'answers 503 on %s for a cluster not polled yet, or not answering',
    async (path) => {
      const starting = await get(`/api/v1/clusters/starting/${path}`);
      expect(starting.status).toBe(503);
      expect(starting.body).toEqual({
        error: 'not_ready',
        message: 'cluster starting has not been polled yet',
      });
      const down = await get(`/api/v1/clusters/down/${path}`);
      expect(down.status).toBe(503);
      expect(down.body.error).toBe('unreachable');
    },
  );

  it('answers 503 on history routes when there is no history', async () => {
    const bare = await buildApp({
      logger: createLogger('fatal'),
      migrated: () => true,
      clusterStatus: () => [],
      api: apiSource(new Map([['prod', prodSnapshot()]])),
    });
    const response = await bare.inject({ method: 'GET', url: '/api/v1/clusters/prod/isr-events' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toBe('no_history');
    await bare.close();
  });
});

describe('history routes', () => {
  it('reads ISR events from the store, the last day by default', async () => {
    calls.isr.length = 0;
    const body = await getOk('/api/v1/clusters/prod/isr-events');
    expect(body.from).toBe(NOW - 86_400_000);
    expect(body.to).toBe(NOW);
    expect(body.items[0]).toMatchObject({ topic: 'orders', kind: 'shrink', brokers: [3] });
    await getOk(`/api/v1/clusters/prod/isr-events?from=${T0}&to=${NOW}&topic=orders&limit=5`);
    expect(calls.isr).toEqual([
      { cluster: 'prod', from: NOW - 86_400_000, to: NOW, limit: 100 },
      { cluster: 'prod', from: T0, to: NOW, topic: 'orders', limit: 5 },
    ]);
  });

  it('reads a group lag series from the store, also for a cluster that is down', async () => {
    calls.lag.length = 0;
    const body = await getOk(`/api/v1/clusters/down/groups/billing/history?from=${T0}&to=${NOW}&points=60`);
    expect(body).toEqual({
      from: T0,
      to: NOW,
      topic: null,
      points: [{ at: T0, lag: 40, maxLag: 40, maxTimeLagSeconds: 30.5, committed: 350 }],
    });
    await getOk('/api/v1/clusters/prod/groups/billing/history?topic=orders');
    expect(calls.lag).toEqual([
      { cluster: 'down', group: 'billing', topic: undefined, from: T0, to: NOW, points: 60 },
      { cluster: 'prod', group: 'billing', topic: 'orders', from: NOW - 86_400_000, to: NOW, points: 300 },
    ]);
  });
});
