import { describe, expect, it } from 'vitest';
import { useApiApp } from '../../test/support/api-app.ts';

const { get, getOk } = useApiApp();

describe('GET /api/v1/clusters/:cluster/diagnosis', () => {
  it('lists lagging groups with their first finding, and the leader balance', async () => {
    const body = await getOk('/api/v1/clusters/prod/diagnosis');
    // The oldest backlog first; the fixture's other groups have lag and no member.
    expect(body.lagging.map((g: { group: string }) => g.group)).toEqual([
      'billing',
      'audit-reader',
      expect.any(String),
    ]);
    expect(body.lagging[1].first.kind).toBe('noMembers');
    expect(body.lagging.slice(0, 1)).toEqual([
      expect.objectContaining({
        group: 'billing',
        status: 'WARN',
        lag: 40,
        findings: 1,
        first: expect.objectContaining({
          kind: 'parallelism',
          evidence: expect.objectContaining({ members: 1, partitions: 3, room: 2 }),
        }),
      }),
    ]);
    expect(body.leaders).toMatchObject({ notPreferred: 0, brokers: [{ broker: 1 }, { broker: 2 }] });
    expect((await getOk('/api/v1/clusters/prod/diagnosis?limit=1')).lagging).toHaveLength(1);
    expect(body.topics).toEqual([]);
    const bad = await get('/api/v1/clusters/prod/diagnosis?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBeDefined();
  });

  it('answers a group diagnosis in English and Chinese, and 404 for an unknown group', async () => {
    const d = await getOk('/api/v1/clusters/prod/groups/billing/diagnosis');
    expect(d).toMatchObject({ group: 'billing', lag: 40, lostMessages: 0, parallelism: { members: 1 } });
    expect(d.findings[0].message.en).toContain('1 member consumes 3 partitions');
    expect(d.findings[0].message.zh).toContain('1 个成员消费 3 个分区');
    const missing = await get('/api/v1/clusters/prod/groups/nope/diagnosis');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
  });

  it('answers topic diagnosis and leader balance; 404 for unknown clusters', async () => {
    const t = await getOk('/api/v1/clusters/prod/topics/orders/diagnosis');
    expect(t).toMatchObject({
      topic: 'orders',
      retention: { applies: true, retentionMs: null },
      findings: [],
    });
    expect(t.sizeSkew).toMatchObject({ topPartition: 1, partitions: 3 });
    expect((await getOk('/api/v1/clusters/prod/leader-balance')).ledPartitions).toBe(6);
    expect((await get('/api/v1/clusters/nowhere/leader-balance')).status).toBe(404);
    expect((await get('/api/v1/clusters/prod/topics/nope/diagnosis')).status).toBe(404);
  });

  it('answers 503 for the cluster history without a store that keeps it, 400 for a bad range', async () => {
    const none = await get('/api/v1/clusters/prod/history');
    expect(none.status).toBe(503);
    expect(none.body.error).toBe('no_history');
    expect((await get('/api/v1/clusters/prod/history?points=1')).status).toBe(400);
    expect((await get('/api/v1/clusters/nowhere/history')).status).toBe(404);
  });
});
