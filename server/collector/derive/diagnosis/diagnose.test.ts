// diagnoseCluster: the findings of a whole cycle, most urgent first, in both languages.
import { describe, expect, it } from 'vitest';
import {
  broker,
  topicConfigs as configs,
  group,
  member,
  topic,
} from '../../../../test/support/snapshot-fixtures.ts';
import type { GroupSnapshot } from '../../snapshot.ts';
import { LagWindow } from '../lag-window.ts';
import { observeChurn } from './churn.ts';
import { diagnoseCluster } from './diagnose.ts';

const T = 1_700_000_000_000;

describe('diagnoseCluster', () => {
  const observation = (at: number, offset: number, lag: number) => ({ at, offset, lag });
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
      [
        'slow',
        new Map([
          ['orders\u00000', new LagWindow(10, [observation(T - 10_000, 200, 0), observation(T, 300, 300)])],
        ]),
      ],
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
