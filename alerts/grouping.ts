import type { Labels } from './api.ts';
import type { Notification, NotifiedAlert } from './channels/channel.ts';
import type { AlertInstance, ResolvedAlert } from './instance.ts';
import { commonLabels, sortedLabels } from './labels.ts';

/** How alerts are batched into notifications (Alertmanager's route settings). */
export interface RouteTiming {
  /** Label names; `...` groups by all labels. */
  groupBy: readonly string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** One alert group of one receiver: what it last told the receiver. Plain data, persisted as JSON. */
export interface GroupState {
  key: string;
  receiver: string;
  groupLabels: Labels;
  createdAt: number;
  /** Last notification attempt (success or not): the next change waits groupInterval from here. */
  lastFlushAt: number | null;
  /** Last notification delivered to at least one channel. */
  lastNotifiedAt: number | null;
  /** Fingerprints announced as firing by the last delivered notification. */
  notifiedFiring: string[];
  /** Alerts announced as firing that resolved since: always announced as resolved. */
  resolved: NotifiedAlert[];
  /** The last notification reached no channel: it is sent again after groupInterval. */
  failed: boolean;
}

export interface RoutedAlert {
  alert: AlertInstance;
  receivers: readonly string[];
  silenced: boolean;
}

function groupKeyOf(receiver: string, groupBy: readonly string[], labels: Labels): [string, Labels] {
  const groupLabels: Labels = groupBy.includes('...')
    ? labels
    : Object.fromEntries(
        groupBy.filter((name) => labels[name] !== undefined).map((name) => [name, labels[name]!]),
      );
  const key = `${receiver}:{${sortedLabels(groupLabels)
    .map(([n, v]) => `${n}=${JSON.stringify(v)}`)
    .join(',')}}`;
  return [key, groupLabels];
}

/** A resolved alert joins the groups that announced it firing; elsewhere it needs no word. */
export function addResolved(groups: Map<string, GroupState>, alert: ResolvedAlert): string[] {
  const touched: string[] = [];
  for (const group of groups.values()) {
    if (!group.notifiedFiring.includes(alert.fingerprint)) continue;
    if (group.resolved.some((r) => r.fingerprint === alert.fingerprint)) continue;
    group.resolved.push(toNotified(alert, 'resolved'));
    touched.push(group.key);
  }
  return touched;
}

/**
 * The notifications due at `now`, with Alertmanager's timing: a new group waits groupWait, a
 * changed one (new firing alert or a resolution) waits groupInterval after the last flush, an
 * unchanged firing one is repeated after repeatInterval. Silenced alerts are left out of the
 * content but keep their group. Like Alertmanager's notification log, a group counts as told
 * once its notification is handed out (so a restart does not repeat it); `markFailed` undoes
 * that when no channel took it. Updates `groups` in place: new groups, flushed state, empty
 * groups removed.
 */
export function dueNotifications(
  groups: Map<string, GroupState>,
  alerts: readonly RoutedAlert[],
  timing: RouteTiming,
  now: number,
  externalUrl: string,
  busy: ReadonlySet<string> = new Set(),
): Notification[] {
  const members = new Map<string, RoutedAlert[]>();
  for (const routed of alerts) {
    if (routed.alert.state !== 'firing') continue;
    for (const receiver of routed.receivers) {
      const [key, groupLabels] = groupKeyOf(receiver, timing.groupBy, routed.alert.labels);
      if (!groups.has(key)) {
        if (routed.silenced) continue;
        groups.set(key, {
          key,
          receiver,
          groupLabels,
          createdAt: now,
          lastFlushAt: null,
          lastNotifiedAt: null,
          notifiedFiring: [],
          resolved: [],
          failed: false,
        });
      }
      const list = members.get(key) ?? [];
      list.push(routed);
      members.set(key, list);
    }
  }
  const due: Notification[] = [];
  for (const group of [...groups.values()]) {
    // A group with a delivery under way stays: should it fail, its resolutions come back.
    if (busy.has(group.key)) continue;
    const all = members.get(group.key) ?? [];
    if (all.length === 0 && group.resolved.length === 0) {
      groups.delete(group.key);
      continue;
    }
    const firing = all.filter((r) => !r.silenced).map((r) => r.alert);
    if (!isDue(group, firing, timing, now)) continue;
    const sent = [...firing.map((a) => toNotified(a, 'firing')), ...group.resolved];
    due.push({
      receiver: group.receiver,
      kind: firing.length > 0 ? 'firing' : 'resolved',
      groupKey: group.key,
      groupLabels: group.groupLabels,
      commonLabels: commonLabels(sent.map((a) => a.labels)),
      commonAnnotations: commonLabels(sent.map((a) => a.annotations)),
      alerts: sent,
      externalUrl,
    });
    group.lastFlushAt = now;
    group.lastNotifiedAt = now;
    group.notifiedFiring = firing.map((a) => a.fingerprint);
    group.resolved = [];
    group.failed = false;
  }
  return due;
}

/** No channel took the notification: its resolutions are kept and the group is retried. */
export function markFailed(group: GroupState, notification: Notification): void {
  group.failed = true;
  for (const alert of notification.alerts) {
    if (alert.status === 'resolved' && !group.resolved.some((r) => r.fingerprint === alert.fingerprint))
      group.resolved.push(alert);
  }
}

function isDue(
  group: GroupState,
  firing: readonly AlertInstance[],
  timing: RouteTiming,
  now: number,
): boolean {
  if (group.lastNotifiedAt === null || group.lastFlushAt === null) {
    return firing.length > 0 && now >= group.createdAt + timing.groupWaitMs;
  }
  const afterInterval = now >= group.lastFlushAt + timing.groupIntervalMs;
  const changed =
    group.failed ||
    group.resolved.length > 0 ||
    firing.some((a) => !group.notifiedFiring.includes(a.fingerprint));
  if (changed) return afterInterval && (firing.length > 0 || group.resolved.length > 0);
  return firing.length > 0 && afterInterval && now >= group.lastNotifiedAt + timing.repeatIntervalMs;
}

function toNotified(alert: AlertInstance | ResolvedAlert, status: 'firing' | 'resolved'): NotifiedAlert {
  return {
    status,
    fingerprint: alert.fingerprint,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.firedAt ?? alert.activeAt,
    endsAt: 'resolvedAt' in alert ? alert.resolvedAt : null,
  };
}
