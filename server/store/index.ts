export type { Agg } from './aggregate.ts';
export {
  type AuditEntry,
  AuditLog,
  type AuditQuery,
  type AuditResult,
  type StoredAuditEntry,
} from './audit.ts';
export type { ClusterPoint } from './cluster-series.ts';
export { downsample, type Sample, type SeriesRange } from './downsample.ts';
export { HistoryStore } from './history-store.ts';
export type { IsrEventQuery, StoredIsrEvent } from './isr-events.ts';
export type { MaintenanceReport } from './maintenance.ts';
export { type MigrationResult, migrate } from './migrate.ts';
export { DATABASE_FILE, MIGRATIONS_DIR, openDatabase, openMigratedDatabase } from './open.ts';
export { DEFAULT_HISTORY_OPTIONS, type HistoryOptions } from './options.ts';
export type { KnownBroker } from './restore.ts';
export type { BrokerPoint, LagPoint, TopicPoint } from './series.ts';
