import { describe, expect, it } from 'vitest';
import { decodeRuns, encodeRuns } from './run-codec.ts';

describe('end-offset runs codec', () => {
  it('round-trips typical runs in far fewer bytes than doubles', () => {
    const runs: number[] = [];
    let offset = 12_345_678_901;
    let at = 1_700_000_000_000;
    for (let i = 0; i < 96; i++) {
      runs.push(offset, at, at + 15_000 * (i % 4));
      offset += 100 + i * 37;
      at += 15_000 * ((i % 4) + 1);
    }
    const bytes = encodeRuns(runs);
    expect(decodeRuns(bytes)).toEqual(runs);
    expect(bytes.length).toBeLessThan(runs.length * 8 * 0.5);
  });

  it('round-trips empty, single and non-monotonic runs', () => {
    for (const runs of [[], [0, 0, 0], [5, 100, 90], [2 ** 52, 1, 2 ** 40], [10, 5, 5, 3, 1, 2]]) {
      expect(decodeRuns(encodeRuns(runs))).toEqual(runs);
    }
  });

  it('falls back to doubles for values that are not safe integers', () => {
    for (const runs of [
      [1.5, 2, 3],
      [2 ** 60, 1, 2],
      [0, -(2 ** 53), 2 ** 53 - 1],
    ]) {
      expect(decodeRuns(encodeRuns(runs))).toEqual(runs);
    }
  });
});
