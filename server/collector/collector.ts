import type { ClusterConfig, Config } from '../config/index.ts';
import type { Logger } from '../shared/logger.ts';
import { ClusterCollection } from './collect.ts';
import { DEFAULT_LAG_WINDOW, type LagWindow } from './derive/lag-window.ts';
import type { EndOffsetRuns } from './derive/time-lag.ts';
import { ClusterPoller, type PollerStatus, type SnapshotListener } from './poller.ts';
import type { ClusterReader } from './read.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { type CollectorState, emptyState } from './state.ts';

/** Where snapshots go and the collector's memory comes back from (the SQLite history store). */
export interface SnapshotStore {
  writeCycle(snapshot: ClusterSnapshot): unknown;
  knownBrokers(cluster: string): { id: number; host: string; port: number; rack: string | null }[];
  loadEndOffsetRuns(cluster: string): Map<string, EndOffsetRuns>;
  loadLagWindows(cluster: string, size: number): Map<string, Map<string, LagWindow>>;
}

/** A cluster's connection as the collector uses it: it reads, and it is closed at stop. */
export interface ClusterConnection extends ClusterReader {
  close(): Promise<void>;
}

/** Opens one cluster's connection; the composition root (service.ts) says with what. */
export type ConnectCluster = (cluster: ClusterConfig, logger: Logger) => ClusterConnection;

/** The poll loops of all configured clusters. */
export class Collector {
  private readonly pollers: Map<string, ClusterPoller>;

  constructor(config: Config, logger: Logger, connect: ConnectCluster, store?: SnapshotStore) {
    this.pollers = new Map(
      config.clusters.map((cluster) => {
        const log = logger.child({ cluster: cluster.name });
        const client = connect(cluster, log);
        const collection = new ClusterCollection(
          cluster,
          client,
          store ? restore(store, cluster.name) : emptyState(),
        );
        const poller = new ClusterPoller(cluster, collection, log, () => client.close());
        if (store) poller.onSnapshot((snapshot) => persist(store, snapshot, log));
        return [cluster.name, poller];
      }),
    );
  }

  get clusters(): string[] {
    return [...this.pollers.keys()];
  }

  latest(cluster: string): ClusterSnapshot | undefined {
    return this.pollers.get(cluster)?.latest;
  }

  status(): PollerStatus[] {
    return [...this.pollers.values()].map((p) => p.status);
  }

  onSnapshot(listener: SnapshotListener): void {
    for (const poller of this.pollers.values()) poller.onSnapshot(listener);
  }

  start(): void {
    for (const poller of this.pollers.values()) poller.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((p) => p.stop()));
  }
}

/** Time-lag history, Burrow windows and known brokers as they were before a restart. */
function restore(store: SnapshotStore, cluster: string): CollectorState {
  const state = emptyState();
  for (const b of store.knownBrokers(cluster))
    state.knownBrokers.set(b.id, { host: b.host, port: b.port, rack: b.rack });
  state.endOffsetRuns = store.loadEndOffsetRuns(cluster);
  state.lagWindows = store.loadLagWindows(cluster, DEFAULT_LAG_WINDOW);
  return state;
}

function persist(store: SnapshotStore, snapshot: ClusterSnapshot, logger: Logger): void {
  try {
    store.writeCycle(snapshot);
  } catch (error) {
    // The snapshot is still served; the history misses one cycle, said once per failure.
    logger.error({ err: error }, 'could not write the cycle to the history store');
  }
}
