import type { ClusterConfig } from '../config/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { ClusterCollection } from './collect.ts';
import type { ClusterSnapshot } from './snapshot.ts';

export interface PollerStatus {
  cluster: string;
  /** Time of the last cycle in which the cluster answered. */
  lastSuccessAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  cycles: number;
}

export type SnapshotListener = (snapshot: ClusterSnapshot) => void;

/**
 * One poll loop per cluster. The next cycle is scheduled only after the previous one ended,
 * so cycles never overlap, however slow the cluster is.
 */
export class ClusterPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private latestSnapshot: ClusterSnapshot | undefined;
  private readonly listeners: SnapshotListener[] = [];
  private readonly state: PollerStatus;

  constructor(
    private readonly config: ClusterConfig,
    private readonly collection: ClusterCollection,
    private readonly logger: Logger,
    private readonly close: () => Promise<void>,
  ) {
    this.state = {
      cluster: config.name,
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
      cycles: 0,
    };
  }

  get latest(): ClusterSnapshot | undefined {
    return this.latestSnapshot;
  }

  get status(): Readonly<PollerStatus> {
    return { ...this.state };
  }

  onSnapshot(listener: SnapshotListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for a cycle in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.close();
  }

  /** Runs one cycle now (used by start() and by tests). */
  async pollOnce(): Promise<ClusterSnapshot> {
    const snapshot = await this.collection.cycle();
    this.publish(snapshot);
    return snapshot;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.error({ err: error, cluster: this.config.name }, 'poll cycle failed'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(Math.max(0, this.config.pollInterval - (Date.now() - started)));
        });
    }, delay);
  }

  private publish(snapshot: ClusterSnapshot): void {
    this.state.cycles++;
    if (snapshot.reachable) {
      if (this.state.consecutiveFailures > 0)
        this.logger.info({ cluster: snapshot.cluster }, 'cluster reachable again');
      this.state.lastSuccessAt = snapshot.collectedAt;
      this.state.lastError = null;
      this.state.consecutiveFailures = 0;
    } else {
      const message = snapshot.errors.map((e) => e.message).join('; ');
      if (this.state.consecutiveFailures === 0)
        this.logger.warn({ cluster: snapshot.cluster, error: message }, 'cluster unreachable');
      this.state.lastError = message;
      this.state.consecutiveFailures++;
    }
    this.latestSnapshot = snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.logger.error({ err: error, cluster: snapshot.cluster }, 'snapshot listener failed');
      }
    }
  }
}
