// Operator actions on a cluster (issue 17), each on the admin's own connection: group offsets and
// topic configs; leader elections and reassignments with their pure plans and the throttle watcher.
import type { ClusterConfig } from '../../config/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { TopicConfigsAdmin } from './configs.ts';
import { AdminConnection } from './connection.ts';
import { GroupOffsetsAdmin } from './offsets.ts';
import { type PendingReassignmentStore, ReassignmentTracker } from './reassignment-tracker.ts';
import { ReplicaAdmin } from './replica-admin.ts';

export {
  type ConfigEdit,
  ConfigPlanError,
  describeConfigChanges,
  hideSensitiveValues,
  type PlannedConfigChange,
  planConfigChanges,
  type TopicConfigEntry,
} from './config-plan.ts';
export { TopicConfigsAdmin } from './configs.ts';
export {
  type CommittedOffset,
  GroupOffsetsAdmin,
  type GroupStatus,
  type ResetPreview,
  type ResetRequest,
} from './offsets.ts';
export { OperatorRefusal, type OperatorRefusalKind } from './refusal.ts';
export type { PlannedReset, PreviewedReset, ResetScope, ResetStrategy } from './reset-plan.ts';

/** One cluster's operator admin: one connection shared by the group and the config actions. */
export class OperatorAdmin {
  readonly groups: GroupOffsetsAdmin;
  readonly configs: TopicConfigsAdmin;
  private readonly connection: AdminConnection;

  constructor(config: ClusterConfig, logger: Logger) {
    this.connection = new AdminConnection(config, logger);
    this.groups = new GroupOffsetsAdmin(this.connection);
    this.configs = new TopicConfigsAdmin(this.connection);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

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
