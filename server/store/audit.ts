import type { Database, Statement } from 'better-sqlite3';

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  time: number;
  clientAddress: string;
  userAgent: string | null;
  /** What was attempted, e.g. "topic.delete". */
  action: string;
  /** What it was attempted on, e.g. "prod/orders". */
  target: string;
  result: AuditResult;
  /** The HTTP status the attempt was answered with. */
  status: number;
  message: string | null;
  /** What the action changed, as JSON (before and after); absent or null when it changed nothing. */
  changeBefore?: string | null;
  changeAfter?: string | null;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  changeBefore: string | null;
  changeAfter: string | null;
}

export interface AuditQuery {
  limit: number;
  /** Only entries with a smaller id: the next page of a newest-first list. */
  before?: number;
}

/** Rows kept at most, newest first (about 50 MB at the longest texts). */
export const AUDIT_MAX_ROWS = 100_000;

// Bounded so a hostile user agent or message cannot bloat the table.
const MAX_TEXT = 512;
// The message of a successful operator action holds its before and after (offsets per partition,
// old and new config values), so it may be longer; still bounded.
const MAX_MESSAGE = 4096;
const clip = (value: string | null, max = MAX_TEXT): string | null =>
  value === null ? null : value.slice(0, max);
// A reassignment of a big topic lists many partitions; enough to read, bounded all the same.
const MAX_CHANGE = 16_384;
const clipChange = (value: string | null | undefined): string | null =>
  value == null ? null : value.length <= MAX_CHANGE ? value : `${value.slice(0, MAX_CHANGE)}… (truncated)`;

/** The audit log of admin attempts. Parameterised statements only: every value is data. */
export class AuditLog {
  private readonly insert: Statement<[AuditEntry]>;
  private readonly newest: Statement<[number], StoredAuditEntry>;
  private readonly older: Statement<[number, number], StoredAuditEntry>;
  private readonly deleteBefore: Statement<[number]>;
  private readonly deleteBeyond: Statement<[number]>;

  constructor(db: Database) {
    const columns = `id, time, client_address AS clientAddress, user_agent AS userAgent, action, target,
      result, status, message, change_before AS changeBefore, change_after AS changeAfter`;
    this.insert = db.prepare(`INSERT INTO audit_log
      (time, client_address, user_agent, action, target, result, status, message, change_before, change_after)
      VALUES (@time, @clientAddress, @userAgent, @action, @target, @result, @status, @message, @changeBefore,
        @changeAfter)`);
    this.newest = db.prepare(`SELECT ${columns} FROM audit_log ORDER BY id DESC LIMIT ?`);
    this.older = db.prepare(`SELECT ${columns} FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`);
    this.deleteBefore = db.prepare('DELETE FROM audit_log WHERE time < ?');
    this.deleteBeyond = db.prepare(`DELETE FROM audit_log WHERE id <=
      (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)`);
  }

  record(entry: AuditEntry): number {
    const row = {
      ...entry,
      clientAddress: clip(entry.clientAddress) ?? '',
      userAgent: clip(entry.userAgent),
      target: clip(entry.target) ?? '',
      message: clip(entry.message, MAX_MESSAGE),
      changeBefore: clipChange(entry.changeBefore),
      changeAfter: clipChange(entry.changeAfter),
    };
    return Number(this.insert.run(row).lastInsertRowid);
  }

  /** Newest first. */
  list(query: AuditQuery): StoredAuditEntry[] {
    return query.before === undefined
      ? this.newest.all(query.limit)
      : this.older.all(query.before, query.limit);
  }

  /**
   * Drops rows older than `olderThan` and, beyond the newest `maxRows`, the oldest: every refused
   * attempt writes a row, so a flood of them must not grow the database without end.
   */
  prune(olderThan: number, maxRows = AUDIT_MAX_ROWS): number {
    return this.deleteBefore.run(olderThan).changes + this.deleteBeyond.run(maxRows).changes;
  }
}
