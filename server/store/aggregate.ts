/**
 * A summary of one metric over some samples. Merging is associative, so raw points, hourly
 * roll-ups and chart buckets all combine the same way and an average stays weighted by
 * the number of samples behind it.
 */
export interface Agg {
  count: number;
  sum: number;
  max: number;
  last: number;
  lastAt: number;
}

export function single(value: number, at: number): Agg {
  return { count: 1, sum: value, max: value, last: value, lastAt: at };
}

/** A summary already reduced elsewhere (an hourly roll-up row). */
export function summary(count: number, avg: number, max: number, last: number, lastAt: number): Agg {
  return { count, sum: avg * count, max, last, lastAt };
}

/** Adds `value` into `into` (mutated and returned; created when undefined). Nulls are not samples. */
export function addValue(into: Agg | undefined, value: number | null, at: number): Agg | undefined {
  if (value === null) return into;
  if (!into) return single(value, at);
  into.count++;
  into.sum += value;
  if (value > into.max) into.max = value;
  if (at >= into.lastAt) {
    into.last = value;
    into.lastAt = at;
  }
  return into;
}

/** Merges `from` into `into` (mutated and returned; a copy of `from` when `into` is undefined). */
export function mergeAgg(into: Agg | undefined, from: Agg): Agg {
  if (!into) return { ...from };
  into.count += from.count;
  into.sum += from.sum;
  if (from.max > into.max) into.max = from.max;
  if (from.lastAt >= into.lastAt) {
    into.last = from.last;
    into.lastAt = from.lastAt;
  }
  return into;
}

export const average = (agg: Agg | undefined): number | null => (agg ? agg.sum / agg.count : null);
export const maximum = (agg: Agg | undefined): number | null => (agg ? agg.max : null);
export const latest = (agg: Agg | undefined): number | null => (agg ? agg.last : null);
