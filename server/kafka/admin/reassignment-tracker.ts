// Watches the reassignments Kestrel started until Kafka reports them done, then removes their
// replication throttle. A watcher, not the progress request: an operator who closes the dialog
// (or a Kestrel restart in between) must not leave a throttle behind that slows every later
// replica catch-up on those brokers. The pending list lives in SQLite (PendingReassignmentStore),
// so a restarted Kestrel picks up where it left off. It asks Kafka only while something is
// pending, and the API's progress route reads the last answer from here, never Kafka itself.
import type { Logger } from '../../shared/logger.ts';
import type { OngoingReassignment } from '../protocol/index.ts';
import { brokersToRelease, type Throttle } from './throttle.ts';

export interface PendingReassignment {
  topic: string;
  startedAt: number;
  throttle: Throttle | null;
}

/** Where the pending reassignments of one cluster are kept across restarts. */
export interface PendingReassignmentStore {
  list(cluster: string): PendingReassignment[];
  save(cluster: string, pending: PendingReassignment): void;
  remove(cluster: string, topic: string): void;
}

export interface TrackerAdmin {
  ongoing(topics: string[] | null): Promise<OngoingReassignment[]>;
  clearThrottle(topic: string, brokers: readonly number[]): Promise<void>;
}

export interface ReassignmentStatus {
  /** in_progress: Kafka still moves replicas (or has not been asked since the start). */
  state: 'in_progress' | 'done' | 'none';
  startedAt: number | null;
  finishedAt: number | null;
  throttle: Throttle | null;
  /** Whether the throttle has been removed after the end. */
  throttleRemoved: boolean;
  ongoing: OngoingReassignment[];
  /** When Kafka was last asked; null before the first answer. */
  checkedAt: number | null;
  /** The last failure asking Kafka or removing the throttle; it is retried. */
  lastError: string | null;
}

interface Finished {
  startedAt: number;
  finishedAt: number;
  throttle: Throttle | null;
}

export const WATCH_INTERVAL_MS = 2000;

export class ReassignmentTracker {
  private readonly ongoingByTopic = new Map<string, OngoingReassignment[]>();
  private readonly finished = new Map<string, Finished>();
  private checkedAt: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly cluster: string,
    private readonly admin: TrackerAdmin,
    private readonly store: PendingReassignmentStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = WATCH_INTERVAL_MS,
  ) {}

  /** Resumes watching what a previous run left pending. */
  start(): void {
    if (this.store.list(this.cluster).length > 0) this.schedule();
  }

  track(pending: PendingReassignment): void {
    this.store.save(this.cluster, pending);
    this.finished.delete(pending.topic);
    this.ongoingByTopic.delete(pending.topic);
    this.schedule();
  }

  status(topic: string): ReassignmentStatus {
    const pending = this.store.list(this.cluster).find((p) => p.topic === topic);
    const base = { checkedAt: this.checkedAt, lastError: this.lastError };
    if (pending)
      return {
        ...base,
        state: 'in_progress',
        startedAt: pending.startedAt,
        finishedAt: null,
        throttle: pending.throttle,
        throttleRemoved: false,
        ongoing: this.ongoingByTopic.get(topic) ?? [],
      };
    const done = this.finished.get(topic);
    if (done)
      return { ...base, state: 'done', ...done, throttleRemoved: done.throttle !== null, ongoing: [] };
    return {
      ...base,
      state: 'none',
      startedAt: null,
      finishedAt: null,
      throttle: null,
      throttleRemoved: false,
      ongoing: [],
    };
  }

  /** One round: ask Kafka what still moves; finish (un-throttle, forget) what does not. */
  check(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    const pending = this.store.list(this.cluster);
    if (pending.length === 0) return;
    try {
      const ongoing = await this.admin.ongoing(pending.map((p) => p.topic));
      this.checkedAt = this.now();
      this.lastError = null;
      this.ongoingByTopic.clear();
      for (const r of ongoing)
        this.ongoingByTopic.set(r.topic, [...(this.ongoingByTopic.get(r.topic) ?? []), r]);
      for (const p of pending) {
        if (this.ongoingByTopic.has(p.topic)) continue;
        if (p.throttle) {
          const others = this.store
            .list(this.cluster)
            .flatMap((o) => (o.topic !== p.topic && o.throttle ? [o.throttle] : []));
          await this.admin.clearThrottle(p.topic, brokersToRelease(p.throttle, others));
        }
        this.store.remove(this.cluster, p.topic);
        this.finished.set(p.topic, { startedAt: p.startedAt, finishedAt: this.now(), throttle: p.throttle });
        this.logger.info({ topic: p.topic, throttle: p.throttle !== null }, 'reassignment finished');
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.logger.warn({ err: error }, 'could not check the reassignments in progress; trying again');
    }
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check().then(() => {
        if (this.store.list(this.cluster).length > 0) this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }
}
