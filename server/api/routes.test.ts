import { describe, expect, it } from 'vitest';
import { apiSource, HTML_NAME, NOW, prodSnapshot, T0, useApiApp } from '../../test/support/api-app.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';

const { calls, get, getOk } = useApiApp();

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
      internalTopics: 1,
      partitions: 6,
      internalPartitions: 1,
      underReplicatedPartitions: 1,
      underMinIsrPartitions: 1,
      offlinePartitions: 1,
      groups: { total: 3, byStatus: { OK: 2, WARN: 1, ERR: 0 } },
      totalLag: 47,
      messageRate: { perSecond: null, source: null },
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

  it('lists a topic row with its total and largest group lag and its group count', async () => {
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
          maxGroupLag: 40,
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
