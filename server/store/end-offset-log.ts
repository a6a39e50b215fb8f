import type { Database, Statement } from 'better-sqlite3';
import type { TopicSnapshot } from '../collector/snapshot.ts';
import { BatchInsert } from './batch-insert.ts';
import { decodeRuns, encodeRuns } from './run-codec.ts';
import { type LogRow, partitionSlot, RunReplay } from './run-replay.ts';

/** What the writer remembers of a partition's newest run, to write a row only when something happens. */
interface OpenRun {
  topicId: number;
  partition: number;
  endOffset: number;
  lastSeen: number;
  /** A row already says the partition went unobserved. */
  unobserved: boolean;
  presentIn: number;
  observedIn: number;
}

interface ClusterRuns {
  open: Map<number, OpenRun>;
  /** Log rows not yet folded into checkpoints. */
  logRows: number;
}

type RawLogRow = [number, number, number, number | null, number, number | null, number];
type RawCheckpoint = [number, number, number, number, Buffer];

const SCAN_CHUNK = 50_000;
/** Checkpoint rows written per maintenance transaction: each is a blob of up to a few KB. */
const CHECKPOINTS_PER_BATCH = 1_000;
const CHECKPOINT_READ_WORK = 20;

/**
 * End offsets as a log of run changes plus per-partition checkpoints (see the migration).
 * A cycle appends a row only for partitions where something happened, never updates one.
 */
export class EndOffsetLog {
  private readonly clusters = new Map<number, ClusterRuns>();
  private readonly insert: BatchInsert;
  private readonly sql: {
    scan: Statement<[number, number, number, number, number, number]>;
    checkpoints: Statement<[number]>;
    checkpoint: Statement<[number, number, number]>;
    putCheckpoint: Statement<[number, number, number, number, number, Buffer]>;
    dropCheckpoint: Statement<[number, number, number]>;
    latestObservation: Statement<[number, number], { offsetsAt: number }>;
    lastLogCycle: Statement<[number], { cycleId: number }>;
    deleteFolded: Statement<[number, number, number]>;
    dropLog: Statement<[number, number]>;
    dropCheckpoints: Statement<[number, number]>;
  };

  constructor(
    db: Database,
    private readonly maxRuns: number,
    private readonly foldAt: { rowsPerPartition: number; minRows: number },
  ) {
    this.insert = new BatchInsert(db, 'end_offset_log', [
      'cluster_id',
      'cycle_id',
      'topic_id',
      'partition',
      'end_offset',
      'at',
      'prev_last_seen',
      'observed',
    ]);
    this.sql = {
      scan: db.prepare(
        `SELECT cycle_id, topic_id, partition, end_offset, at, prev_last_seen, observed
         FROM end_offset_log WHERE cluster_id = ? AND (cycle_id, topic_id, partition) > (?, ?, ?) AND cycle_id <= ?
         ORDER BY cycle_id, topic_id, partition LIMIT ?`,
      ),
      checkpoints: db.prepare(
        'SELECT topic_id, partition, through_cycle, observed, runs FROM end_offset_checkpoint WHERE cluster_id = ?',
      ),
      checkpoint: db.prepare(
        `SELECT topic_id, partition, through_cycle, observed, runs FROM end_offset_checkpoint
         WHERE cluster_id = ? AND topic_id = ? AND partition = ?`,
      ),
      putCheckpoint: db.prepare(
        `INSERT OR REPLACE INTO end_offset_checkpoint (cluster_id, topic_id, partition, through_cycle, observed, runs)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      dropCheckpoint: db.prepare(
        'DELETE FROM end_offset_checkpoint WHERE cluster_id = ? AND topic_id = ? AND partition = ?',
      ),
      latestObservation: db.prepare(
        // "+id" keeps the planner walking the (cluster, time) index newest first.
        `SELECT offsets_at AS offsetsAt FROM cycle WHERE cluster_id = ? AND +id <= ? AND end_offsets > 0
         ORDER BY at DESC LIMIT 1`,
      ),
      lastLogCycle: db.prepare(
        'SELECT cycle_id AS cycleId FROM end_offset_log WHERE cluster_id = ? ORDER BY cycle_id DESC LIMIT 1',
      ),
      deleteFolded: db.prepare(
        `DELETE FROM end_offset_log WHERE (cluster_id, cycle_id, topic_id, partition) IN
           (SELECT cluster_id, cycle_id, topic_id, partition FROM end_offset_log
            WHERE cluster_id = ? AND cycle_id <= ? ORDER BY cycle_id LIMIT ?)`,
      ),
      dropLog: db.prepare(
        `DELETE FROM end_offset_log WHERE (cluster_id, cycle_id, topic_id, partition) IN
           (SELECT cluster_id, cycle_id, topic_id, partition FROM end_offset_log WHERE cluster_id = ? LIMIT ?)`,
      ),
      dropCheckpoints: db.prepare(
        `DELETE FROM end_offset_checkpoint WHERE (cluster_id, topic_id, partition) IN
           (SELECT cluster_id, topic_id, partition FROM end_offset_checkpoint WHERE cluster_id = ? LIMIT ?)`,
      ),
    };
  }

  /**
   * Records one reachable cycle's end offsets; call inside the cycle's transaction. Mirrors
   * the collector: an observation extends or starts a run, a partition gone from the
   * metadata loses its history, an unobserved one keeps it.
   */
  write(
    clusterId: number,
    cycleId: number,
    at: number,
    topics: readonly TopicSnapshot[],
    topicId: (name: string) => number,
  ): void {
    const state = this.stateOf(clusterId, cycleId);
    const row = (
      topic: number,
      partition: number,
      end: number | null,
      when: number,
      prev: number | null,
      seen: boolean,
    ) => {
      this.insert.add(clusterId, cycleId, topic, partition, end, when, prev, seen ? 1 : 0);
      state.logRows++;
    };
    let observed = 0;
    for (const topic of topics) {
      const id = topicId(topic.name);
      for (const p of topic.partitions) {
        const slot = partitionSlot(id, p.partition);
        const run = state.open.get(slot);
        if (run) run.presentIn = cycleId;
        if (p.endOffset === null) continue;
        observed++;
        if (!run) {
          row(id, p.partition, p.endOffset, at, null, true);
          state.open.set(slot, {
            topicId: id,
            partition: p.partition,
            endOffset: p.endOffset,
            lastSeen: at,
            unobserved: false,
            presentIn: cycleId,
            observedIn: cycleId,
          });
        } else if (run.endOffset !== p.endOffset) {
          row(id, p.partition, p.endOffset, at, run.lastSeen, true);
          Object.assign(run, {
            endOffset: p.endOffset,
            lastSeen: at,
            unobserved: false,
            observedIn: cycleId,
          });
        } else {
          run.lastSeen = Math.max(run.lastSeen, at);
          run.observedIn = cycleId;
          if (run.unobserved) row(id, p.partition, p.endOffset, at, null, true); // seen again
          run.unobserved = false;
        }
      }
    }
    for (const [slot, run] of state.open) {
      if (run.presentIn !== cycleId) {
        row(run.topicId, run.partition, null, at, null, false);
        state.open.delete(slot);
      } else if (run.observedIn !== cycleId && !run.unobserved && observed > 0) {
        // Unobserved in a cycle that observed others: the cycle table stops telling when
        // this run was last seen, so the log must.
        row(run.topicId, run.partition, run.endOffset, run.lastSeen, null, false);
        run.unobserved = true;
      }
    }
    this.insert.flush();
  }

  /**
   * The collector's runs as checkpoints and log rebuild them, keyed by topic id and
   * partition, as of the cycles before `beforeCycle`.
   */
  load(clusterId: number, beforeCycle = Number.MAX_SAFE_INTEGER): RunReplay {
    const replay = new RunReplay(this.maxRuns);
    for (const c of this.sql.checkpoints.raw().all(clusterId) as RawCheckpoint[]) seed(replay, c);
    let logRows = 0;
    this.scan(clusterId, Number.MAX_SAFE_INTEGER, (rows) => {
      for (const r of rows) replay.add(toRow(r));
      logRows += rows.length;
    });
    replay.finish(this.sql.latestObservation.get(clusterId, beforeCycle - 1)?.offsetsAt);
    this.adopt(clusterId, replay, logRows);
    return replay;
  }

  /** True when the log has grown enough to be worth folding. */
  needsFold(clusterId: number): boolean {
    const state = this.clusters.get(clusterId);
    const { rowsPerPartition, minRows } = this.foldAt;
    return (
      state !== undefined &&
      state.logRows > 0 &&
      state.logRows >= Math.max(minRows, rowsPerPartition * state.open.size)
    );
  }

  /** Forgets what the writer remembers (after a rolled-back transaction, or when rows were dropped). */
  forget(clusterId?: number): void {
    this.insert.discard();
    if (clusterId === undefined) this.clusters.clear();
    else this.clusters.delete(clusterId);
  }

  /**
   * Folds the log up to its newest row into the checkpoints, one bounded step per yield:
   * read the log in chunks, write checkpoints in batches, then delete the folded rows. Each
   * checkpoint records the cycle it is folded through, so a fold cut short by a crash is
   * simply redone, and rows the writer appends meanwhile (newer cycles) are left alone.
   */
  *fold(clusterId: number, batchRows: number): Generator<void, number> {
    const through = this.sql.lastLogCycle.get(clusterId)?.cycleId;
    if (through === undefined) return 0;
    const replay = new RunReplay(this.maxRuns);
    let after: [number, number, number] = [0, 0, 0];
    // Work counts rows replayed, and a checkpoint read (a blob to decode) as many rows.
    let work = 0;
    for (;;) {
      const rows = this.sql.scan.raw().all(clusterId, ...after, through, batchRows) as RawLogRow[];
      for (const r of rows) {
        const row = toRow(r);
        if (!replay.partitions.has(partitionSlot(row.topicId, row.partition))) {
          const c = this.sql.checkpoint.raw().get(clusterId, row.topicId, row.partition) as
            | RawCheckpoint
            | undefined;
          if (c) seed(replay, c);
          work += CHECKPOINT_READ_WORK;
        }
        replay.add(row);
        if (++work >= batchRows) {
          work = 0;
          yield;
        }
      }
      const last = rows[rows.length - 1];
      if (rows.length < batchRows || !last) break;
      after = [last[0], last[1], last[2]];
    }
    replay.finish(this.sql.latestObservation.get(clusterId, through)?.offsetsAt);
    let written = 0;
    for (const p of replay.partitions.values()) {
      if (p.applied === 0) continue;
      if (p.runs.length === 0) this.sql.dropCheckpoint.run(clusterId, p.topicId, p.partition);
      else
        this.sql.putCheckpoint.run(
          clusterId,
          p.topicId,
          p.partition,
          through,
          p.observed ? 1 : 0,
          encodeRuns(p.runs),
        );
      if (++written % CHECKPOINTS_PER_BATCH === 0) yield;
    }
    let deleted = 0;
    for (;;) {
      const { changes } = this.sql.deleteFolded.run(clusterId, through, batchRows);
      deleted += changes;
      const state = this.clusters.get(clusterId);
      if (state) state.logRows = Math.max(0, state.logRows - changes);
      if (changes < batchRows) return deleted;
      yield;
    }
  }

  /** Deletes a cluster's whole history of runs, `batchRows` rows per step; returns the log rows deleted. */
  *drop(clusterId: number, batchRows: number): Generator<void, number> {
    this.forget(clusterId);
    let deleted = 0;
    for (const statement of [this.sql.dropLog, this.sql.dropCheckpoints]) {
      for (;;) {
        const { changes } = statement.run(clusterId, batchRows);
        if (statement === this.sql.dropLog) deleted += changes;
        if (changes < batchRows) break;
        yield;
      }
    }
    return deleted;
  }

  /** The writer's memory, loaded when `cycleId` is the first cycle written since a (re)start. */
  private stateOf(clusterId: number, cycleId: number): ClusterRuns {
    const state = this.clusters.get(clusterId);
    if (state) return state;
    // The cycle's own row is already in: it must not count as an observation yet.
    this.load(clusterId, cycleId);
    return this.clusters.get(clusterId)!;
  }

  /** Takes the writer's memory from a fresh replay (startup, or after a rollback). */
  private adopt(clusterId: number, replay: RunReplay, logRows: number): void {
    if (this.clusters.has(clusterId)) return;
    const open = new Map<number, OpenRun>();
    for (const [slot, p] of replay.partitions) {
      const last = p.runs.length - 3;
      if (last < 0) continue;
      open.set(slot, {
        topicId: p.topicId,
        partition: p.partition,
        endOffset: p.runs[last]!,
        lastSeen: p.runs[last + 2]!,
        unobserved: !p.observed,
        presentIn: 0,
        observedIn: 0,
      });
    }
    this.clusters.set(clusterId, { open, logRows });
  }

  /** Log rows up to `through`, oldest first, in chunks. */
  private scan(clusterId: number, through: number, each: (rows: RawLogRow[]) => void): void {
    let after: [number, number, number] = [0, 0, 0];
    for (;;) {
      const rows = this.sql.scan.raw().all(clusterId, ...after, through, SCAN_CHUNK) as RawLogRow[];
      each(rows);
      const last = rows[rows.length - 1];
      if (rows.length < SCAN_CHUNK || !last) return;
      after = [last[0], last[1], last[2]];
    }
  }
}

function toRow([cycleId, topicId, partition, endOffset, at, prevLastSeen, observed]: RawLogRow): LogRow {
  return { cycleId, topicId, partition, endOffset, at, prevLastSeen, observed: observed === 1 };
}

function seed(replay: RunReplay, [topicId, partition, throughCycle, observed, runs]: RawCheckpoint): void {
  replay.seed(topicId, partition, decodeRuns(runs), observed === 1, throughCycle);
}
