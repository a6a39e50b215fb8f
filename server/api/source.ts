import type { AlertsApi } from '../../alerts/api.ts';
import type { ClusterSnapshot, PollerStatus } from '../collector/index.ts';
import type { BrowseConfig, Config } from '../config/index.ts';
import type { PendingReassignment, ReassignmentStatus } from '../kafka/admin/reassignment-tracker.ts';
import type { Throttle } from '../kafka/admin/throttle.ts';
import type { NewTopic } from '../kafka/admin.ts';
import type { BrowseQuery, BrowseResult } from '../kafka/messages/index.ts';
import type {
  ElectionType,
  PartitionElection,
  PartitionReassignmentResult,
} from '../kafka/protocol/index.ts';
import type { AuditEntry, AuditQuery, StoredAuditEntry } from '../store/audit.ts';
import type { HistoryStore } from '../store/index.ts';
import type { OperatorPort } from './operator-ports.ts';

/** The three mutating requests an admin may make of one cluster (server/kafka/admin.ts). */
export interface TopicAdminPort {
  createTopic(topic: NewTopic): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  createPartitions(name: string, count: number): Promise<void>;
}

/** Leader elections and reassignments of one cluster (server/kafka/admin/replica-admin.ts). */
export interface ReplicaAdminPort {
  elect(
    type: ElectionType,
    partitions: { topic: string; partitions: number[] }[] | null,
  ): Promise<PartitionElection[]>;
  reassign(
    topic: string,
    partitions: { partition: number; replicas: readonly number[] | null }[],
  ): Promise<PartitionReassignmentResult[]>;
  setThrottle(throttle: Throttle): Promise<void>;
  clearThrottle(topic: string, brokers: readonly number[]): Promise<void>;
}

/** The watcher of the reassignments Kestrel started (server/kafka/admin/reassignment-tracker.ts). */
export interface ReassignmentWatchPort {
  track(pending: PendingReassignment): void;
  status(topic: string): ReassignmentStatus;
  /** Asks Kafka now instead of at the next tick (after a cancel). */
  check(): Promise<void>;
}

/** Reads a topic's messages on its own Kafka connection (server/kafka/messages). */
export interface MessageBrowserPort {
  read(query: BrowseQuery): Promise<BrowseResult>;
}

export interface AuditPort {
  record(entry: AuditEntry): number;
  list(query: AuditQuery): StoredAuditEntry[];
}

/**
 * What the API reads and acts on. Reads come from the collector's latest snapshots and the
 * store, never from Kafka; only the admin port talks to Kafka, and only for admin actions.
 */
export interface ApiSource {
  /** One entry per configured cluster, in configuration order. */
  status(): readonly PollerStatus[];
  latest(cluster: string): ClusterSnapshot | undefined;
  /** The history store's read side, when there is one. */
  history?: Pick<HistoryStore, 'isrEvents' | 'lagSeries' | 'topicSeries' | 'brokerSeries' | 'firstAt'> &
    Partial<Pick<HistoryStore, 'clusterSeries'>>;
  /** The clock for default time ranges and audit rows; tests pin it. */
  now?: () => number;
  /** The alerts engine; its routes answer 503 without it. */
  alerts?: AlertsApi;
  /** false: `alerts.enabled: false`, no engine runs, and the alert routes say alerts are off. */
  alertsEnabled?: boolean;
  /** Admin requests per cluster; admin actions answer 503 without it. */
  admin?: (cluster: string) => TopicAdminPort | undefined;
  audit?: AuditPort;
  /** Group offset and topic config actions per cluster; they answer 503 without it. */
  operator?: (cluster: string) => OperatorPort | undefined;
  /** Elections and reassignments per cluster; their routes answer 503 without it. */
  replicas?: (cluster: string) => { admin: ReplicaAdminPort; watch: ReassignmentWatchPort } | undefined;
  /** The message browser per cluster; its route answers 503 without it. */
  browser?: (cluster: string) => MessageBrowserPort | undefined;
  /** The message browser's permission and bounds; absent: browsing is off. */
  browse?: BrowseConfig;
  /** The effective configuration, served redacted at /config. */
  config?: Config;
  /** Regexes of topics that cannot be deleted, on top of the built-in ones. */
  protectedTopics?: readonly string[];
}
