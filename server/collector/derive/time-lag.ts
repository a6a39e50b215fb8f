/**
 * Time lag: how old the oldest unconsumed message of a partition is.
 *
 * The collector remembers, per partition, the runs of its end offset: "the end offset was E
 * from firstSeen to lastSeen". The message at offset c was therefore appended after the
 * lastSeen of the last run with E ≤ c and no later than the firstSeen of the next run. That
 * bracket stays right when producers go idle (the run just gets longer), unlike tools that
 * interpolate lag ÷ rate. When the bracket is wide (Kestrel was down, the history is thinned)
 * or missing (a consumer re-reading data older than the history), the collector reads the
 * record's own timestamp at the committed offset instead.
 */

/** Flat [offset, firstSeen, lastSeen, ...] triples, oldest first: compact for 10,000s of partitions. */
export type EndOffsetRuns = number[];

export const DEFAULT_MAX_RUNS = 96;

/** Records an observation of the end offset, in place. Keeps at most `maxRuns` runs by thinning the oldest half. */
export function recordEndOffset(
  runs: EndOffsetRuns,
  endOffset: number,
  at: number,
  maxRuns = DEFAULT_MAX_RUNS,
): void {
  const last = runs.length - 3;
  if (last >= 0 && runs[last] === endOffset) {
    runs[last + 2] = Math.max(runs[last + 2]!, at);
    return;
  }
  // A lower end offset means the partition was recreated or truncated: older runs no longer apply.
  if (last >= 0 && endOffset < runs[last]!) runs.length = 0;
  runs.push(endOffset, at, at);
  if (runs.length / 3 > maxRuns) thin(runs);
}

/**
 * Drops every second run of the older half. Dropping a run only widens the bracket of the
 * offsets it covered — the bounds stay true — so old history gets coarser, never wrong.
 */
function thin(runs: EndOffsetRuns): void {
  const count = runs.length / 3;
  const older = Math.floor(count / 2);
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i < older && i % 2 === 1) continue;
    kept.push(runs[i * 3]!, runs[i * 3 + 1]!, runs[i * 3 + 2]!);
  }
  runs.length = 0;
  runs.push(...kept);
}

export interface AppendBracket {
  /** The message was appended after this time; undefined when the history does not reach back. */
  after?: number;
  /** The message was appended at or before this time. */
  atOrBefore: number;
}

/** When the message at `offset` was appended, as far as the runs tell; undefined if it is not appended yet. */
export function appendBracket(runs: EndOffsetRuns, offset: number): AppendBracket | undefined {
  const count = runs.length / 3;
  // First run whose end offset is past the message: the message existed when it was first seen.
  let next = -1;
  for (let lo = 0, hi = count - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (runs[mid * 3]! > offset) {
      next = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  if (next === -1) return undefined;
  const atOrBefore = runs[next * 3 + 1]!;
  return next === 0 ? { atOrBefore } : { after: runs[(next - 1) * 3 + 2]!, atOrBefore };
}

export type TimeLagSource = 'caught-up' | 'history' | 'record' | 'lower-bound' | 'unknown';

export interface TimeLag {
  seconds: number | null;
  source: TimeLagSource;
}

export interface TimeLagInput {
  now: number;
  lag: number | null;
  /** Where the committed offset's message falls in the end-offset history. */
  bracket: AppendBracket | undefined;
  /** The timestamp of the record at the committed offset, when it was read. */
  recordTimestamp?: number;
  /** Widest bracket trusted for an estimate (the estimate is off by at most half of it). */
  maxBracketMs: number;
}

export function timeLag({ now, lag, bracket, recordTimestamp, maxBracketMs }: TimeLagInput): TimeLag {
  if (lag === null) return { seconds: null, source: 'unknown' };
  if (lag === 0) return { seconds: 0, source: 'caught-up' };
  const age = (since: number) => Math.max(0, (now - since) / 1000);
  // The record's own timestamp is the truth; it is only read where the history is not enough.
  if (recordTimestamp !== undefined && recordTimestamp > 0)
    return { seconds: age(recordTimestamp), source: 'record' };
  if (isTight(bracket, maxBracketMs))
    return { seconds: age((bracket.after + bracket.atOrBefore) / 2), source: 'history' };
  if (bracket) return { seconds: age(bracket.atOrBefore), source: 'lower-bound' };
  return { seconds: null, source: 'unknown' };
}

/** A bracket narrow enough for its midpoint to be within half of `maxBracketMs` of the truth. */
export function isTight(
  bracket: AppendBracket | undefined,
  maxBracketMs: number,
): bracket is Required<AppendBracket> {
  return bracket?.after !== undefined && bracket.atOrBefore - bracket.after <= maxBracketMs;
}

/**
 * Whether a record's timestamp agrees with the append time the history brackets. Producers
 * set record timestamps (CreateTime) and may back-date or skew them; only where they agree is
 * the history a provably close stand-in for reading the record.
 */
export function timestampMatchesHistory(
  timestamp: number,
  bracket: AppendBracket | undefined,
  toleranceMs: number,
): boolean {
  if (bracket?.after === undefined) return false;
  return timestamp >= bracket.after - toleranceMs && timestamp <= bracket.atOrBefore + toleranceMs;
}
