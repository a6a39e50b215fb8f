import { describe, expect, it } from 'vitest';
import {
  addResolved,
  dueNotifications,
  type GroupState,
  markFailed,
  type RoutedAlert,
  type RouteTiming,
} from './grouping.ts';
import type { AlertInstance } from './instance.ts';
import { fingerprint } from './labels.ts';

const timing: RouteTiming = {
  groupBy: ['alertname', 'cluster'],
  groupWaitMs: 5_000,
  groupIntervalMs: 60_000,
  repeatIntervalMs: 600_000,
};

function alert(name: string, partition: string, firedAt = 0): AlertInstance {
  const labels = { alertname: name, cluster: 'prod', topic: 't', partition, severity: 'warning' };
  return {
    fingerprint: fingerprint({ ...labels, severity: '' }),
    rule: name,
    cluster: 'prod',
    labels,
    annotations: { summary: `${name} ${partition}` },
    severity: 'warning',
    value: 1,
    valueText: null,
    state: 'firing',
    activeAt: firedAt,
    firedAt,
    lastSeenAt: firedAt,
  };
}
const routed = (a: AlertInstance, silenced = false, receivers = ['ops']): RoutedAlert => ({
  alert: a,
  receivers,
  silenced,
});

describe('dueNotifications', () => {
  it('waits groupWait, groups by the groupBy labels, then repeats only after repeatInterval', () => {
    const groups = new Map<string, GroupState>();
    const alerts = [routed(alert('Isr', '0')), routed(alert('Isr', '1')), routed(alert('Broker', '0'))];
    expect(dueNotifications(groups, alerts, timing, 0, 'http://k')).toEqual([]);
    expect(groups.size).toBe(2);
    const first = dueNotifications(groups, alerts, timing, 5_000, 'http://k');
    expect(first.map((n) => [n.groupLabels, n.alerts.length])).toEqual([
      [{ alertname: 'Isr', cluster: 'prod' }, 2],
      [{ alertname: 'Broker', cluster: 'prod' }, 1],
    ]);
    expect(first[0]).toMatchObject({
      receiver: 'ops',
      kind: 'firing',
      commonLabels: { alertname: 'Isr', cluster: 'prod', topic: 't', severity: 'warning' },
      externalUrl: 'http://k',
    });
    expect(dueNotifications(groups, alerts, timing, 604_000, 'http://k')).toEqual([]);
    expect(dueNotifications(groups, alerts, timing, 605_000, 'http://k')).toHaveLength(2);
  });

  it('tells about a new alert in a notified group only after groupInterval', () => {
    const groups = new Map<string, GroupState>();
    const one = [routed(alert('Isr', '0'))];
    dueNotifications(groups, one, timing, 0, '');
    expect(dueNotifications(groups, one, timing, 5_000, '')).toHaveLength(1);
    const two = [...one, routed(alert('Isr', '1'))];
    expect(dueNotifications(groups, two, timing, 30_000, '')).toEqual([]);
    const [update] = dueNotifications(groups, two, timing, 65_000, '');
    expect(update!.alerts.map((a) => a.labels.partition)).toEqual(['0', '1']);
  });

  it('always sends a resolved notification for an alert it announced, none for one it did not', () => {
    const groups = new Map<string, GroupState>();
    const a = alert('Isr', '0');
    dueNotifications(groups, [routed(a)], timing, 0, '');
    expect(dueNotifications(groups, [routed(a)], timing, 5_000, '')).toHaveLength(1);
    expect(addResolved(groups, { ...a, state: 'firing', firedAt: 0, resolvedAt: 20_000 })).toHaveLength(1);
    expect(dueNotifications(groups, [], timing, 30_000, '')).toEqual([]);
    const [resolved] = dueNotifications(groups, [], timing, 65_000, '');
    expect(resolved).toMatchObject({
      kind: 'resolved',
      alerts: [{ status: 'resolved', startsAt: 0, endsAt: 20_000 }],
    });
    expect(dueNotifications(groups, [], timing, 200_000, '')).toEqual([]);
    expect(groups.size).toBe(0);
    // Resolved during groupWait: never announced, so nothing to take back.
    const b = alert('Isr', '1');
    dueNotifications(groups, [routed(b)], timing, 300_000, '');
    expect(addResolved(groups, { ...b, state: 'firing', firedAt: 0, resolvedAt: 301_000 })).toEqual([]);
    expect(dueNotifications(groups, [], timing, 400_000, '')).toEqual([]);
  });

  it('leaves silenced alerts out without losing their group, and sends nothing while all are muted', () => {
    const groups = new Map<string, GroupState>();
    const a = routed(alert('Isr', '0'));
    const b = routed(alert('Isr', '1'), true);
    dueNotifications(groups, [a, b], timing, 0, '');
    const [first] = dueNotifications(groups, [a, b], timing, 5_000, '');
    expect(first!.alerts.map((x) => x.labels.partition)).toEqual(['0']);
    expect(dueNotifications(groups, [{ ...a, silenced: true }, b], timing, 700_000, '')).toEqual([]);
    expect(groups.size).toBe(1);
    // Silence lifted: the group has news (partition 1), told after groupInterval.
    const [after] = dueNotifications(groups, [a, { ...b, silenced: false }], timing, 701_000, '');
    expect(after!.alerts).toHaveLength(2);
  });

  it('notifies each receiver separately', () => {
    const groups = new Map<string, GroupState>();
    const alerts = [routed(alert('Isr', '0'), false, ['ops', 'dev'])];
    dueNotifications(groups, alerts, timing, 0, '');
    const due = dueNotifications(groups, alerts, timing, 5_000, '');
    expect(due.map((n) => n.receiver)).toEqual(['ops', 'dev']);
  });

  it('retries a notification no channel took after groupInterval, resolutions included', () => {
    const groups = new Map<string, GroupState>();
    const a = alert('Isr', '0');
    dueNotifications(groups, [routed(a)], timing, 0, '');
    dueNotifications(groups, [routed(a)], timing, 5_000, '');
    addResolved(groups, { ...a, state: 'firing', firedAt: 0, resolvedAt: 10_000 });
    const [resolved] = dueNotifications(groups, [], timing, 65_000, '');
    markFailed([...groups.values()][0]!, resolved!);
    expect(dueNotifications(groups, [], timing, 100_000, '')).toEqual([]);
    const [again] = dueNotifications(groups, [], timing, 125_000, '');
    expect(again).toMatchObject({ kind: 'resolved', alerts: [{ fingerprint: a.fingerprint }] });
  });

  it('keeps a group whose last resolution is still being delivered, so a failure can bring it back', () => {
    const groups = new Map<string, GroupState>();
    const a = alert('Isr', '0');
    dueNotifications(groups, [routed(a)], timing, 0, '');
    dueNotifications(groups, [routed(a)], timing, 5_000, '');
    addResolved(groups, { ...a, state: 'firing', firedAt: 0, resolvedAt: 10_000 });
    const [resolved] = dueNotifications(groups, [], timing, 65_000, '');
    const busy = new Set(groups.keys());
    expect(dueNotifications(groups, [], timing, 66_000, '', busy)).toEqual([]);
    expect(groups.size).toBe(1);
    markFailed(groups.get(resolved!.groupKey)!, resolved!);
    expect(dueNotifications(groups, [], timing, 126_000, '')).toHaveLength(1);
  });

  it('skips groups with a delivery under way', () => {
    const groups = new Map<string, GroupState>();
    dueNotifications(groups, [routed(alert('Isr', '0'))], timing, 0, '');
    const busy = new Set(groups.keys());
    expect(dueNotifications(groups, [routed(alert('Isr', '0'))], timing, 5_000, '', busy)).toEqual([]);
  });
});
