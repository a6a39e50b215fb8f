// Leader elections and reassignments: the admin's own connection, the pure plans, the watcher.
import type { ClusterConfig } from '../../config/index.ts';
import type { Logger } from '../../logger.ts';
import { type PendingReassignmentStore, ReassignmentTracker } from './reassignment-tracker.ts';
import { ReplicaAdmin } from './replica-admin.ts';

export type {
  PendingReassignment,
  PendingReassignmentStore,
  ReassignmentStatus,
} from './reassignment-tracker.ts';
export { ReassignmentTracker } from './reassignment-tracker.ts';
export { ReplicaAdmin } from './replica-admin.ts';
export type { Throttle } from './throttle.ts';

export interface ReplicaActions {
  get(cluster: string): { admin: ReplicaAdmin; watch: ReassignmentTracker } | undefined;
  close(): Promise<void>;
}

/** One admin connection and one watcher per cluster; the watchers resume what a restart interrupted. */
export function startReplicaActions(
  clusters: readonly ClusterConfig[],
  store: PendingReassignmentStore,
  logger: Logger,
): ReplicaActions {
  const byCluster = new Map(
    clusters.map((c) => {
      const log = logger.child({ cluster: c.name, module: 'reassignment' });
      const admin = new ReplicaAdmin(c, log);
      const watch = new ReassignmentTracker(c.name, admin, store, log);
      watch.start();
      return [c.name, { admin, watch }] as const;
    }),
  );
  return {
    get: (cluster) => byCluster.get(cluster),
    close: async () => {
      await Promise.all(
        [...byCluster.values()].map(async ({ admin, watch }) => {
          await watch.close();
          await admin.close();
        }),
      );
    },
  };
}
