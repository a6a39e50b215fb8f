import type { ClusterSnapshot } from '../server/collector/snapshot.ts';
import type { RuleConfig } from '../server/config/alert-rules.ts';
import type { AlertsConfig } from '../server/config/alerts.ts';
import type { Logger } from '../server/shared/logger.ts';
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
import { testNotification } from './channels/index.ts';
import type { Dispatcher } from './dispatcher.ts';
import { GroupBook } from './group-book.ts';
import { addResolved, dueNotifications, markFailed, type RouteTiming } from './grouping.ts';
import { type AlertInstance, type ResolvedAlert, resolvedAt } from './instance.ts';
import { sameLabels } from './labels.ts';
import type { AlertMetrics } from './metrics.ts';
import { defaultRules } from './rules/defaults.ts';
import { evaluateRule } from './rules/evaluate.ts';
import { ruleSpec, ruleView } from './rules/spec.ts';
import { SilenceBook } from './silence-book.ts';
import { type RuleSpec, step } from './state.ts';
import type { AlertStore, EvaluationChanges } from './store.ts';
import { alertView } from './views.ts';

export interface EngineOptions {
  config: AlertsConfig;
  store: AlertStore;
  dispatcher: Dispatcher;
  metrics: AlertMetrics;
  logger: Logger;
  /** The configured clusters; alerts of any other (removed from the config) are resolved. */
  clusters?: readonly string[];
  clock?: () => number;
  /** How often due notifications are looked for between snapshots (groupWait, groupInterval). */
  tickMs?: number;
  /**
   * Base URL for links when `externalUrl` is not configured: the address Kestrel listens on,
   * known only once it listens. Without either, links would be empty or relative.
   */
  defaultExternalUrl?: () => string;
}

interface Rule {
  config: RuleConfig;
  spec: RuleSpec;
  receivers: readonly string[];
}

const PRUNE_EVERY_MS = 3_600_000;
/** Longest a pending or firing instance's moving value goes unwritten. */
const CHECKPOINT_MS = 60_000;
const NO_ALERT_CHANGES = { active: [], removed: [], fired: [], resolved: [] } as const;

/**
 * The alerts engine: evaluates the rules on each snapshot, keeps the instances' states, groups
 * what fires into notifications per receiver and hands them to the dispatcher. Its state lives
 * in SQLite (AlertStore), written in one transaction per step before anything is sent.
 */
export class AlertsEngine implements AlertsApi {
  private readonly rulesByName: Map<string, Rule>;
  private readonly instances = new Map<string, AlertInstance>();
  /** Each instance as last written to SQLite, and when. */
  private readonly written = new Map<string, { instance: AlertInstance; at: number }>();
  private readonly book: GroupBook;
  private readonly silenceBook: SilenceBook;
  private readonly previous = new Map<string, ClusterSnapshot>();
  /** Groups with a delivery under way: not flushed again until it ends. */
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timing: RouteTiming;
  private readonly clock: () => number;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EngineOptions) {
    const { config, store } = options;
    this.clock = options.clock ?? Date.now;
    const defaultReceiver = config.route.receiver ?? config.receivers[0]?.name;
    const rules = config.rules.length > 0 ? config.rules : defaultRules();
    this.rulesByName = new Map(
      rules.map((rule) => {
        const receivers =
          rule.receivers.length > 0 ? rule.receivers : defaultReceiver ? [defaultReceiver] : [];
        return [rule.name, { config: rule, spec: ruleSpec(rule), receivers }];
      }),
    );
    this.timing = {
      groupBy: config.route.groupBy,
      groupWaitMs: config.route.groupWait,
      groupIntervalMs: config.route.groupInterval,
      repeatIntervalMs: config.route.repeatInterval,
    };
    for (const instance of store.instances()) {
      this.instances.set(instance.fingerprint, instance);
      this.written.set(instance.fingerprint, { instance, at: this.clock() });
    }
    this.book = new GroupBook(store.groups());
    this.silenceBook = new SilenceBook(store);
    this.resolveOrphans();
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
    this.safely('evaluation', () => this.evaluate(snapshot), snapshot.cluster);
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
    const changes = { active: [] as AlertInstance[], removed: [] as string[], fired: [] as AlertInstance[] };
    const resolved: ResolvedAlert[] = [];
    const ofCluster = [...this.instances.values()].filter((a) => a.cluster === snapshot.cluster);
    for (const rule of this.rulesByName.values()) {
      const current = ofCluster.filter((a) => a.rule === rule.spec.name);
      const candidates = evaluateRule(rule.config, snapshot, previous);
      const result = step(rule.spec, snapshot.cluster, candidates, current, now);
      const still = new Set(result.active.map((a) => a.fingerprint));
      for (const old of current) if (!still.has(old.fingerprint)) changes.removed.push(old.fingerprint);
      changes.active.push(...result.active);
      changes.fired.push(...result.fired);
      resolved.push(...result.resolved);
    }
    for (const fingerprint of changes.removed) this.instances.delete(fingerprint);
    for (const instance of changes.active) this.instances.set(instance.fingerprint, instance);
    const unwritten = changes.active.filter((a) => this.needsWrite(a, now));
    this.commit({ ...changes, active: unwritten, resolved }, now, changes.active.length > 0);
    for (const fingerprint of changes.removed) this.written.delete(fingerprint);
    for (const alert of changes.fired) this.options.logger.info({ alert: alert.labels }, 'alert firing');
    for (const alert of resolved) this.options.logger.info({ alert: alert.labels }, 'alert resolved');
  }

  /**
   * A change of state, severity or annotations is written at once; a value and lastSeenAt that
   * merely move are written at most every CHECKPOINT_MS. Rewriting every pending or firing
   * instance every cycle cost most of an evaluation with thousands of lagging groups, and a
   * restart needs them only to keep keepFiringFor and the shown value roughly right.
   */
  private needsWrite(alert: AlertInstance, now: number): boolean {
    const last = this.written.get(alert.fingerprint);
    if (!last || now - last.at >= CHECKPOINT_MS) return true;
    const was = last.instance;
    return (
      was.state !== alert.state ||
      was.firedAt !== alert.firedAt ||
      was.activeAt !== alert.activeAt ||
      was.severity !== alert.severity ||
      was.valueText !== alert.valueText ||
      !sameLabels(was.annotations, alert.annotations)
    );
  }

  /** Notifications that came due by the clock alone (groupWait, groupInterval, repeatInterval). */
  private flush(): void {
    if (this.closed) return;
    const now = this.clock();
    this.commit(NO_ALERT_CHANGES, now);
    if (now - this.prunedAt >= PRUNE_EVERY_MS) this.prune(now);
  }

  /** Old log rows, episodes and silences go, a few at a time between evaluations. */
  private prune(now: number): void {
    this.prunedAt = now;
    const before = now - this.options.config.retention;
    const removed = this.options.store.prune(before);
    if (removed > 0) this.silenceBook.forgetBefore(before);
  }

  /**
   * Records resolutions in their groups, plans what is due, writes it all in one transaction,
   * then sends: a crash after the write never sends twice (at most once per planned step).
   */
  private commit(
    changes: Omit<EvaluationChanges, 'groups' | 'removedGroups'>,
    now: number,
    valuesMoved = false,
  ): void {
    for (const alert of changes.resolved) addResolved(this.book.groups, alert);
    const due = this.plan(now);
    const touched =
      valuesMoved || changes.active.length + changes.removed.length + changes.resolved.length > 0;
    if (!touched && !this.book.dirty) return;
    try {
      this.options.store.saveChanges({ ...changes, ...this.book.takeChanges() });
      for (const instance of changes.active) this.written.set(instance.fingerprint, { instance, at: now });
    } catch (error) {
      // Telling the receivers matters more than remembering that we did: send anyway, and
      // write every group again on the next step.
      this.book.markUnsaved();
      this.options.logger.error({ err: error }, 'could not save the alert state; notifying anyway');
    }
    if (touched) this.options.metrics.setAlerts(this.instances.values());
    this.dispatch(due);
  }

  private plan(now: number): Notification[] {
    const silences = this.silenceBook.activeAt(now);
    const routed = [...this.instances.values()].map((alert) => ({
      alert,
      receivers: (this.rulesByName.get(alert.rule)?.receivers ?? []).filter((r) =>
        this.options.dispatcher.has(r),
      ),
      silenced: silences.isMuted(alert.labels),
    }));
    return dueNotifications(this.book.groups, routed, this.timing, now, this.externalUrl(), this.busy);
  }

  private dispatch(due: readonly Notification[]): void {
    for (const notification of due) {
      this.busy.add(notification.groupKey);
      const sending = this.options.dispatcher
        .send(notification)
        .then((results) => {
          if (results?.some((r) => r.ok)) return;
          // Every channel refused it for good (a 403, a bad robot token): sending it again after
          // groupInterval would be refused alike, so the group counts as told.
          if (results && results.length > 0 && results.every((r) => r.failure === 'permanent')) return;
          const group = this.book.groups.get(notification.groupKey);
          if (!group) return;
          markFailed(group, notification);
          this.safely('group save', () =>
            this.options.store.saveChanges({ ...NO_ALERT_CHANGES, ...this.book.takeChanges() }),
          );
        })
        // Nobody awaits this promise but settled(): a rejection would crash the process.
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'alert notification failed'))
        .finally(() => {
          this.busy.delete(notification.groupKey);
          this.inFlight.delete(sending);
        });
      this.inFlight.add(sending);
    }
  }

  /** Alerts of rules or clusters no longer configured end, with a resolved notification. */
  private resolveOrphans(): void {
    const clusters = this.options.clusters;
    const orphans = [...this.instances.values()].filter(
      (a) => !this.rulesByName.has(a.rule) || (clusters !== undefined && !clusters.includes(a.cluster)),
    );
    if (orphans.length === 0) return;
    const now = this.clock();
    const resolved: ResolvedAlert[] = [];
    for (const alert of orphans) {
      this.instances.delete(alert.fingerprint);
      const ended = resolvedAt(alert, now);
      if (ended) resolved.push(ended);
    }
    for (const alert of resolved) addResolved(this.book.groups, alert);
    this.options.store.saveChanges({
      active: [],
      removed: orphans.map((a) => a.fingerprint),
      fired: [],
      resolved,
      ...this.book.takeChanges(),
    });
  }

  private externalUrl(): string {
    return this.options.config.externalUrl ?? this.options.defaultExternalUrl?.() ?? '';
  }

  /** Resolves once the deliveries under way have ended (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops the clock, cuts retries short (they are logged as failed), and waits for them to end. */
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
    const silences = this.silenceBook.activeAt(this.clock());
    return [...this.instances.values()]
      .filter((a) => filter.cluster === undefined || a.cluster === filter.cluster)
      .filter((a) => filter.state === undefined || a.state === filter.state)
      .sort((a, b) => a.activeAt - b.activeAt || (a.fingerprint < b.fingerprint ? -1 : 1))
      .map((a) => alertView(a, silences));
  }

  history(range: TimeRange & { cluster?: string }): readonly AlertHistoryEntry[] {
    return this.options.store.history(range);
  }

  rules(): readonly RuleView[] {
    return [...this.rulesByName.values()].map((r) => ruleView(r.config, r.receivers));
  }

  silences(): readonly SilenceView[] {
    return this.silenceBook.views(this.clock());
  }

  createSilence(input: NewSilence): SilenceView {
    return this.silenceBook.create(input, this.clock());
  }

  expireSilence(id: string): SilenceView | undefined {
    return this.silenceBook.expire(id, this.clock());
  }

  receivers(): readonly ReceiverView[] {
    return this.options.dispatcher.views();
  }

  async testSend(receiver: string): Promise<readonly DeliveryResult[] | undefined> {
    if (!this.options.dispatcher.has(receiver)) return undefined;
    return this.options.dispatcher.send(testNotification(receiver, this.externalUrl(), this.clock()));
  }

  notifications(range: TimeRange): readonly NotificationLogEntry[] {
    return this.options.store.notifications(range);
  }
}
