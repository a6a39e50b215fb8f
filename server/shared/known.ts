// Sums and maxima over values that may be unknown (null): unknown is not zero, so a total of
// nothing known is null, and one known value is enough for a total.

export function sumKnown(values: Iterable<number | null>): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total;
}

export function maxKnown(values: Iterable<number | null>): number | null {
  let max: number | null = null;
  for (const value of values) if (value !== null && (max === null || value > max)) max = value;
  return max;
}
