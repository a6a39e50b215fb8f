import { describe, expect, it } from 'vitest';
import { CHART_RANGES, rangeQuery } from './chart-range.ts';

describe('rangeQuery', () => {
  it('offers 15 minutes first, for a new install, and a range from the first point', () => {
    expect(CHART_RANGES[0]).toBe('15m');
    expect(CHART_RANGES).toContain('first');
  });
  it('asks for the range ending now, or for everything since the first point', () => {
    const to = 1_700_000_000_000;
    expect(rangeQuery('15m', to)).toEqual({ from: to - 900_000, to });
    expect(rangeQuery('7d', to)).toEqual({ from: to - 604_800_000, to });
    expect(rangeQuery('first', to)).toEqual({ to, fromFirst: true });
  });
});
