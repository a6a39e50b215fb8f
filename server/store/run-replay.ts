import { type EndOffsetRuns, recordEndOffset } from '../collector/index.ts';

/** One row of the end-offset log (see migrations/0002_history.sql). */
export interface LogRow {
  cycleId: number;
  topicId: number;
  partition: number;
  /** null: the partition disappeared. */
  endOffset: number | null;
  at: number;
  /** When the run before this one was last seen, on rows that start a run. */
  prevLastSeen: number | null;
  observed: boolean;
}

export interface ReplayedPartition {
  topicId: number;
  partition: number;
  runs: EndOffsetRuns;
  /** Observed in every cycle with end offsets since its last log row. */
  observed: boolean;
  /** Log rows up to this cycle are already in `runs` (from a checkpoint). */
  throughCycle: number;
  /** Log rows applied on top of the checkpoint. */
  applied: number;
}

export const PARTITION_SPAN = 2 ** 20;

/** A numeric key per (topic id, partition): cheaper than strings for 10,000s of partitions. */
export function partitionSlot(topicId: number, partition: number): number {
  if (partition < 0 || partition >= PARTITION_SPAN)
    throw new RangeError(`partition ${partition} out of range`);
  return topicId * PARTITION_SPAN + partition;
}

/**
 * Rebuilds end-offset runs by feeding the log, oldest first, through the collector's own
 * recordEndOffset(): the result is exactly what the live collector built from the same
 * observations, thinning and resets included.
 */
export class RunReplay {
  readonly partitions = new Map<number, ReplayedPartition>();

  constructor(private readonly maxRuns: number) {}

  /** Starts a partition from its checkpoint. */
  seed(
    topicId: number,
    partition: number,
    runs: EndOffsetRuns,
    observed: boolean,
    throughCycle: number,
  ): void {
    this.partitions.set(partitionSlot(topicId, partition), {
      topicId,
      partition,
      runs,
      observed,
      throughCycle,
      applied: 0,
    });
  }

  add(row: LogRow): void {
    const slot = partitionSlot(row.topicId, row.partition);
    let p = this.partitions.get(slot);
    if (!p) {
      p = {
        topicId: row.topicId,
        partition: row.partition,
        runs: [],
        observed: false,
        throughCycle: 0,
        applied: 0,
      };
      this.partitions.set(slot, p);
    }
    if (row.cycleId <= p.throughCycle) return;
    p.applied++;
    p.observed = row.observed;
    if (row.endOffset === null) {
      p.runs.length = 0;
      return;
    }
    const last = p.runs.length - 3;
    if (last >= 0 && row.prevLastSeen !== null)
      recordEndOffset(p.runs, p.runs[last]!, row.prevLastSeen, this.maxRuns);
    recordEndOffset(p.runs, row.endOffset, row.at, this.maxRuns);
  }

  /**
   * A partition still observed was seen last in the cluster's latest cycle with end offsets
   * (`latestObservation`, up to the point being replayed).
   */
  finish(latestObservation: number | undefined): void {
    if (latestObservation === undefined) return;
    for (const p of this.partitions.values()) {
      const last = p.runs.length - 3;
      if (last >= 0 && p.observed) recordEndOffset(p.runs, p.runs[last]!, latestObservation, this.maxRuns);
    }
  }
}
