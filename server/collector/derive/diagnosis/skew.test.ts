// Skew: how much of a topic's rate, size or lag its top partition carries.
import { describe, expect, it } from 'vitest';
import { isSkewed, skewOf } from './skew.ts';

describe('skew', () => {
  it('is null for an idle topic, a single partition and unknown values', () => {
    expect(
      skewOf([
        { partition: 0, value: 0 },
        { partition: 1, value: 0 },
      ]),
    ).toBeNull();
    expect(skewOf([{ partition: 0, value: 50 }])).toBeNull();
    expect(
      skewOf([
        { partition: 0, value: null },
        { partition: 1, value: 5 },
      ]),
    ).toBeNull();
  });
  it('measures the top partition share and max/mean', () => {
    const even = skewOf([0, 1, 2, 3].map((partition) => ({ partition, value: 100 })));
    expect(even).toMatchObject({ topShare: 0.25, maxOverMean: 1, total: 400 });
    expect(isSkewed(even, 1)).toBe(false);
    const one = skewOf([0, 1, 2, 3].map((partition) => ({ partition, value: partition === 2 ? 400 : 0 })));
    expect(one).toMatchObject({ topPartition: 2, topShare: 1, maxOverMean: 4 });
    expect(isSkewed(one, 100)).toBe(true);
    expect(isSkewed(one, 401)).toBe(false);
  });
});
