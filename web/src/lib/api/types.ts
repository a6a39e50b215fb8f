// The API's response shapes. Where the server has the type, it is imported (types only,
// nothing of the server ends up in the bundle); the rest mirror the HTTP contract.
export type {
  AlertHistoryEntry,
  AlertsStatus,
  AlertView,
  DeliveryResult,
  Labels,
  Matcher,
  NewSilence,
  NotificationLogEntry,
  ReceiverView,
  RuleView,
  SilenceView,
} from '../../../../alerts/api.ts';
export type { GroupSortColumn, TopicSortColumn } from '../../../../server/api/columns.ts';
// Values, not only types: columns.ts imports nothing, so this adds a few bytes to the bundle.
export { GROUP_SORT_COLUMNS, TOPIC_SORT_COLUMNS } from '../../../../server/api/columns.ts';
export type {
  BrokerSnapshot,
  ControllerSnapshot,
  GroupPartition,
  GroupSnapshot,
  PartitionSnapshot,
  TopicSnapshot,
} from '../../../../server/collector/snapshot.ts';
export type { GroupMember, GroupState, GroupType, QuorumReplica } from '../../../../server/model/index.ts';
// The same for the model's value lists (server/model imports nothing).
export {
  GROUP_LAG_STATUSES,
  GROUP_STATES,
  GROUP_TYPES,
  PARTITION_LAG_STATUSES,
  SEVERITIES,
} from '../../../../server/model/index.ts';

import type { ClusterSummary, GroupRow, TopicConsumer, TopicRow } from '../../../../server/api/responses.ts';
import type { IsrChangeEvent } from '../../../../server/collector/snapshot.ts';
import type { LagPoint, TopicPoint } from '../../../../server/store/series.ts';

export type { ClusterSummary, GroupRow, IsrChangeEvent, LagPoint, TopicConsumer, TopicPoint, TopicRow };
export type LagStatus = GroupRow['status'];

export type {
  BytesView,
  MessagesPage,
  MessageView as BrowsedMessage,
} from '../../../../server/api/messages-schemas.ts';
export type {
  AuditEntry,
  AuthInfo,
  Items,
  LagHistory,
  Page,
  TopicDetail,
  TopicHistory,
} from '../../../../server/api/responses.ts';

import type { z } from 'zod';
import type { CreateTopicBody } from '../../../../server/api/schemas.ts';
export type NewTopic = z.input<typeof CreateTopicBody>;
