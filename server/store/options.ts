import { DEFAULT_MAX_RUNS } from '../collector/index.ts';
import { DAY_MS, HOUR_MS } from './time.ts';

export interface HistoryOptions {
  /** How long raw per-cycle points are kept. */
  rawRetentionMs: number;
  /**
   * How long raw per-partition lag rows are kept, at most rawRetentionMs. They are the
   * largest table (one row per group-partition per cycle); besides partition drill-downs
   * they only serve the Burrow windows, which need the last few cycles.
   */
  partitionRawRetentionMs: number;
  /** How long hourly roll-ups (and the per-cycle `cycle` rows) are kept. */
  hourlyRetentionMs: number;
  /** How long ISR shrink/expand events are kept. */
  isrEventRetentionMs: number;
  /** Must match the collector's recordEndOffset() limit, or reloaded runs differ from live ones. */
  endOffsetMaxRuns: number;
  /** Rows one maintenance transaction may touch before it yields to the event loop. */
  maintenanceBatchRows: number;
  /**
   * The end-offset log is folded into checkpoints once it holds this many rows per known
   * partition, and at least endOffsetFoldMinRows: the log is what a restart replays row by row.
   */
  endOffsetFoldRowsPerPartition: number;
  endOffsetFoldMinRows: number;
  /** An hour is rolled up only this long after it ended, so a late cycle still lands in it. */
  rollupDelayMs: number;
}

export const DEFAULT_HISTORY_OPTIONS: Readonly<HistoryOptions> = {
  rawRetentionMs: 6 * HOUR_MS,
  partitionRawRetentionMs: 6 * HOUR_MS,
  hourlyRetentionMs: 30 * DAY_MS,
  isrEventRetentionMs: 30 * DAY_MS,
  endOffsetMaxRuns: DEFAULT_MAX_RUNS,
  maintenanceBatchRows: 10_000,
  endOffsetFoldRowsPerPartition: 20,
  endOffsetFoldMinRows: 50_000,
  rollupDelayMs: 5 * 60_000,
};

/** Defaults filled in (an undefined value counts as not given), then checked. */
export function historyOptions(given: Partial<HistoryOptions> = {}): HistoryOptions {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const options: HistoryOptions = {
    ...DEFAULT_HISTORY_OPTIONS,
    // Unless told otherwise, per-partition rows live as long as the other raw rows.
    partitionRawRetentionMs: given.rawRetentionMs ?? DEFAULT_HISTORY_OPTIONS.partitionRawRetentionMs,
    ...defined,
  };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`history option ${name}: ${value}`);
  }
  if (options.rawRetentionMs > options.hourlyRetentionMs)
    throw new RangeError('history option rawRetentionMs must not exceed hourlyRetentionMs');
  if (options.partitionRawRetentionMs > options.rawRetentionMs)
    throw new RangeError('history option partitionRawRetentionMs must not exceed rawRetentionMs');
  if (options.endOffsetMaxRuns < 2 || options.maintenanceBatchRows < 1)
    throw new RangeError('history options endOffsetMaxRuns ≥ 2 and maintenanceBatchRows ≥ 1 are required');
  return options;
}
