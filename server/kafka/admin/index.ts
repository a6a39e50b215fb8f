// Operator actions on a cluster (issue 17): group offsets and topic configs, on their own connection.
import type { ClusterConfig } from '../../config/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { TopicConfigsAdmin } from './configs.ts';
import { AdminConnection } from './connection.ts';
import { GroupOffsetsAdmin } from './offsets.ts';

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
