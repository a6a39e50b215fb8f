import type { Database } from 'better-sqlite3';
import type { AlertHistoryEntry, Labels, NotificationLogEntry, Severity, TimeRange } from './api.ts';
import type { GroupState } from './grouping.ts';
import type { AlertInstance, ResolvedAlert } from './instance.ts';
import type { Silence } from './silences.ts';

interface InstanceRow {
  fingerprint: string;
  rule: string;
  cluster: string;
  labels: string;
  annotations: string;
  severity: string;
  value: number | null;
  value_text: string | null;
  state: string;
  active_at: number;
  fired_at: number | null;
  last_seen_at: number;
}

interface HistoryRow {
  fingerprint: string;
  rule: string;
  severity: string;
  labels: string;
  annotations: string;
  fired_at: number;
  resolved_at: number | null;
}

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
  updated_at: number;
}

export interface EvaluationChanges {
  /** Every instance still pending or firing for the evaluated (rule, cluster) pairs. */
  active: readonly AlertInstance[];
  /** Fingerprints no longer pending or firing. */
  removed: readonly string[];
  fired: readonly AlertInstance[];
  resolved: readonly ResolvedAlert[];
  /** Groups changed in this step, and keys of groups removed. */
  groups: readonly GroupState[];
  removedGroups: readonly string[];
}

export type NewLogEntry = Omit<NotificationLogEntry, 'id'> & { groupKey: string };

/** The alerts engine's SQLite tables (migrations/0003_alerts.sql), with prepared statements. */
export class AlertStore {
  private readonly upsertInstance;
  private readonly deleteInstance;
  private readonly openEpisode;
  private readonly closeEpisode;
  private readonly upsertGroup;
  private readonly deleteGroup;
  private readonly upsertSilence;
  private readonly insertLog;
  readonly saveChanges: (changes: EvaluationChanges) => void;

  constructor(private readonly db: Database) {
    this.upsertInstance = db.prepare(`INSERT INTO alert_instance
      (fingerprint, rule, cluster, labels, annotations, severity, value, value_text, state, active_at, fired_at, last_seen_at)
      VALUES (@fingerprint, @rule, @cluster, @labels, @annotations, @severity, @value, @valueText, @state, @activeAt, @firedAt, @lastSeenAt)
      ON CONFLICT (fingerprint) DO UPDATE SET labels = excluded.labels, annotations = excluded.annotations,
        severity = excluded.severity, value = excluded.value, value_text = excluded.value_text, state = excluded.state, active_at = excluded.active_at,
        fired_at = excluded.fired_at, last_seen_at = excluded.last_seen_at`);
    this.deleteInstance = db.prepare('DELETE FROM alert_instance WHERE fingerprint = ?');
    this.openEpisode = db.prepare(`INSERT INTO alert_history
      (fingerprint, rule, cluster, severity, labels, annotations, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.closeEpisode = db.prepare(
      'UPDATE alert_history SET resolved_at = ?, annotations = ? WHERE fingerprint = ? AND resolved_at IS NULL',
    );
    this.upsertGroup = db.prepare(`INSERT INTO alert_group (group_key, receiver, state) VALUES (?, ?, ?)
      ON CONFLICT (group_key) DO UPDATE SET state = excluded.state`);
    this.deleteGroup = db.prepare('DELETE FROM alert_group WHERE group_key = ?');
    this.upsertSilence = db.prepare(`INSERT INTO silence
      (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)
      VALUES (@id, @matchers, @startsAt, @endsAt, @createdBy, @comment, @createdAt, @updatedAt)
      ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, updated_at = excluded.updated_at`);
    this.insertLog = db.prepare(`INSERT INTO notification_log
      (time, receiver, channel, kind, group_key, alerts, status, failure, attempts, error)
      VALUES (@time, @receiver, @channel, @kind, @groupKey, @alerts, @status, @failure, @attempts, @error)`);
    this.saveChanges = db.transaction((changes: EvaluationChanges) => {
      for (const a of changes.active) {
        this.upsertInstance.run({
          ...a,
          labels: JSON.stringify(a.labels),
          annotations: JSON.stringify(a.annotations),
        });
      }
      for (const fingerprint of changes.removed) this.deleteInstance.run(fingerprint);
      for (const a of changes.fired) {
        this.openEpisode.run(
          a.fingerprint,
          a.rule,
          a.cluster,
          a.severity,
          JSON.stringify(a.labels),
          JSON.stringify(a.annotations),
          a.firedAt,
        );
      }
      for (const a of changes.resolved)
        this.closeEpisode.run(a.resolvedAt, JSON.stringify(a.annotations), a.fingerprint);
      for (const g of changes.groups) this.upsertGroup.run(g.key, g.receiver, JSON.stringify(g));
      for (const key of changes.removedGroups) this.deleteGroup.run(key);
    });
  }

  instances(): AlertInstance[] {
    return this.db
      .prepare<[], InstanceRow>('SELECT * FROM alert_instance')
      .all()
      .map((r) => ({
        fingerprint: r.fingerprint,
        rule: r.rule,
        cluster: r.cluster,
        labels: JSON.parse(r.labels) as Labels,
        annotations: JSON.parse(r.annotations) as Labels,
        severity: r.severity as Severity,
        value: r.value,
        valueText: r.value_text,
        state: r.state as AlertInstance['state'],
        activeAt: r.active_at,
        firedAt: r.fired_at,
        lastSeenAt: r.last_seen_at,
      }));
  }

  groups(): GroupState[] {
    return this.db
      .prepare<[], { state: string }>('SELECT state FROM alert_group')
      .all()
      .map((r) => JSON.parse(r.state) as GroupState);
  }

  silences(): Silence[] {
    return this.db
      .prepare<[], SilenceRow>('SELECT * FROM silence ORDER BY created_at')
      .all()
      .map((r) => ({
        id: r.id,
        matchers: JSON.parse(r.matchers) as Silence['matchers'],
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        createdBy: r.created_by,
        comment: r.comment,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
  }

  saveSilence(silence: Silence): void {
    this.upsertSilence.run({ ...silence, matchers: JSON.stringify(silence.matchers) });
  }

  logNotification(entry: NewLogEntry): void {
    this.insertLog.run(entry);
  }

  /** Drops log rows, resolved episodes and expired silences older than `before`. */
  prune(before: number): number {
    return this.db.transaction(() => {
      let removed = 0;
      removed += this.db.prepare('DELETE FROM notification_log WHERE time < ?').run(before).changes;
      removed += this.db.prepare('DELETE FROM alert_history WHERE resolved_at < ?').run(before).changes;
      removed += this.db.prepare('DELETE FROM silence WHERE ends_at < ?').run(before).changes;
      return removed;
    })();
  }

  history(range: TimeRange & { cluster?: string }): AlertHistoryEntry[] {
    // Episodes that overlap the range: fired before its end, and not resolved before its start.
    return this.db
      .prepare<[number, number, string | null, string | null, number], HistoryRow>(
        `SELECT * FROM alert_history WHERE fired_at <= ? AND (resolved_at IS NULL OR resolved_at >= ?)
         AND (? IS NULL OR cluster = ?) ORDER BY fired_at DESC, id DESC LIMIT ?`,
      )
      .all(range.to, range.from, range.cluster ?? null, range.cluster ?? null, range.limit)
      .map((r) => ({
        fingerprint: r.fingerprint,
        rule: r.rule,
        severity: r.severity as Severity,
        labels: JSON.parse(r.labels) as Labels,
        annotations: JSON.parse(r.annotations) as Labels,
        firedAt: r.fired_at,
        resolvedAt: r.resolved_at,
      }));
  }

  notifications(range: TimeRange): NotificationLogEntry[] {
    return this.db
      .prepare<[number, number, number], NotificationLogEntry>(
        `SELECT id, time, receiver, channel, kind, alerts, status, failure, attempts, error FROM notification_log
         WHERE time >= ? AND time <= ? ORDER BY time DESC, id DESC LIMIT ?`,
      )
      .all(range.from, range.to, range.limit);
  }
}
