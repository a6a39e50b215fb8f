import { describe, expect, it } from 'vitest';
import { type Agg, average, latest, maximum, single, summary } from './aggregate.ts';
import { downsample, type Sample } from './downsample.ts';

const raw = (at: number, value: number): Sample<'v'> => ({ at, values: { v: single(value, at) } });

describe('downsample', () => {
  it('merges samples into at most `points` buckets with weighted average, max and last', () => {
    const samples = Array.from({ length: 100 }, (_, i) => raw(i * 10, i));
    const points = downsample(samples, { from: 0, to: 999, points: 10 });
    expect(points).toHaveLength(10);
    expect(points.map((p) => p.at)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    const first = points[0]!.values.v;
    expect(average(first)).toBe(4.5); // values 0..9
    expect(maximum(first)).toBe(9);
    expect(latest(first)).toBe(9);
    expect(first?.count).toBe(10);
  });

  it('never returns more than `points`, even when samples sit on the range edges', () => {
    const samples = [raw(0, 1), raw(500, 2), raw(1000, 3)];
    for (const points of [1, 2, 3, 7]) {
      const out = downsample(samples, { from: 0, to: 1000, points });
      expect(out.length).toBeLessThanOrEqual(points);
      expect(out.reduce((n, p) => n + (p.values.v?.count ?? 0), 0)).toBe(3);
    }
  });

  it('leaves samples outside [from, to] out and empty buckets out', () => {
    const out = downsample([raw(-1, 100), raw(5, 1), raw(95, 2), raw(101, 100)], {
      from: 0,
      to: 100,
      points: 10,
    });
    expect(out.map((p) => [p.at, average(p.values.v)])).toEqual([
      [0, 1],
      [88, 2],
    ]);
  });

  it('weights an hourly summary by its sample count when merged with raw points', () => {
    const hour: Sample<'v'> = { at: 0, values: { v: summary(240, 10, 50, 12, 3_599_999) } };
    const [point] = downsample([hour, raw(3_600_000, 1010)], { from: 0, to: 7_199_999, points: 1 });
    const v = point!.values.v as Agg;
    expect(v.count).toBe(241);
    expect(average(v)).toBeCloseTo((240 * 10 + 1010) / 241, 10);
    expect(maximum(v)).toBe(1010);
    expect(latest(v)).toBe(1010);
  });

  it('keeps metrics apart and a missing metric stays missing', () => {
    const out = downsample<'a' | 'b'>(
      [
        { at: 1, values: { a: single(1, 1) } },
        { at: 2, values: { a: single(3, 2), b: single(7, 2) } },
      ],
      { from: 0, to: 10, points: 1 },
    );
    expect(average(out[0]!.values.a)).toBe(2);
    expect(average(out[0]!.values.b)).toBe(7);
    expect(
      average(
        downsample<'a' | 'b'>([{ at: 1, values: { a: single(1, 1) } }], { from: 0, to: 1, points: 1 })[0]!
          .values.b,
      ),
    ).toBeNull();
  });

  it('rejects a nonsensical range', () => {
    expect(() => downsample([], { from: 0, to: 10, points: 0 })).toThrow(RangeError);
    expect(() => downsample([], { from: 10, to: 0, points: 5 })).toThrow(RangeError);
  });
});
