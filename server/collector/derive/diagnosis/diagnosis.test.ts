import { describe, expect, it } from 'vitest';
import { broker, group, topic } from '../../../../test/support/snapshot-fixtures.ts';
import { CLASSIC_MEMBER_FIELDS, type GroupMember, type TopicConfigs } from '../../../model/index.ts';
import type { GroupSnapshot } from '../../snapshot.ts';
import { capacityByTopic } from './capacity.ts';
import { churnFigure, MIN_CHURN_HISTORY_MS, observeChurn } from './churn.ts';
import { diagnoseCluster } from './diagnose.ts';
import { leaderBalance } from './leaders.ts';
import { parallelismOf } from './parallelism.ts';
import { deletionApplies, partitionRetention } from './retention.ts';
import { isSkewed, skewOf } from './skew.ts';

const T = 1_700_000_000_000;
const configs = (extra: Partial<TopicConfigs>): TopicConfigs => ({
  retentionMs: null,
  retentionBytes: null,
  cleanupPolicy: 'delete',
  minInsyncReplicas: 1,
  ...extra,
});
const member = (id: string, partitions: number[], topicName = 't'): GroupMember => ({
  ...CLASSIC_MEMBER_FIELDS,
  memberId: id,
  clientId: `client-${id}`,
  host: '127.0.0.1',
  assignment: partitions.length ? [{ topic: topicName, partitions }] : [],
});

describe('skew', () => {
  it('is null for an idle topic, a single partition and unknown values', () => {
    expect(
      skewOf([
        { partition: 0, value: 0 },
        { partition: 1, value: 0 },
      ]),
    ).toBeNull();
    expect(skewOf([{ partition: 0, value: 50 }])).toBeNull();
    expect(
      skewOf([
        { partition: 0, value: null },
        { partition: 1, value: 5 },
      ]),
    ).toBeNull();
  });
  it('measures the top partition share and max/mean', () => {
    const even = skewOf([0, 1, 2, 3].map((partition) => ({ partition, value: 100 })));
    expect(even).toMatchObject({ topShare: 0.25, maxOverMean: 1, total: 400 });
    expect(isSkewed(even, 1)).toBe(false);
    const one = skewOf([0, 1, 2, 3].map((partition) => ({ partition, value: partition === 2 ? 400 : 0 })));
    expect(one).toMatchObject({ topPartition: 2, topShare: 1, maxOverMean: 4 });
    expect(isSkewed(one, 100)).toBe(true);
    expect(isSkewed(one, 401)).toBe(false);
  });
});

describe('capacity', () => {
  const obs = (at: number, offset: number, lag: number) => ({ at, offset, lag });
  it('has no rates without history yet', () => {
    expect(capacityByTopic([{ topic: 't', lag: 10, window: [obs(T, 0, 10)] }])).toEqual([
      {
        topic: 't',
        produceRate: null,
        consumeRate: null,
        deficit: null,
        lag: 10,
        catchUpSeconds: null,
        windowSeconds: 0,
      },
    ]);
  });
  it('falling behind never catches up; catching up has a time', () => {
    // 10 s: consumed 20, end offset moved from 10 to 110 (100 produced).
    const [behind] = capacityByTopic([
      { topic: 't', lag: 90, window: [obs(T, 0, 10), obs(T + 10_000, 20, 90)] },
    ]);
    expect(behind).toMatchObject({
      produceRate: 10,
      consumeRate: 2,
      deficit: 8,
      catchUpSeconds: null,
      windowSeconds: 10,
    });
    const [ahead] = capacityByTopic([
      { topic: 't', lag: 60, window: [obs(T, 0, 100), obs(T + 10_000, 50, 60)] },
    ]);
    expect(ahead).toMatchObject({ produceRate: 1, consumeRate: 5, catchUpSeconds: 15 });
    const [done] = capacityByTopic([{ topic: 't', lag: 0, window: [] }]);
    expect(done?.catchUpSeconds).toBe(0);
  });
  it('ignores a rewound partition', () => {
    const [rewound] = capacityByTopic([
      { topic: 't', lag: 5, window: [obs(T, 100, 0), obs(T + 1000, 10, 5)] },
    ]);
    expect(rewound?.produceRate).toBeNull();
  });
});

describe('parallelism', () => {
  it('counts room to scale, idle members and each member share of the lag', () => {
    const g: GroupSnapshot = {
      ...group(
        'g',
        [0, 1, 2, 3].map((p) => ({ topic: 't', partition: p, committed: 0, end: p === 0 ? 30 : 10 })),
      ),
      members: [member('a', [0, 1]), member('b', [2, 3])],
    };
    const partitions = g.partitions.map((p) => ({ ...p, owner: p.partition < 2 ? 'a' : 'b' }));
    const figure = parallelismOf({ ...g, partitions });
    expect(figure).toMatchObject({ members: 2, partitions: 4, idleMembers: 0, room: 2 });
    expect(figure.shares.map((s) => [s.memberId, s.lag, s.share])).toEqual([
      ['a', 40, 40 / 60],
      ['b', 20, 20 / 60],
    ]);
    const crowded = parallelismOf({ ...g, members: [...g.members, member('c', []), member('d', [])] });
    expect(crowded).toMatchObject({ members: 4, idleMembers: 2, room: 0 });
    expect(parallelismOf({ ...g, members: [], lag: 0 }).shares).toEqual([]);
  });
});

describe('churn', () => {
  const stable = { state: 'Stable' as const, members: [member('a', [0, 1])] };
  it('starts with no history and counts membership changes and rebalancing time', () => {
    let r = observeChurn(undefined, stable, T);
    expect(churnFigure(r)).toEqual({
      rebalances: 0,
      windowSeconds: 0,
      perHour: null,
      rebalancingShare: null,
    });
    r = observeChurn(r, stable, T + 60_000);
    expect(r.rebalances).toEqual([]);
    r = observeChurn(r, { state: 'PreparingRebalance', members: stable.members }, T + 120_000);
    r = observeChurn(r, { state: 'CompletingRebalance', members: stable.members }, T + 150_000);
    r = observeChurn(r, { state: 'Stable', members: [member('a', [0]), member('b', [1])] }, T + 180_000);
    expect(r.rebalances).toEqual([T + 120_000, T + 180_000]);
    const figure = churnFigure(r);
    expect(figure).toMatchObject({ rebalances: 2, windowSeconds: 180, perHour: null });
    expect(figure.rebalancingShare).toBeCloseTo(30 / 180);
  });
  it('scales to an hour after ten minutes and forgets what is older than an hour', () => {
    let r = observeChurn(undefined, stable, T);
    r = observeChurn(r, { state: 'Stable', members: [member('b', [0, 1])] }, T + 60_000);
    r = observeChurn(r, stable, T + MIN_CHURN_HISTORY_MS);
    expect(churnFigure(r).perHour).toBeCloseTo(12);
    r = observeChurn(r, stable, T + 3_700_000);
    expect(r.rebalances).toEqual([T + MIN_CHURN_HISTORY_MS]);
    expect(churnFigure(r).windowSeconds).toBe(3600);
  });
});

describe('retention risk', () => {
  const partition = { startOffset: 0, endOffset: 1000, sizeBytes: 100_000 };
  const consumer = { topic: 't', partition: 0, committedOffset: 400, lag: 600, timeLagSeconds: 3000 };
  it('does not apply to compacted topics or infinite retention', () => {
    expect(deletionApplies(configs({ cleanupPolicy: 'compact' }))).toBe(false);
    expect(deletionApplies(configs({ cleanupPolicy: 'compact,delete' }))).toBe(true);
    expect(deletionApplies(configs({ cleanupPolicy: null }))).toBe(true);
    const compacted = partitionRetention({
      configs: configs({ cleanupPolicy: 'compact', retentionMs: 3_600_000 }),
      partition,
      consumer,
      produceRate: 1,
    });
    expect(compacted).toBeNull();
    const infinite = partitionRetention({
      configs: configs({ retentionMs: -1, retentionBytes: -1 }),
      partition,
      consumer,
      produceRate: 1,
    });
    expect(infinite).toMatchObject({ secondsToDeletion: null, by: null, lostMessages: 0 });
  });
  it('by time: retention.ms minus the age of the oldest unconsumed message', () => {
    const row = partitionRetention({
      configs: configs({ retentionMs: 3_600_000 }),
      partition,
      consumer,
      produceRate: null,
    });
    expect(row).toMatchObject({ secondsToDeletion: 600, by: 'time', lag: 600 });
    const due = partitionRetention({
      configs: configs({ retentionMs: 1_000_000 }),
      partition,
      consumer,
      produceRate: null,
    });
    expect(due?.secondsToDeletion).toBe(0);
    // A consumer that is caught up risks nothing.
    expect(
      partitionRetention({
        configs: configs({ retentionMs: 1 }),
        partition,
        consumer: { ...consumer, lag: 0 },
        produceRate: 1,
      }),
    ).toBeNull();
  });
  it('by size: the bytes still to be written before retention.bytes pushes the message out', () => {
    // 100 bytes a message; 600 unconsumed = 60 kB of 80 kB allowed; 20 kB at 10 msg/s = 20 s.
    const row = partitionRetention({
      configs: configs({ retentionBytes: 80_000 }),
      partition,
      consumer,
      produceRate: 10,
    });
    expect(row).toMatchObject({ secondsToDeletion: 20, by: 'size' });
    const idle = partitionRetention({
      configs: configs({ retentionBytes: 80_000 }),
      partition,
      consumer,
      produceRate: 0,
    });
    expect(idle?.secondsToDeletion).toBeNull();
    const over = partitionRetention({
      configs: configs({ retentionBytes: 50_000 }),
      partition,
      consumer,
      produceRate: null,
    });
    expect(over?.secondsToDeletion).toBe(0);
    const both = partitionRetention({
      configs: configs({ retentionBytes: 80_000, retentionMs: 3_600_000 }),
      partition,
      consumer,
      produceRate: 10,
    });
    expect(both).toMatchObject({ secondsToDeletion: 20, by: 'size' });
  });
  it('counts the messages lost when the committed offset is below the log start offset', () => {
    const row = partitionRetention({
      configs: configs({ retentionMs: 10_000 }),
      partition: { ...partition, startOffset: 700 },
      consumer,
      produceRate: null,
    });
    expect(row?.lostMessages).toBe(300);
    // Even a compacted topic tells the loss (a compaction cannot move the start past a commit, deletion can).
    const compacted = partitionRetention({
      configs: configs({ cleanupPolicy: 'compact' }),
      partition: { ...partition, startOffset: 700 },
      consumer,
      produceRate: null,
    });
    expect(compacted?.lostMessages).toBe(300);
    const noCommit = partitionRetention({
      configs: configs({ retentionMs: 10_000 }),
      partition: { ...partition, startOffset: 700 },
      consumer: { ...consumer, committedOffset: null, lag: null, timeLagSeconds: null },
      produceRate: null,
    });
    expect(noCommit).toBeNull();
  });
});

describe('leader balance', () => {
  it('compares leaders with the fair share and counts preferred partitions led elsewhere', () => {
    const t = topic('t', [1, 1, 1, 1, 1, 1]);
    const partitions = t.partitions.map((p) => {
      const replicas = [(p.partition % 3) + 1, ((p.partition + 1) % 3) + 1];
      // Broker 3 restarted: its partitions are led by their second replica.
      const leader = replicas[0] === 3 ? replicas[1]! : replicas[0]!;
      return {
        ...p,
        replicas,
        preferredLeader: replicas[0]!,
        leader,
        leaderIsPreferred: leader === replicas[0],
      };
    });
    const balance = leaderBalance([broker(1), broker(2), broker(3)], [{ partitions }]);
    expect(balance).toMatchObject({ notPreferred: 2, ledPartitions: 6 });
    expect(
      balance.brokers.map((b) => [b.broker, b.leaders, b.preferred, b.preferredNotLed, b.imbalancePercent]),
    ).toEqual([
      [1, 4, 2, 0, 0],
      [2, 2, 2, 0, 0],
      [3, 0, 2, 2, 100],
    ]);
    expect(balance.brokers[0]?.fairShare).toBe(2);
    // A broker that is down has no share; its partitions without a leader count nowhere.
    const down = leaderBalance(
      [broker(1), broker(2, false)],
      [{ partitions: partitions.map((p) => ({ ...p, leader: -1 })) }],
    );
    expect(down).toMatchObject({ ledPartitions: 0, notPreferred: 0 });
    expect(down.brokers.map((b) => b.broker)).toEqual([1]);
  });
});

describe('diagnoseCluster', () => {
  const window = (at: number, offset: number, lag: number) => ({ at, offset, lag });
  it('orders the findings of a stopped group on a short-retention topic: lost data first', () => {
    const t = topic('logs', [1000, 1000], { configs: configs({ retentionMs: 60_000 }) });
    const partitions = t.partitions.map((p) => ({ ...p, startOffset: p.partition === 0 ? 500 : 0 }));
    const g: GroupSnapshot = {
      ...group('stopped', [
        { topic: 'logs', partition: 0, committed: 200, end: 1000, timeLagSeconds: 900 },
        { topic: 'logs', partition: 1, committed: 1000, end: 1000, timeLagSeconds: 0 },
      ]),
      state: 'Empty',
    };
    const d = diagnoseCluster({
      topics: [{ ...t, partitions }],
      groups: [g],
      brokers: [broker(1)],
      offsetsAt: T,
      lagWindows: new Map(),
      churn: new Map(),
    });
    const [diagnosis] = d.groups;
    expect(diagnosis?.lostMessages).toBe(300);
    expect(diagnosis?.findings.map((f) => f.kind)).toEqual([
      'dataLost',
      'retentionRisk',
      'noMembers',
      'lagSkew',
    ]);
    const [lost, risk] = diagnosis!.findings;
    expect(lost?.evidence).toMatchObject({ lostMessages: 300, partitions: '0' });
    expect(lost?.message.zh).toContain('300');
    expect(risk).toMatchObject({ severity: 'critical', evidence: { partition: 0, secondsToDeletion: 0 } });
    for (const f of diagnosis!.findings) {
      expect(f.message.en.length).toBeGreaterThan(10);
      expect(f.suggestion.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('tells one member on six partitions falling behind, and key skew of a topic', () => {
    const t = topic('orders', [600, 0, 0, 0, 0, 0]);
    const previousTopic = topic('orders', [100, 0, 0, 0, 0, 0]);
    const g: GroupSnapshot = {
      ...group(
        'slow',
        t.partitions.map((p) => ({
          topic: 'orders',
          partition: p.partition,
          committed: p.partition === 0 ? 300 : 0,
          end: p.endOffset,
        })),
      ),
      members: [member('m', [0, 1, 2, 3, 4, 5], 'orders')],
      status: 'WARN',
    };
    const lagWindows = new Map([
      [`slow\u0000orders\u00000`, [window(T - 10_000, 200, 0), window(T, 300, 300)]],
    ]);
    const d = diagnoseCluster({
      topics: [t],
      groups: [{ ...g, partitions: g.partitions.map((p) => ({ ...p, owner: 'm' })) }],
      brokers: [broker(1)],
      previous: { topics: [previousTopic], offsetsAt: T - 10_000 },
      offsetsAt: T,
      lagWindows,
      churn: new Map(),
    });
    const kinds = d.groups[0]!.findings.map((f) => f.kind);
    expect(kinds).toEqual(['capacity', 'parallelism', 'lagSkew']);
    expect(d.groups[0]!.findings[1]?.evidence).toMatchObject({
      members: 1,
      partitions: 6,
      room: 5,
      topMemberShare: 1,
    });
    expect(d.groups[0]!.capacity[0]).toMatchObject({
      produceRate: 40,
      consumeRate: 10,
      catchUpSeconds: null,
    });
    expect(d.topics[0]?.rateSkew).toMatchObject({ topPartition: 0, topShare: 1, maxOverMean: 6 });
    expect(d.topics[0]?.findings.map((f) => f.kind)).toEqual(['keySkew']);
  });
  it('has no findings for a caught-up group, an idle topic or the first cycle', () => {
    const d = diagnoseCluster({
      topics: [topic('idle', [0, 0])],
      groups: [group('ok', [{ topic: 'idle', partition: 0, committed: 0, end: 0 }])],
      brokers: [broker(1)],
      offsetsAt: T,
      lagWindows: new Map(),
      churn: new Map(),
    });
    expect(d.groups[0]?.findings).toEqual([]);
    expect(d.groups[0]?.churn.perHour).toBeNull();
    expect(d.topics[0]).toMatchObject({ rateSkew: null, sizeSkew: null, findings: [] });
  });
  it('tells churn once an hour of history shows frequent rebalances', () => {
    let record = observeChurn(undefined, { state: 'Stable', members: [member('a', [0])] }, T);
    for (let i = 1; i <= 12; i++)
      record = observeChurn(record, { state: 'Stable', members: [member(`m${i}`, [0])] }, T + i * 60_000);
    const d = diagnoseCluster({
      topics: [topic('t', [100])],
      groups: [
        {
          ...group('g', [{ topic: 't', partition: 0, committed: 50, end: 100 }]),
          members: [member('m12', [0])],
        },
      ],
      brokers: [broker(1)],
      offsetsAt: T,
      lagWindows: new Map(),
      churn: new Map([['g', record]]),
    });
    expect(d.groups[0]?.findings.map((f) => f.kind)).toEqual(['churn']);
    expect(d.groups[0]?.churn).toMatchObject({ rebalances: 12, perHour: 60 });
  });
});
