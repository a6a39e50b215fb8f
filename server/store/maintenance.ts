import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database, Statement } from 'better-sqlite3';
import type { EndOffsetLog } from './end-offset-log.ts';
import type { HistoryOptions } from './options.ts';
import type { HourlyRollup } from './rollup.ts';
import { HOUR_MS, hourCeil, hourFloor } from './time.ts';

export interface MaintenanceReport {
  rolledHours: number;
  deleted: {
    rawCycles: number;
    rawRows: number;
    cycles: number;
    hourlyRows: number;
    isrEvents: number;
    endOffsetLogRows: number;
  };
  /** Transactions run; between two of them a poll cycle may write. */
  batches: number;
  longestBatchMs: number;
  totalMs: number;
  /** Stopped early by the abort signal; the rest is done by the next run. */
  aborted: boolean;
  /** Time and longest transaction per kind of work. */
  phases: Partial<Record<Phase, { ms: number; batches: number; longestBatchMs: number }>>;
}

export type Phase = 'rollup' | 'raw' | 'cycles' | 'isr' | 'hourly' | 'end-offsets';

/** Raw tables by retention: the roll-up sources, and per-partition lag (never rolled up). */
const RAW_TABLES = ['group_topic_lag', 'topic_stat', 'broker_stat'] as const;
const PARTITION_TABLES = ['group_partition_lag'] as const;
const HOURLY_TABLES = {
  lag_hour: 'group_id, topic_id, hour',
  topic_hour: 'topic_id, hour',
  broker_hour: 'cluster_id, broker_id, hour',
} as const;

/**
 * Roll-ups and retention as a sequence of short transactions. Work is written as
 * generators: each `yield` ends a transaction and lets the event loop (and so the poll
 * cycles) run before the next one, so a large backlog never blocks a cycle for long.
 */
export class Maintenance {
  private readonly sql: {
    clusters: Statement<[], { id: number }>;
    state: Statement<[number], { rolledUntil: number; rawFrom: number; partitionRawFrom: number }>;
    firstCycle: Statement<[number], { at: number }>;
    lastCycle: Statement<[number], { at: number }>;
    initState: Statement<[number, number]>;
    setRolled: Statement<[number, number]>;
    setRawFrom: Statement<[number, number]>;
    setPartitionRawFrom: Statement<[number, number]>;
    rawCycles: Statement<[number, number, number], { id: number; at: number }>;
    deleteRaw: Statement<[number]>[];
    deletePartitionRaw: Statement<[number]>[];
    deleteCycles: Statement<[number, number, number, number]>;
    deleteIsr: Statement<[number, number, number]>;
    deleteHourly: Statement<[number, number]>[];
  };
  private running: Promise<MaintenanceReport> | undefined;

  constructor(
    private readonly db: Database,
    private readonly rollup: HourlyRollup,
    private readonly endOffsets: EndOffsetLog,
    private readonly options: HistoryOptions,
  ) {
    this.sql = {
      clusters: db.prepare('SELECT id FROM cluster ORDER BY id'),
      state: db.prepare(
        `SELECT rolled_until AS rolledUntil, raw_from AS rawFrom, partition_raw_from AS partitionRawFrom
         FROM history_state WHERE cluster_id = ?`,
      ),
      firstCycle: db.prepare('SELECT at FROM cycle WHERE cluster_id = ? ORDER BY at LIMIT 1'),
      lastCycle: db.prepare('SELECT at FROM cycle WHERE cluster_id = ? ORDER BY at DESC LIMIT 1'),
      initState: db.prepare(
        `INSERT OR IGNORE INTO history_state (cluster_id, rolled_until, raw_from, partition_raw_from)
         VALUES (?, ?, 0, 0)`,
      ),
      setRolled: db.prepare('UPDATE history_state SET rolled_until = ? WHERE cluster_id = ?'),
      setRawFrom: db.prepare('UPDATE history_state SET raw_from = max(raw_from, ?) WHERE cluster_id = ?'),
      setPartitionRawFrom: db.prepare(
        'UPDATE history_state SET partition_raw_from = max(partition_raw_from, ?) WHERE cluster_id = ?',
      ),
      rawCycles: db.prepare(
        'SELECT id, at FROM cycle WHERE cluster_id = ? AND at >= ? AND at < ? ORDER BY at, id',
      ),
      deleteRaw: RAW_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE cycle_id = ?`)),
      deletePartitionRaw: PARTITION_TABLES.map((table) =>
        db.prepare(`DELETE FROM ${table} WHERE cycle_id = ?`),
      ),
      deleteCycles: db.prepare(
        `DELETE FROM cycle WHERE id IN
           (SELECT id FROM cycle WHERE cluster_id = ? AND at < ? AND at < ? ORDER BY at LIMIT ?)`,
      ),
      deleteIsr: db.prepare(
        'DELETE FROM isr_event WHERE id IN (SELECT id FROM isr_event WHERE cluster_id = ? AND at < ? LIMIT ?)',
      ),
      deleteHourly: Object.entries(HOURLY_TABLES).map(([table, key]) =>
        db.prepare(
          `DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE hour < ? LIMIT ?)`,
        ),
      ),
    };
  }

  /** Runs all due work; concurrent calls share one run. */
  run(now: number, signal?: AbortSignal): Promise<MaintenanceReport> {
    this.running ??= this.runAll(now, signal).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runAll(now: number, signal: AbortSignal | undefined): Promise<MaintenanceReport> {
    const started = performance.now();
    const report: MaintenanceReport = {
      rolledHours: 0,
      deleted: { rawCycles: 0, rawRows: 0, cycles: 0, hourlyRows: 0, isrEvents: 0, endOffsetLogRows: 0 },
      batches: 0,
      longestBatchMs: 0,
      totalMs: 0,
      aborted: false,
      phases: {},
    };
    const work = this.work(now, report);
    const nextBatch = this.db.transaction(() => work.next());
    for (;;) {
      const batchStarted = performance.now();
      const step = nextBatch.immediate();
      const ms = performance.now() - batchStarted;
      report.batches++;
      report.longestBatchMs = Math.max(report.longestBatchMs, ms);
      if (step.done) break;
      const phase = report.phases[step.value] ?? { ms: 0, batches: 0, longestBatchMs: 0 };
      report.phases[step.value] = phase;
      phase.ms += ms;
      phase.batches++;
      phase.longestBatchMs = Math.max(phase.longestBatchMs, ms);
      await nextTurn();
      // Every step is committed and every step is safe to redo, so stopping here loses nothing.
      if (signal?.aborted) {
        report.aborted = true;
        break;
      }
    }
    report.totalMs = performance.now() - started;
    return report;
  }

  private *work(now: number, report: MaintenanceReport): Generator<Phase, void> {
    const o = this.options;
    for (const { id } of this.sql.clusters.all()) {
      yield* this.rollUp(id, now, report);
      yield* this.deleteRaw(id, now - o.rawRetentionMs, now - o.partitionRawRetentionMs, report);
      yield* this.deleteCycles(id, now - o.hourlyRetentionMs, report);
      yield* this.deleteIsrEvents(id, now - o.isrEventRetentionMs, report);
      yield* this.endOffsetRuns(id, now - o.hourlyRetentionMs, report);
    }
    yield* this.deleteHourly(now - o.hourlyRetentionMs, report);
  }

  /** Complete hours (plus a delay for late cycles), never the ones retention would drop at once. */
  private *rollUp(clusterId: number, now: number, report: MaintenanceReport): Generator<Phase, void> {
    const first = this.sql.firstCycle.get(clusterId)?.at;
    if (first === undefined) return;
    this.sql.initState.run(clusterId, hourFloor(first));
    const state = this.sql.state.get(clusterId)!;
    const done = hourFloor(now - this.options.rollupDelayMs);
    // An hour that starts before the hourly window would be deleted as soon as it is written.
    let hour = Math.min(done, Math.max(state.rolledUntil, hourCeil(now - this.options.hourlyRetentionMs)));
    if (hour > state.rolledUntil) this.sql.setRolled.run(hour, clusterId);
    for (; hour < done; hour += HOUR_MS) {
      for (const _ of this.rollup.hour(clusterId, hour, this.options.maintenanceBatchRows)) yield 'rollup';
      this.sql.setRolled.run(hour + HOUR_MS, clusterId);
      report.rolledHours++;
    }
  }

  /**
   * Raw rows older than the raw window, but never of an hour not yet rolled up; per-partition
   * lag rows older than their own window.
   */
  private *deleteRaw(
    clusterId: number,
    before: number,
    partitionsBefore: number,
    report: MaintenanceReport,
  ): Generator<Phase, void> {
    const state = this.sql.state.get(clusterId);
    if (!state) return;
    const cutoff = Math.min(before, state.rolledUntil);
    report.deleted.rawCycles += yield* this.deleteCycleRows(
      clusterId,
      [state.rawFrom, cutoff],
      this.sql.deleteRaw,
      this.sql.setRawFrom,
      report,
    );
    yield* this.deleteCycleRows(
      clusterId,
      [state.partitionRawFrom, partitionsBefore],
      this.sql.deletePartitionRaw,
      this.sql.setPartitionRawFrom,
      report,
    );
  }

  /**
   * Deletes the rows of cycles in [from, cutoff) from the `deletes`' tables, moving the
   * `mark` along after each batch; returns how many cycles it cleared.
   */
  private *deleteCycleRows(
    clusterId: number,
    [from, cutoff]: [number, number],
    deletes: Statement<[number]>[],
    mark: Statement<[number, number]>,
    report: MaintenanceReport,
  ): Generator<Phase, number> {
    if (cutoff <= from) return 0;
    const cycles = this.sql.rawCycles.all(clusterId, from, cutoff);
    let rows = 0;
    for (const cycle of cycles) {
      for (const statement of deletes) rows += statement.run(cycle.id).changes;
      if (rows >= this.options.maintenanceBatchRows) {
        mark.run(cycle.at + 1, clusterId);
        report.deleted.rawRows += rows;
        rows = 0;
        yield 'raw';
      }
    }
    report.deleted.rawRows += rows;
    mark.run(cutoff, clusterId);
    yield 'raw';
    return cycles.length;
  }

  /** Cycle rows live as long as the roll-ups, and only once their raw rows are gone. */
  private *deleteCycles(
    clusterId: number,
    before: number,
    report: MaintenanceReport,
  ): Generator<Phase, void> {
    const state = this.sql.state.get(clusterId);
    const rawFrom = Math.min(state?.rawFrom ?? 0, state?.partitionRawFrom ?? 0);
    const limit = this.options.maintenanceBatchRows;
    report.deleted.cycles += yield* this.untilDone('cycles', () =>
      this.sql.deleteCycles.run(clusterId, before, rawFrom, limit),
    );
  }

  private *deleteIsrEvents(
    clusterId: number,
    before: number,
    report: MaintenanceReport,
  ): Generator<Phase, void> {
    const limit = this.options.maintenanceBatchRows;
    report.deleted.isrEvents += yield* this.untilDone('isr', () =>
      this.sql.deleteIsr.run(clusterId, before, limit),
    );
  }

  private *deleteHourly(before: number, report: MaintenanceReport): Generator<Phase, void> {
    const limit = this.options.maintenanceBatchRows;
    for (const statement of this.sql.deleteHourly)
      report.deleted.hourlyRows += yield* this.untilDone('hourly', () => statement.run(before, limit));
  }

  /**
   * A cluster with no cycle for the whole hourly window (removed from the configuration)
   * loses its runs; an active one folds its log into checkpoints once enough rows piled up.
   */
  private *endOffsetRuns(
    clusterId: number,
    expireBefore: number,
    report: MaintenanceReport,
  ): Generator<Phase, void> {
    const last = this.sql.lastCycle.get(clusterId)?.at;
    const silent = last === undefined || last < expireBefore;
    if (!silent && !this.endOffsets.needsFold(clusterId)) return;
    const batch = this.options.maintenanceBatchRows;
    const work = silent ? this.endOffsets.drop(clusterId, batch) : this.endOffsets.fold(clusterId, batch);
    for (let step = work.next(); ; step = work.next()) {
      if (step.done) {
        report.deleted.endOffsetLogRows += step.value;
        return;
      }
      yield 'end-offsets';
    }
  }

  /** Repeats a bounded DELETE until it deletes less than a full batch; returns the total. */
  private *untilDone(phase: Phase, batch: () => { changes: number }): Generator<Phase, number> {
    let total = 0;
    for (;;) {
      const { changes } = batch();
      total += changes;
      if (changes < this.options.maintenanceBatchRows) return total;
      yield phase;
    }
  }
}
