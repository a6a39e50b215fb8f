import type { Database, Statement } from 'better-sqlite3';
import type { PendingReassignment, PendingReassignmentStore } from '../kafka/admin/reassignment-tracker.ts';
import type { Throttle } from '../kafka/admin/throttle.ts';

interface Row {
  topic: string;
  startedAt: number;
  throttle: string | null;
}

/** The reassignments still being watched (migrations/0007), one row per cluster and topic. */
export class SqlitePendingReassignments implements PendingReassignmentStore {
  private readonly select: Statement<[string], Row>;
  private readonly upsert: Statement<[string, string, number, string | null]>;
  private readonly delete: Statement<[string, string]>;

  constructor(db: Database) {
    this.select = db.prepare(
      'SELECT topic, started_at AS startedAt, throttle FROM pending_reassignment WHERE cluster = ? ORDER BY topic',
    );
    this.upsert =
      db.prepare(`INSERT INTO pending_reassignment (cluster, topic, started_at, throttle) VALUES (?, ?, ?, ?)
      ON CONFLICT (cluster, topic) DO UPDATE SET started_at = excluded.started_at, throttle = excluded.throttle`);
    this.delete = db.prepare('DELETE FROM pending_reassignment WHERE cluster = ? AND topic = ?');
  }

  list(cluster: string): PendingReassignment[] {
    return this.select.all(cluster).map((row) => ({
      topic: row.topic,
      startedAt: row.startedAt,
      throttle: row.throttle === null ? null : (JSON.parse(row.throttle) as Throttle),
    }));
  }

  save(cluster: string, pending: PendingReassignment): void {
    this.upsert.run(
      cluster,
      pending.topic,
      pending.startedAt,
      pending.throttle && JSON.stringify(pending.throttle),
    );
  }

  remove(cluster: string, topic: string): void {
    this.delete.run(cluster, topic);
  }
}
