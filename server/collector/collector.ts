import type { Config } from '../config/index.ts';
import { ClusterClient } from '../kafka/index.ts';
import type { Logger } from '../logger.ts';
import { ClusterCollection } from './collect.ts';
import { ClusterPoller, type PollerStatus, type SnapshotListener } from './poller.ts';
import type { ClusterSnapshot } from './snapshot.ts';

/** The poll loops of all configured clusters. */
export class Collector {
  private readonly pollers: Map<string, ClusterPoller>;

  constructor(config: Config, logger: Logger) {
    this.pollers = new Map(
      config.clusters.map((cluster) => {
        const log = logger.child({ cluster: cluster.name });
        const client = new ClusterClient(cluster, log);
        const collection = new ClusterCollection(cluster, client);
        return [cluster.name, new ClusterPoller(cluster, collection, log, () => client.close())];
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
