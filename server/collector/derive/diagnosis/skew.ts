import type { SkewMeasure } from './types.ts';

/** max ÷ mean from which a spread counts as skewed: with 2 partitions, everything on one. */
export const SKEW_RATIO = 2;
/** Below these totals skew is noise: a handful of messages is always uneven. */
export const MIN_SKEWED_LAG = 100;
export const MIN_SKEWED_BYTES = 64 * 1024;
export const MIN_SKEWED_RATE = 1;

/**
 * How concentrated values are over partitions. null for fewer than two known values or a
 * zero total (an idle topic has no skew).
 */
export function skewOf(values: readonly { partition: number; value: number | null }[]): SkewMeasure | null {
  const known = values.filter(
    (v): v is { partition: number; value: number } => v.value !== null && v.value >= 0,
  );
  if (known.length < 2) return null;
  let total = 0;
  let top = known[0]!;
  for (const v of known) {
    total += v.value;
    if (v.value > top.value) top = v;
  }
  if (total <= 0) return null;
  const mean = total / known.length;
  return {
    topPartition: top.partition,
    topShare: top.value / total,
    maxOverMean: top.value / mean,
    total,
    partitions: known.length,
  };
}

export function isSkewed(measure: SkewMeasure | null, minTotal: number): measure is SkewMeasure {
  return measure !== null && measure.total >= minTotal && measure.maxOverMean >= SKEW_RATIO;
}
