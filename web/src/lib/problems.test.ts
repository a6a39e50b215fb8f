import { describe, expect, it } from 'vitest';
import type { ClusterSummary } from './api/types.ts';
import { clusterProblems, problemRank } from './problems.ts';

const healthy: ClusterSummary = {
  name: 'prod',
  reachable: true,
  ready: true,
  clusterId: 'abc',
  controller: { mode: 'kraft', id: 1, epoch: 3 },
  brokers: { up: 3, down: 0 },
  topics: 10,
  internalTopics: 1,
  partitions: 30,
  internalPartitions: 1,
  underReplicatedPartitions: 0,
  underMinIsrPartitions: 0,
  offlinePartitions: 0,
  groups: { total: 4, byStatus: { OK: 4, WARN: 0, ERR: 0 } },
  totalLag: 0,
  messageRate: { perSecond: 42, source: 'offsets' },
  collectedAt: 1,
  lastSuccessAt: 1,
  lastError: null,
  consecutiveFailures: 0,
};

describe('clusterProblems', () => {
  it('lists nothing for a healthy cluster, and unknown alert counts are not problems', () => {
    expect(clusterProblems(healthy, 0)).toEqual([]);
    expect(clusterProblems(healthy, null)).toEqual([]);
  });

  it('puts the serious problems before the warnings', () => {
    const sick: ClusterSummary = {
      ...healthy,
      brokers: { up: 2, down: 1 },
      underReplicatedPartitions: 7,
      groups: { total: 4, byStatus: { OK: 1, WARN: 2, ERR: 1 } },
    };
    expect(clusterProblems(sick, 2).map((p) => [p.key, p.count, p.severity])).toEqual([
      ['overview.brokersDown', 1, 'bad'],
      ['overview.groupsErr', 1, 'bad'],
      ['overview.firing', 2, 'bad'],
      ['overview.urp', 7, 'warn'],
      ['overview.groupsWarn', 2, 'warn'],
    ]);
  });

  it('ranks unreachable clusters first, then by how bad they are', () => {
    const down = { ...healthy, reachable: false };
    const warned = { ...healthy, underReplicatedPartitions: 3 };
    const offline = { ...healthy, offlinePartitions: 1 };
    const ranked = [healthy, warned, offline, down].sort((a, b) => problemRank(b, 0) - problemRank(a, 0));
    expect(ranked).toEqual([down, offline, warned, healthy]);
  });
});
