import { type Agg, mergeAgg } from './aggregate.ts';

export interface Sample<K extends string> {
  at: number;
  values: Partial<Record<K, Agg>>;
}

export interface SeriesRange {
  from: number;
  to: number;
  /** Most points wanted back. */
  points: number;
}

/**
 * Merges samples into at most `points` equal-width buckets over [from, to]. Each output
 * point is stamped with its bucket's start; empty buckets are left out rather than
 * invented, so a gap in the data stays visible as a gap in the chart.
 */
export function downsample<K extends string>(
  samples: Iterable<Sample<K>>,
  { from, to, points }: SeriesRange,
): Sample<K>[] {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive integer`);
  if (!(to >= from)) throw new RangeError('to must not be before from');
  const width = Math.max(1, Math.ceil((to - from + 1) / points));
  const buckets = new Map<number, Sample<K>>();
  for (const sample of samples) {
    if (sample.at < from || sample.at > to) continue;
    const index = Math.min(points - 1, Math.floor((sample.at - from) / width));
    let bucket = buckets.get(index);
    if (!bucket) {
      bucket = { at: from + index * width, values: {} };
      buckets.set(index, bucket);
    }
    for (const key of Object.keys(sample.values) as K[]) {
      const agg = sample.values[key];
      if (agg) bucket.values[key] = mergeAgg(bucket.values[key], agg);
    }
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, bucket]) => bucket);
}
