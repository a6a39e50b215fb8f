import { describe, expect, it } from 'vitest';
import { type RuleInput, ruleSchema } from '../../server/config/alert-rules.ts';
import { broker, group, snapshot, topic } from '../../test/support/snapshot-fixtures.ts';
import { evaluateRule } from './evaluate.ts';

const rule = (input: RuleInput) => ruleSchema.parse(input);
const T = 1_700_000_000_000;

function shrunk(isr: number[], minIsr = 2) {
  const t = topic('orders', [10, 20], {
    configs: { retentionMs: null, retentionBytes: null, cleanupPolicy: 'delete', minInsyncReplicas: minIsr },
  });
  const partitions = t.partitions.map((p) => (p.partition === 1 ? { ...p, isr, underReplicated: true } : p));
  return snapshot({ at: T, topics: [{ ...t, partitions }] });
}

describe('evaluateRule', () => {
  it('isrShrink names the partition and the brokers out of the ISR; critical below min ISR', () => {
    const isr = rule({ name: 'Isr', kind: 'isrShrink' });
    const [warning] = evaluateRule(isr, shrunk([1, 3]), undefined)!;
    expect(warning).toMatchObject({
      labels: { topic: 'orders', partition: '1' },
      value: 2,
      severity: undefined,
      vars: { outOfIsr: '2', isr: '1, 3', replicas: '1, 2, 3', minIsr: 2 },
    });
    const [critical] = evaluateRule(isr, shrunk([1]), undefined)!;
    expect(critical).toMatchObject({ severity: 'critical', vars: { outOfIsr: '2, 3' } });
    expect(
      evaluateRule(rule({ name: 'Isr', kind: 'isrShrink', topic: 'other' }), shrunk([1]), undefined),
    ).toEqual([]);
  });

  it('consumerLag selects groups and topics by anchored regex and compares with the threshold', () => {
    const s = snapshot({
      at: T,
      groups: [
        group('billing', [{ topic: 'orders', partition: 0, committed: 0, end: 150 }]),
        group('billing-2', [{ topic: 'orders', partition: 0, committed: 0, end: 500 }]),
        group('audit', [{ topic: 'orders', partition: 0, committed: 90, end: 100 }]),
      ],
    });
    const lag = rule({ name: 'Lag', kind: 'consumerLag', threshold: 100, group: 'billing|audit' });
    expect(evaluateRule(lag, s, undefined)).toEqual([
      expect.objectContaining({ labels: { group: 'billing', topic: 'orders' }, value: 150 }),
    ]);
  });

  it('a type selector limits group rules to the group types it names', () => {
    const lagging = [{ topic: 'orders', partition: 0, committed: 0, end: 500 }];
    const s = snapshot({
      at: T,
      groups: [
        group('classic-app', lagging),
        { ...group('new-app', lagging), type: 'consumer' as const },
        { ...group('workers', lagging), type: 'share' as const, state: 'Empty' as const },
      ],
    });
    const ids = (input: RuleInput) => evaluateRule(rule(input), s, undefined)!.map((c) => c.labels.group);
    expect(ids({ name: 'L', kind: 'consumerLag', threshold: 100 })).toEqual([
      'classic-app',
      'new-app',
      'workers',
    ]);
    expect(ids({ name: 'L', kind: 'consumerLag', threshold: 100, type: 'share' })).toEqual(['workers']);
    expect(ids({ name: 'L', kind: 'consumerLag', threshold: 100, type: ['classic', 'consumer'] })).toEqual([
      'classic-app',
      'new-app',
    ]);
    expect(ids({ name: 'E', kind: 'inactiveGroupLag', type: 'consumer' })).toEqual([]);
    expect(ids({ name: 'E', kind: 'inactiveGroupLag', type: 'share' })).toEqual(['workers']);
    expect(() =>
      rule({ name: 'L', kind: 'consumerLag', threshold: 1, type: 'kstreams' as 'streams' }),
    ).toThrow();
  });

  it('consumerTimeLag compares seconds', () => {
    const s = snapshot({
      at: T,
      groups: [group('g', [{ topic: 't', partition: 0, committed: 0, end: 5, timeLagSeconds: 700 }])],
    });
    expect(
      evaluateRule(rule({ name: 'L', kind: 'consumerTimeLag', threshold: 600 }), s, undefined),
    ).toHaveLength(1);
    expect(
      evaluateRule(rule({ name: 'L', kind: 'consumerTimeLag', threshold: 700 }), s, undefined),
    ).toHaveLength(0);
  });

  it('a lagStatus alert reads as its status, and ERR is critical unless the rule says otherwise', () => {
    const g = group('g', [{ topic: 'orders', partition: 0, committed: 0, end: 40 }]);
    const s = snapshot({
      at: T,
      groups: [
        { ...g, status: 'ERR' },
        { ...g, id: 'w', status: 'WARN' },
      ],
    });
    const both = rule({ name: 'S', kind: 'lagStatus', statuses: ['WARN', 'ERR'] });
    expect(evaluateRule(both, s, undefined)).toEqual([
      expect.objectContaining({ labels: { group: 'g' }, value: 40, valueText: 'ERR', severity: 'critical' }),
      expect.objectContaining({ labels: { group: 'w' }, value: 40, valueText: 'WARN', severity: 'warning' }),
    ]);
    const fixed = rule({ name: 'S', kind: 'lagStatus', statuses: ['ERR'], severity: 'info' });
    const [own] = evaluateRule(fixed, s, undefined)!;
    expect(own).toMatchObject({ valueText: 'ERR' });
    expect(own?.severity).toBeUndefined(); // the rule's own severity, info, applies
  });

  it('lagStatus and inactiveGroupLag read the group status and state', () => {
    const g = group('g', [{ topic: 't', partition: 0, committed: 0, end: 5 }]);
    const s = snapshot({ at: T, groups: [{ ...g, status: 'ERR', state: 'Empty' }] });
    expect(evaluateRule(rule({ name: 'S', kind: 'lagStatus' }), s, undefined)).toHaveLength(1);
    expect(
      evaluateRule(rule({ name: 'S', kind: 'lagStatus', statuses: ['WARN'] }), s, undefined),
    ).toHaveLength(0);
    expect(evaluateRule(rule({ name: 'E', kind: 'inactiveGroupLag' }), s, undefined)).toEqual([
      expect.objectContaining({
        labels: { group: 'g' },
        value: 5,
        vars: expect.objectContaining({ state: 'Empty' }),
      }),
    ]);
    expect(evaluateRule(rule({ name: 'E', kind: 'inactiveGroupLag', minLag: 6 }), s, undefined)).toHaveLength(
      0,
    );
  });

  it('leaderlessPartition tells a partition that can still elect a clean leader from one that cannot', () => {
    const t = topic('orders', [1, 1, 1, 1]);
    const led = t.partitions[0];
    const leaderless = { leader: -1, offline: true, isr: [] as number[] };
    const s = snapshot({
      at: T,
      topics: [
        {
          ...t,
          partitions: [
            led!,
            { ...led!, ...leaderless, partition: 1, eligibleLeaderReplicas: [2], lastKnownElr: [] },
            {
              ...led!,
              ...leaderless,
              partition: 2,
              isr: [3],
              eligibleLeaderReplicas: null,
              lastKnownElr: null,
            },
            { ...led!, ...leaderless, partition: 3, eligibleLeaderReplicas: [], lastKnownElr: [1] },
          ],
        },
      ],
    });
    const found = evaluateRule(rule({ name: 'L', kind: 'leaderlessPartition' }), s, undefined)!;
    expect(found.map((c) => [c.labels.partition, c.labels.recovery, c.severity, c.value])).toEqual([
      ['1', 'clean', undefined, 1],
      ['2', 'clean', undefined, 1],
      ['3', 'unclean-only', 'critical', 0],
    ]);
    expect(found[0]!.vars?.advice).toMatch(/broker 2\b.*lead cleanly/);
    expect(found[2]!.vars?.advice).toMatch(/data-loss risk.*broker 1 first/);
  });

  it('brokerDown, offline partitions, controller loss and change', () => {
    const base = snapshot({ at: T, brokers: [broker(1), broker(2, false)] });
    expect(evaluateRule(rule({ name: 'B', kind: 'brokerDown' }), base, undefined)).toEqual([
      expect.objectContaining({ labels: { broker: '2' } }),
    ]);
    const t = topic('x', [1]);
    const offline = snapshot({
      at: T,
      topics: [{ ...t, partitions: [{ ...t.partitions[0]!, leader: -1, offline: true }] }],
    });
    expect(evaluateRule(rule({ name: 'O', kind: 'offlinePartitions' }), offline, undefined)).toHaveLength(1);
    const noLeader = { ...base, controller: { ...base.controller, id: null } };
    expect(evaluateRule(rule({ name: 'N', kind: 'noController' }), noLeader, undefined)).toHaveLength(1);
    const moved = { ...base, controller: { ...base.controller, id: 3 } };
    const changed = rule({ name: 'C', kind: 'controllerChanged' });
    expect(evaluateRule(changed, moved, base)).toEqual([
      expect.objectContaining({ value: 3, vars: { previous: 1 } }),
    ]);
    expect(evaluateRule(changed, moved, undefined)).toEqual([]);
    expect(evaluateRule(changed, moved, moved)).toEqual([]);
  });

  it('says "no data" for an unreachable cluster, except the reachability rule itself', () => {
    const down = snapshot({ at: T, reachable: false });
    expect(evaluateRule(rule({ name: 'Isr', kind: 'isrShrink' }), down, undefined)).toBeUndefined();
    expect(evaluateRule(rule({ name: 'U', kind: 'clusterUnreachable' }), down, undefined)).toEqual([
      expect.objectContaining({ vars: { error: 'connect ECONNREFUSED' } }),
    ]);
    expect(evaluateRule(rule({ name: 'Isr', kind: 'isrShrink', cluster: 'prod' }), down, undefined)).toEqual(
      [],
    );
  });

  it('says "no data" for lag rules when the group offsets could not be read', () => {
    const partial = snapshot({ at: T, errors: [{ kind: 'group-offsets', message: 'timeout' }] });
    expect(
      evaluateRule(rule({ name: 'L', kind: 'consumerLag', threshold: 1 }), partial, undefined),
    ).toBeUndefined();
    expect(evaluateRule(rule({ name: 'Isr', kind: 'isrShrink' }), partial, undefined)).toEqual([]);
  });

  it('retentionRisk alerts per group and topic when deletion is nearer than the threshold', () => {
    const t = topic('logs', [1000, 1000], {
      configs: { retentionMs: 600_000, retentionBytes: null, cleanupPolicy: 'delete', minInsyncReplicas: 1 },
    });
    const g = group('stopped', [
      { topic: 'logs', partition: 0, committed: 100, end: 1000, timeLagSeconds: 500 },
      { topic: 'logs', partition: 1, committed: 900, end: 1000, timeLagSeconds: 590 },
    ]);
    const s = snapshot({ at: T, topics: [t], groups: [{ ...g, state: 'Empty' }] });
    const risk = rule({ name: 'R', kind: 'retentionRisk', threshold: '5m' });
    expect(evaluateRule(risk, s, undefined)).toEqual([
      {
        labels: { group: 'stopped', topic: 'logs' },
        value: 10,
        vars: expect.objectContaining({ partition: 1, by: 'retention.ms', lag: 100, threshold: 300 }),
      },
    ]);
    const [candidate] = evaluateRule(risk, s, undefined)!;
    expect(String(candidate?.vars?.diagnosis)).toMatch(
      /^Why: The oldest unconsumed message of logs-1 may be deleted in 10 s/,
    );
    expect(evaluateRule(rule({ name: 'R', kind: 'retentionRisk', threshold: '5s' }), s, undefined)).toEqual(
      [],
    );
    // Compacted: nothing is deleted by age.
    const compacted = snapshot({
      at: T,
      topics: [{ ...t, configs: { ...t.configs, cleanupPolicy: 'compact' } }],
      groups: [g],
    });
    expect(evaluateRule(risk, compacted, undefined)).toEqual([]);
  });

  it('dataLost counts log start offset minus committed offset', () => {
    const t = topic('logs', [1000, 1000]);
    const partitions = t.partitions.map((p) => ({ ...p, startOffset: p.partition === 0 ? 400 : 0 }));
    const s = snapshot({
      at: T,
      topics: [{ ...t, partitions }],
      groups: [
        group('g', [
          { topic: 'logs', partition: 0, committed: 150, end: 1000 },
          { topic: 'logs', partition: 1, committed: 150, end: 1000 },
        ]),
      ],
    });
    expect(evaluateRule(rule({ name: 'D', kind: 'dataLost' }), s, undefined)).toEqual([
      { labels: { group: 'g', topic: 'logs' }, value: 250, vars: { partitions: '0' } },
    ]);
    expect(evaluateRule(rule({ name: 'D', kind: 'dataLost', group: 'other' }), s, undefined)).toEqual([]);
    const partial = snapshot({
      at: T,
      topics: [{ ...t, partitions }],
      errors: [{ kind: 'offsets', message: 'x' }],
    });
    expect(evaluateRule(rule({ name: 'D', kind: 'dataLost' }), partial, undefined)).toBeUndefined();
  });

  it('leaderImbalance names the broker whose preferred partitions are led elsewhere', () => {
    const t = topic('x', [1, 1, 1, 1]);
    const partitions = t.partitions.map((p) => {
      const replicas = p.partition < 2 ? [1, 2] : [2, 1];
      return {
        ...p,
        replicas,
        preferredLeader: replicas[0]!,
        leader: 1,
        leaderIsPreferred: replicas[0] === 1,
      };
    });
    const s = snapshot({ at: T, brokers: [broker(1), broker(2)], topics: [{ ...t, partitions }] });
    expect(evaluateRule(rule({ name: 'L', kind: 'leaderImbalance' }), s, undefined)).toEqual([
      {
        labels: { broker: '2' },
        value: 100,
        vars: { leaders: 0, preferred: 2, preferredNotLed: 2, fairShare: 2, threshold: 10 },
      },
    ]);
    const balanced = snapshot({ at: T, brokers: [broker(1), broker(2)], topics: [t] });
    expect(evaluateRule(rule({ name: 'L', kind: 'leaderImbalance' }), balanced, undefined)).toEqual([]);
  });

  it('lag alerts carry the diagnosis of the group in English and Chinese', () => {
    const g = {
      ...group('g', [{ topic: 't', partition: 0, committed: 0, end: 500 }]),
      state: 'Empty' as const,
    };
    const s = snapshot({ at: T, topics: [topic('t', [500])], groups: [g] });
    const [c] = evaluateRule(rule({ name: 'E', kind: 'inactiveGroupLag' }), s, undefined)!;
    expect(c?.vars?.diagnosis).toMatch(/^Why: No consumer is running in this group \(Empty\)/);
    expect(c?.vars?.diagnosisZh).toMatch(/^原因：该消费组没有运行中的消费者/);
  });
});
