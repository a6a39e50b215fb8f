// The API's response shapes. Where the server has the type, it is imported (types only,
// nothing of the server ends up in the bundle); the rest mirror the HTTP contract.
export type {
  AlertHistoryEntry,
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
// The same for the group filters' choices: both modules have only type imports.
export { GROUP_LAG_STATUSES } from '../../../../server/collector/derive/lag-status.ts';
export type {
  BrokerSnapshot,
  ControllerSnapshot,
  GroupMember,
  GroupPartition,
  GroupSnapshot,
  GroupState,
  GroupType,
  PartitionSnapshot,
  QuorumReplica,
  TopicSnapshot,
} from '../../../../server/collector/snapshot.ts';
export { GROUP_STATES, GROUP_TYPES } from '../../../../server/collector/snapshot.ts';

import type { ClusterSummary, GroupRow, TopicConsumer, TopicRow } from '../../../../server/api/views.ts';
import type { IsrChangeEvent, TopicSnapshot } from '../../../../server/collector/snapshot.ts';
import type { LagPoint, TopicPoint } from '../../../../server/store/series.ts';

export type { ClusterSummary, GroupRow, IsrChangeEvent, LagPoint, TopicConsumer, TopicPoint, TopicRow };
export type LagStatus = GroupRow['status'];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Items<T> {
  items: T[];
}

export type TopicDetail = TopicSnapshot & { consumers: TopicConsumer[] };

export interface LagHistory {
  from: number;
  to: number;
  topic: string | null;
  points: LagPoint[];
}

export interface TopicHistory {
  from: number;
  to: number;
  points: TopicPoint[];
}

export interface AuditEntry {
  id: number;
  time: number;
  clientAddress: string;
  userAgent: string | null;
  action: string;
  target: string;
  result: 'ok' | 'denied' | 'failed';
  /** The HTTP status the attempt got. */
  status: number;
  message: string | null;
  /** What the action changed (JSON), before and after; null when it changed nothing. */
  changeBefore?: string | null;
  changeAfter?: string | null;
}

export interface AuthInfo {
  adminEnabled: boolean;
  viewerAuth: boolean;
}

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

/** A key, value or header value as the message browser shows it (server/api/message-view.ts). */
export interface BytesView {
  format: 'text' | 'json' | 'binary';
  text: string | null;
  pretty: string | null;
  hex: string | null;
  base64: string | null;
  size: number;
  truncated: boolean;
}

export interface BrowsedMessage {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: BytesView | null;
  value: BytesView | null;
  headers: { key: string; value: BytesView | null }[];
  sizes: { key: number; value: number; headers: number };
  transactional: boolean;
  control: 'commit' | 'abort' | null;
}

export interface MessagesPage {
  cluster: string;
  topic: string;
  direction: 'forward' | 'backward';
  transactions: 'committed' | 'all';
  limit: number;
  limitCapped: boolean;
  stoppedBy: 'limit' | 'end' | 'bytes' | 'timeout';
  scanned: number;
  bytes: number;
  partitions: {
    partition: number;
    startOffset: number;
    endOffset: number;
    firstOffset: number | null;
    lastOffset: number | null;
    error: string | null;
  }[];
  messages: BrowsedMessage[];
}
