// The statistics every benchmark prints, computed one way: nearest-rank percentiles (with ten
// values p90 is the 9th, so one outlier does not decide it) and the median as the mean of the
// two middle values, rounded to 0.1. No values give NaN, which JSON prints as null.

export const round = (value: number) => Math.round(value * 10) / 10;

/** Bytes in MiB, to 0.1. */
export const mb = (bytes: number) => round(bytes / 1048576);

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50) {
    const mid = sorted.length >> 1;
    return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
  }
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function summary(values: readonly number[]): {
  median: number;
  p90: number;
  p95: number;
  max: number;
  min: number;
} {
  return {
    median: median(values),
    p90: percentile(values, 90),
    p95: percentile(values, 95),
    max: round(Math.max(...values)),
    min: round(Math.min(...values)),
  };
}
