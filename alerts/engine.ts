import type { ClusterSnapshot } from '../server/collector/snapshot.ts';
import type { Logger } from '../server/logger.ts';
import type {
  AlertHistoryEntry,
  AlertState,
  AlertsApi,
  AlertView,
  DeliveryResult,
  NewSilence,
  NotificationLogEntry,
  ReceiverView,
  RuleView,
  SilenceView,
  TimeRange,
} from './api.ts';
import type { Notification } from './channels/channel.ts';
import type { AlertsConfig } from './config.ts';
import type { Dispatcher } from './dispatcher.ts';
import { addResolved, dueNotifications, type GroupState, markFailed, type RouteTiming } from './grouping.ts';
import type { AlertInstance, ResolvedAlert } from './instance.ts';
import type { AlertMetrics } from './metrics.ts';
import { defaultRules } from './rules/defaults.ts';
import { evaluateRule } from './rules/evaluate.ts';
import type { RuleConfig } from './rules/schema.ts';
import { ruleSpec, ruleView } from './rules/spec.ts';
import { expire, newSilence, type Silence, SilenceSet, silenceView } from './silences.ts';
import { type RuleSpec, step } from './state.ts';
import type { AlertStore } from './store.ts';
import { testNotification } from './test-notification.ts';

export interface EngineOptions {
  config: AlertsConfig;
  store: AlertStore;
  dispatcher: Dispatcher;
  metrics: AlertMetrics;
  logger: Logger;
  clock?: () => number;
  /** How often due notifications are looked for between snapshots (groupWait, groupInterval). */
  tickMs?: number;
}

interface Rule {
  config: RuleConfig;
  spec: RuleSpec;
  receivers: readonly string[];
}

/**
 * The alerts engine: evaluates the rules on each snapshot, keeps the instances' states, groups
 * what fires into notifications per receiver and hands them to the dispatcher. Its state lives
 * in SQLite (AlertStore) and is written in one transaction per step, before anything is sent.
 */
export class AlertsEngine implements AlertsApi {
  private readonly rulesByName: Map<string, Rule>;
  private readonly instances = new Map<string, AlertInstance>();
  private readonly groups = new Map<string, GroupState>();
  private readonly previous = new Map<string, ClusterSnapshot>();
  private silenceList: Silence[];
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timing: RouteTiming;
  private readonly clock: () => number;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    const { config, store } = options;
    this.clock = options.clock ?? Date.now;
    const defaultReceiver = config.route.receiver ?? config.receivers[0]?.name;
    const rules = config.rules.length > 0 ? config.rules : defaultRules();
    this.rulesByName = new Map(
      rules.map((rule) => [
        rule.name,
        {
          config: rule,
          spec: ruleSpec(rule),
          receivers: rule.receivers.length > 0 ? rule.receivers : defaultReceiver ? [defaultReceiver] : [],
        },
      ]),
    );
    this.timing = {
      groupBy: config.route.groupBy,
      groupWaitMs: config.route.groupWait,
      groupIntervalMs: config.route.groupInterval,
      repeatIntervalMs: config.route.repeatInterval,
    };
    for (const instance of store.instances()) this.instances.set(instance.fingerprint, instance);
    for (const group of store.groups()) this.groups.set(group.key, group);
    this.silenceList = store.silences();
    this.resolveRemovedRules();
    options.metrics.setAlerts(this.instances.values());
    this.timer = setInterval(() => this.safely('flush', () => this.flush()), options.tickMs ?? 1000);
    this.timer.unref();
  }

  /** Follows a collector (the KestrelMetrics.attach pattern). */
  attach(source: { onSnapshot(listener: (snapshot: ClusterSnapshot) => void): void }): void {
    source.onSnapshot((snapshot) => this.observe(snapshot));
  }

  /** Evaluates every rule on a new snapshot. Never throws: an error is logged and counted. */
  observe(snapshot: ClusterSnapshot): void {
    if (this.closed) return;
    this.safely('evaluate', () => this.evaluate(snapshot), snapshot.cluster);
  }

  private safely(what: string, task: () => void, cluster?: string): void {
    try {
      task();
    } catch (error) {
      this.options.logger.error({ err: error, cluster }, `alert ${what} failed`);
      if (cluster) this.options.metrics.evaluationFailed(cluster);
    }
  }

  private evaluate(snapshot: ClusterSnapshot): void {
    const now = this.clock();
    const previous = this.previous.get(snapshot.cluster);
    this.previous.set(snapshot.cluster, snapshot);
    const active: AlertInstance[] = [];
    const removed: string[] = [];
    const fired: AlertInstance[] = [];
    const resolved: ResolvedAlert[] = [];
    for (const rule of this.rulesByName.values()) {
      const current = [...this.instances.values()].filter(
        (a) => a.rule === rule.spec.name && a.cluster === snapshot.cluster,
      );
      const candidates = evaluateRule(rule.config, snapshot, previous);
      const result = step(rule.spec, snapshot.cluster, candidates, current, now);
      const still = new Set(result.active.map((a) => a.fingerprint));
      for (const old of current) if (!still.has(old.fingerprint)) removed.push(old.fingerprint);
      active.push(...result.active);
      fired.push(...result.fired);
      resolved.push(...result.resolved);
    }
    for (const fingerprint of removed) this.instances.delete(fingerprint);
    for (const instance of active) this.instances.set(instance.fingerprint, instance);
    for (const alert of resolved) addResolved(this.groups, alert);
    const due = this.plan(now);
    this.options.store.saveChanges({ active, removed, fired, resolved, ...this.groupChanges() });
    this.options.metrics.setAlerts(this.instances.values());
    for (const alert of fired) this.options.logger.info({ alert: alert.labels }, 'alert firing');
    for (const alert of resolved) this.options.logger.info({ alert: alert.labels }, 'alert resolved');
    this.dispatch(due);
  }

  /** Notifications that came due by the clock alone (groupWait, groupInterval, repeatInterval). */
  private flush(): void {
    if (this.closed) return;
    const due = this.plan(this.clock());
    if (due.length === 0 && !this.groupsChanged) return;
    this.options.store.saveChanges({
      active: [],
      removed: [],
      fired: [],
      resolved: [],
      ...this.groupChanges(),
    });
    this.dispatch(due);
  }

  private savedGroups = new Map<string, string>();
  private groupsChanged = false;

  private plan(now: number): Notification[] {
    const silences = new SilenceSet(this.silenceList, now);
    const routed = [...this.instances.values()].map((alert) => ({
      alert,
      receivers: (this.rulesByName.get(alert.rule)?.receivers ?? []).filter((r) =>
        this.options.dispatcher.has(r),
      ),
      silenced: silences.isMuted(alert.labels),
    }));
    const due = dueNotifications(this.groups, routed, this.timing, now, this.externalUrl(), this.busy);
    this.groupsChanged = this.groupsDiffer();
    return due;
  }

  private groupsDiffer(): boolean {
    if (this.groups.size !== this.savedGroups.size) return true;
    for (const [key, group] of this.groups)
      if (this.savedGroups.get(key) !== JSON.stringify(group)) return true;
    return false;
  }

  /** Groups changed since they were last saved; remembers them as saved. */
  private groupChanges(): { groups: GroupState[]; removedGroups: string[] } {
    const groups: GroupState[] = [];
    for (const [key, group] of this.groups) {
      const json = JSON.stringify(group);
      if (this.savedGroups.get(key) !== json) groups.push(group);
    }
    const removedGroups = [...this.savedGroups.keys()].filter((key) => !this.groups.has(key));
    this.savedGroups = new Map([...this.groups].map(([key, group]) => [key, JSON.stringify(group)]));
    this.groupsChanged = false;
    return { groups, removedGroups };
  }

  private dispatch(due: readonly Notification[]): void {
    for (const notification of due) {
      this.busy.add(notification.groupKey);
      const sending = this.options.dispatcher
        .send(notification)
        .then((results) => {
          if (results?.some((r) => r.ok)) return;
          const group = this.groups.get(notification.groupKey);
          if (!group) return;
          markFailed(group, notification);
          this.saveGroupsQuietly();
        })
        .finally(() => {
          this.busy.delete(notification.groupKey);
          this.inFlight.delete(sending);
        });
      this.inFlight.add(sending);
    }
  }

  private saveGroupsQuietly(): void {
    this.safely('group save', () =>
      this.options.store.saveChanges({
        active: [],
        removed: [],
        fired: [],
        resolved: [],
        ...this.groupChanges(),
      }),
    );
  }

  private resolveRemovedRules(): void {
    const now = this.clock();
    const orphans = [...this.instances.values()].filter((a) => !this.rulesByName.has(a.rule));
    if (orphans.length === 0) return;
    const resolved: ResolvedAlert[] = [];
    for (const alert of orphans) {
      this.instances.delete(alert.fingerprint);
      if (alert.state === 'firing' && alert.firedAt !== null)
        resolved.push({ ...alert, state: 'firing', firedAt: alert.firedAt, resolvedAt: now });
    }
    for (const alert of resolved) addResolved(this.groups, alert);
    this.options.store.saveChanges({
      active: [],
      removed: orphans.map((a) => a.fingerprint),
      fired: [],
      resolved,
      groups: [...this.groups.values()],
      removedGroups: [],
    });
  }

  private externalUrl(): string {
    return this.options.config.externalUrl ?? '';
  }

  /** Resolves once the deliveries under way have ended (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops the clock, cuts retries short, and waits for the deliveries under way to end. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const pending = [...this.inFlight];
    await this.options.dispatcher.close();
    await Promise.all(pending);
  }

  // --- AlertsApi ---

  alerts(filter: { cluster?: string; state?: AlertState } = {}): readonly AlertView[] {
    const now = this.clock();
    const silences = new SilenceSet(this.silenceList, now);
    return [...this.instances.values()]
      .filter(
        (a) =>
          (filter.cluster === undefined || a.cluster === filter.cluster) &&
          (filter.state === undefined || a.state === filter.state),
      )
      .sort((a, b) => a.activeAt - b.activeAt || (a.fingerprint < b.fingerprint ? -1 : 1))
      .map((a) => ({
        fingerprint: a.fingerprint,
        rule: a.rule,
        state: a.state,
        severity: a.severity,
        labels: a.labels,
        annotations: a.annotations,
        activeAt: a.activeAt,
        firedAt: a.firedAt,
        silenced: silences.isMuted(a.labels),
        value: a.value,
      }));
  }

  history(range: TimeRange & { cluster?: string }): readonly AlertHistoryEntry[] {
    return this.options.store.history(range);
  }

  rules(): readonly RuleView[] {
    return [...this.rulesByName.values()].map((r) => ruleView(r.config, r.receivers));
  }

  silences(): readonly SilenceView[] {
    const now = this.clock();
    return this.silenceList.map((s) => silenceView(s, now));
  }

  createSilence(input: NewSilence): SilenceView {
    const now = this.clock();
    const silence = newSilence(input, now);
    this.options.store.saveSilence(silence);
    this.silenceList = [...this.silenceList, silence];
    return silenceView(silence, now);
  }

  expireSilence(id: string): SilenceView | undefined {
    const now = this.clock();
    const found = this.silenceList.find((s) => s.id === id);
    if (!found) return undefined;
    const expired = expire(found, now);
    if (expired !== found) {
      this.options.store.saveSilence(expired);
      this.silenceList = this.silenceList.map((s) => (s.id === id ? expired : s));
    }
    return silenceView(expired, now);
  }

  receivers(): readonly ReceiverView[] {
    return this.options.dispatcher.views();
  }

  async testSend(receiver: string): Promise<readonly DeliveryResult[] | undefined> {
    if (!this.options.dispatcher.has(receiver)) return undefined;
    return this.options.dispatcher.send(testNotification(receiver, this.clock(), this.externalUrl()));
  }

  notifications(range: TimeRange): readonly NotificationLogEntry[] {
    return this.options.store.notifications(range);
  }
}
