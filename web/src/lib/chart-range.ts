// The time ranges a chart offers. Pure.

/** 15m suits a new install; "first" starts at the first recorded point, whatever its age. */
export const CHART_RANGES = ['15m', '1h', '6h', '24h', '7d', 'first'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const MINUTE = 60_000;
const RANGE_MS: Record<Exclude<ChartRange, 'first'>, number> = {
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '6h': 6 * 60 * MINUTE,
  '24h': 24 * 60 * MINUTE,
  '7d': 7 * 24 * 60 * MINUTE,
};

/** The history query of a range ending at `to`; the server finds where "first" begins. */
export function rangeQuery(range: ChartRange, to: number): { from?: number; to: number; fromFirst?: true } {
  return range === 'first' ? { to, fromFirst: true } : { from: to - RANGE_MS[range], to };
}
