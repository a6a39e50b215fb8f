import type { GroupOffsetsAdmin, TopicConfigsAdmin } from '../kafka/admin/index.ts';

/** The operator actions of one cluster (server/kafka/admin), on their own Kafka connection. */
export interface OperatorPort {
  groups: Pick<
    GroupOffsetsAdmin,
    'status' | 'committed' | 'previewReset' | 'executeReset' | 'deleteOffsets' | 'deleteGroup'
  >;
  configs: Pick<TopicConfigsAdmin, 'describe' | 'alter'>;
}
