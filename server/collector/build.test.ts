import { describe, expect, it } from 'vitest';
import type { RawTopic } from '../model/index.ts';
import { CLASSIC_MEMBER_FIELDS, type DescribedGroup, partitionKey, recordKey } from '../model/index.ts';
import { buildSnapshot } from './build.ts';
import type { RawCycle } from './raw.ts';
import { emptyState } from './state.ts';

const OPTIONS = { lagWindow: 3, maxBracketMs: 15_000 };

function raw(
  at: number,
  overrides: Partial<RawCycle> & { topics?: RawTopic[]; brokers?: number[] } = {},
): RawCycle {
  const { topics = [topic('orders', [[1, [1, 2, 3], [1, 2, 3]]])], brokers = [1, 2, 3], ...rest } = overrides;
  return {
    startedAt: at,
    finishedAt: at + 50,
    metadata: {
      clusterId: 'abc',
      controllerId: 2,
      brokers: brokers.map((id) => ({ id, host: `b${id}`, port: 9092, rack: null })),
      topics,
    },
    quorum: { leaderId: 3, leaderEpoch: 7, highWatermark: 100, voters: [], observers: [] },
    configs: new Map([
      ['orders', { retentionMs: 1000, retentionBytes: -1, cleanupPolicy: 'delete', minInsyncReplicas: 2 }],
    ]),
    groups: [],
    committed: new Map(),
    shareOffsets: new Map(),
    startOffsets: new Map(),
    endOffsets: new Map(),
    endOffsetsAt: at + 10,
    logDirs: new Map(),
    recordTimestamps: new Map(),
    jmx: new Map(),
    errors: [],
    requests: 5,
    ...rest,
  };
}

function topic(name: string, partitions: [leader: number, replicas: number[], isr: number[]][]): RawTopic {
  return {
    name,
    internal: name.startsWith('__'),
    partitions: partitions.map(([leader, replicas, isr], partition) => ({
      partition,
      leader,
      replicas,
      isr,
      offlineReplicas: [],
      eligibleLeaderReplicas: null,
      lastKnownElr: null,
    })),
  };
}

function group(id: string, owned: [topic: string, partition: number][] = []): DescribedGroup {
  return {
    id,
    type: 'classic',
    state: owned.length ? 'Stable' : 'Empty',
    protocolType: 'consumer',
    protocol: owned.length ? 'range' : '',
    groupEpoch: null,
    assignmentEpoch: null,
    coordinator: 1,
    members: owned.length
      ? [
          {
            memberId: 'm1',
            clientId: 'c1',
            host: '/127.0.0.1',
            assignment: owned.map(([t, p]) => ({ topic: t, partitions: [p] })),
            ...CLASSIC_MEMBER_FIELDS,
          },
        ]
      : [],
  };
}

const offsets = (entries: [string, number, number][]) =>
  new Map(entries.map(([t, p, o]) => [partitionKey(t, p), o]));

describe('buildSnapshot', () => {
  it('derives partition flags, topic aggregates and the KRaft controller', () => {
    const state = emptyState();
    const snapshot = buildSnapshot(
      'c',
      raw(0, {
        topics: [
          topic('orders', [
            [1, [1, 2, 3], [1, 2, 3]],
            [2, [3, 2, 1], [2, 1]],
            [-1, [3, 1, 2], [3]],
          ]),
        ],
        startOffsets: offsets([
          ['orders', 0, 10],
          ['orders', 1, 0],
          ['orders', 2, 0],
        ]),
        endOffsets: offsets([
          ['orders', 0, 110],
          ['orders', 1, 50],
          ['orders', 2, 5],
        ]),
        logDirs: new Map([
          [
            1,
            new Map([
              [partitionKey('orders', 0), 1000],
              [partitionKey('orders', 1), 500],
            ]),
          ],
          [3, new Map([[partitionKey('orders', 2), 77]])],
        ]),
      }),
      state,
      OPTIONS,
    );
    const [orders] = snapshot.topics;
    expect(orders).toMatchObject({
      partitionCount: 3,
      replicationFactor: 3,
      messageCount: 155,
      underReplicated: 2,
      underMinIsr: 1,
      offline: 1,
    });
    // Partition 1's leader (2) has no log-dir entry here, so the size comes from another replica (1).
    expect(orders!.sizeBytes).toBe(1000 + 500 + 77);
    expect(orders!.partitions[1]).toMatchObject({
      preferredLeader: 3,
      leaderIsPreferred: false,
      underReplicated: true,
      underMinIsr: false,
    });
    expect(orders!.partitions[2]).toMatchObject({ offline: true, underMinIsr: true });
    expect(snapshot.controller).toMatchObject({ mode: 'kraft', id: 3, epoch: 7 });
    expect(snapshot.brokers.find((b) => b.id === 3)).toMatchObject({
      isController: true,
      partitions: 3,
      leaders: 0,
    });
    expect(snapshot.brokers.find((b) => b.id === 2)).toMatchObject({
      leaders: 1,
      underReplicated: 1,
      logDirBytes: null,
    });
    expect(snapshot.brokers.find((b) => b.id === 1)!.logDirBytes).toBe(1500);
    expect(
      Object.isFrozen(snapshot) && Object.isFrozen(snapshot.topics) && Object.isFrozen(snapshot.groups),
    ).toBe(true);
  });

  it('uses Metadata’s controller only in ZooKeeper mode', () => {
    const snapshot = buildSnapshot('c', raw(0, { quorum: 'unsupported' }), emptyState(), OPTIONS);
    expect(snapshot.controller).toMatchObject({ mode: 'zookeeper', id: 2 });
  });

  it('reports a broker seen before and missing now as down, and ISR shrinks naming it', () => {
    const state = emptyState();
    buildSnapshot('c', raw(0), state, OPTIONS);
    const after = buildSnapshot(
      'c',
      raw(15_000, { brokers: [1, 3], topics: [topic('orders', [[1, [1, 2, 3], [1, 3]]])] }),
      state,
      OPTIONS,
    );
    expect(after.brokers.map((b) => [b.id, b.up])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(after.isrChanges).toEqual([
      {
        at: 15_000,
        topic: 'orders',
        partition: 0,
        kind: 'shrink',
        brokers: [2],
        isrBefore: [1, 2, 3],
        isrAfter: [1, 3],
      },
    ]);
    const back = buildSnapshot('c', raw(30_000), state, OPTIONS);
    expect(back.isrChanges.map((c) => [c.kind, c.brokers])).toEqual([['expand', [2]]]);
  });

  it('an unreachable cycle keeps known brokers (down) and compares the next cycle with the last good one', () => {
    const state = emptyState();
    buildSnapshot('c', raw(0), state, OPTIONS);
    const down = buildSnapshot(
      'c',
      { ...raw(15_000), metadata: null, quorum: null, errors: [{ kind: 'connection', message: 'refused' }] },
      state,
      OPTIONS,
    );
    expect(down.reachable).toBe(false);
    expect(down.brokers.every((b) => !b.up)).toBe(true);
    expect(down.errors).toHaveLength(1);
    const back = buildSnapshot(
      'c',
      raw(30_000, { topics: [topic('orders', [[1, [1, 2, 3], [1]]])] }),
      state,
      OPTIONS,
    );
    expect(back.isrChanges.map((c) => c.brokers)).toEqual([[2, 3]]);
  });

  it('computes group lag, rates, time lag and Burrow status over cycles', () => {
    const state = emptyState();
    const cycle = (at: number, end: number, committed: number, groups: DescribedGroup[]) =>
      buildSnapshot(
        'c',
        raw(at, {
          endOffsets: offsets([['orders', 0, end]]),
          endOffsetsAt: at,
          groups,
          committed: new Map(groups.map((g) => [g.id, offsets([['orders', 0, committed]])])),
        }),
        state,
        OPTIONS,
      );
    // Producer writes 100 msgs per 10 s; the consumer is alive but stuck at offset 50.
    cycle(0, 100, 50, [group('stuck', [['orders', 0]])]);
    cycle(10_000, 200, 50, [group('stuck', [['orders', 0]])]);
    const third = cycle(20_000, 300, 50, [group('stuck', [['orders', 0]])]);
    const stuck = third.groups[0]!;
    expect(stuck).toMatchObject({ lag: 250, status: 'ERR', consumeRate: 0 });
    expect(stuck.partitions[0]).toMatchObject({
      committedOffset: 50,
      endOffset: 300,
      lag: 250,
      status: 'STALL',
      owner: 'm1',
    });
    // Message 50 was appended between t=0 (end 100 > 50 already at the first look): history
    // does not reach back, so without a record timestamp the time lag is a lower bound.
    expect(stuck.partitions[0]).toMatchObject({ timeLagSource: 'lower-bound', timeLagSeconds: 20 });
    expect(third.topics[0]!.produceRate).toBe(10);
  });

  it('time lag from history, and from the record timestamp when history is too coarse', () => {
    const state = emptyState();
    const cycle = (at: number, end: number, committed: number, timestamps = new Map<string, number>()) =>
      buildSnapshot(
        'c',
        raw(at, {
          endOffsets: offsets([['orders', 0, end]]),
          endOffsetsAt: at,
          groups: [group('g')],
          committed: new Map([['g', offsets([['orders', 0, committed]])]]),
          recordTimestamps: timestamps,
        }),
        state,
        OPTIONS,
      );
    cycle(0, 10, 10);
    cycle(15_000, 20, 10); // messages 10..19 appended in (0, 15 s]
    cycle(300_000, 20, 10);
    const idle = cycle(600_000, 20, 10); // producer idle since; consumer never moved
    expect(idle.groups[0]!.partitions[0]).toMatchObject({
      lag: 10,
      timeLagSource: 'history',
      timeLagSeconds: 592.5,
    });
    expect(idle.groups[0]!.partitions[0]!.status).toBe('STOP'); // nobody owns it, no progress, lag all along

    const reread = cycle(601_000, 20, 0, new Map([[recordKey('orders', 0, 0), 1000]]));
    expect(reread.groups[0]!.partitions[0]).toMatchObject({
      lag: 20,
      timeLagSource: 'record',
      timeLagSeconds: 600,
    });
    expect(reread.groups[0]!.partitions[0]!.status).toBe('REWIND');
  });

  it('forgets windows and history of partitions and groups that are gone', () => {
    const state = emptyState();
    buildSnapshot(
      'c',
      raw(0, {
        endOffsets: offsets([['orders', 0, 5]]),
        groups: [group('g')],
        committed: new Map([['g', offsets([['orders', 0, 1]])]]),
      }),
      state,
      OPTIONS,
    );
    expect(state.lagWindows.size).toBe(1);
    expect(state.endOffsetRuns.size).toBe(1);
    buildSnapshot('c', raw(1000, { topics: [] }), state, OPTIONS);
    expect(state.lagWindows.size).toBe(0);
    expect(state.endOffsetRuns.size).toBe(0);
  });

  it('diagnoses every cycle: capacity over the lag window, churn across cycles, kept through a failed group read', () => {
    const state = emptyState();
    const cycle = (
      at: number,
      end: number,
      committed: number,
      groups: DescribedGroup[],
      errors: RawCycle['errors'] = [],
    ) =>
      buildSnapshot(
        'c',
        raw(at, {
          endOffsets: offsets([['orders', 0, end]]),
          startOffsets: offsets([['orders', 0, 0]]),
          endOffsetsAt: at,
          groups,
          committed: new Map(groups.map((g) => [g.id, offsets([['orders', 0, committed]])])),
          errors,
        }),
        state,
        OPTIONS,
      );
    const first = cycle(0, 100, 50, [group('g', [['orders', 0]])]);
    expect(first.diagnosis.groups[0]?.capacity[0]).toMatchObject({ produceRate: null, consumeRate: null });
    // A new member id: a rebalance. 100 produced and 20 consumed per 10 s.
    const moved = {
      ...group('g', [['orders', 0]]),
      members: [{ ...group('g', [['orders', 0]]).members[0]!, memberId: 'm2' }],
    };
    cycle(10_000, 200, 70, [moved]);
    const third = cycle(20_000, 300, 90, [moved]);
    const d = third.diagnosis.groups[0]!;
    expect(d.capacity[0]).toMatchObject({
      produceRate: 10,
      consumeRate: 2,
      deficit: 8,
      catchUpSeconds: null,
    });
    expect(d.churn).toMatchObject({ rebalances: 1, windowSeconds: 20 });
    expect(d.findings.map((f) => f.kind)).toContain('capacity');
    expect(state.churn.get('g')?.rebalances).toEqual([10_000]);
    // The group listing failed: no groups this cycle, and the rebalance history is kept.
    cycle(30_000, 400, 90, [], [{ kind: 'groups', message: 'timeout' }]);
    expect(state.churn.get('g')?.rebalances).toEqual([10_000]);
    // The group is gone: so is its history.
    cycle(40_000, 400, 90, []);
    expect(state.churn.has('g')).toBe(false);
  });
});
