import { describe, expect, it } from 'vitest';
import { sumKnown } from '../../shared/known.ts';
import { isrChanges } from './isr.ts';
import { catchUpOutlook, partitionLag, ratePerSecond, timeToCatchUp } from './lag.ts';
import { groupLagStatus, partitionLagStatus } from './lag-status.ts';
import { DEFAULT_LAG_WINDOW, LagWindow } from './lag-window.ts';
import { clusterMessageRate } from './rates.ts';
import {
  appendBracket,
  type EndOffsetRuns,
  isTight,
  recordEndOffset,
  timeLag,
  timestampMatchesHistory,
} from './time-lag.ts';

describe('partitionLag', () => {
  it('is end offset minus committed offset', () => expect(partitionLag(40, 100)).toBe(60));
  it('is never negative', () => expect(partitionLag(120, 100)).toBe(0));
  it('is unknown without a commit', () => {
    expect(partitionLag(null, 100)).toBeNull();
    expect(partitionLag(-1, 100)).toBeNull();
  });
  it('sums only known lags', () => {
    expect(sumKnown([1, null, 2])).toBe(3);
    expect(sumKnown([null])).toBeNull();
  });
});

describe('rates', () => {
  it('per second between two observations', () =>
    expect(ratePerSecond({ at: 0, value: 100 }, { at: 2000, value: 300 })).toBe(100));
  it('unknown on the first observation or after a reset', () => {
    expect(ratePerSecond(undefined, { at: 1, value: 1 })).toBeNull();
    expect(ratePerSecond({ at: 0, value: 300 }, { at: 1000, value: 10 })).toBeNull();
  });
  it('time to catch up uses the net consume rate', () => {
    expect(timeToCatchUp(1000, 150, 50)).toBe(10);
    expect(timeToCatchUp(1000, 50, 50)).toBeNull(); // not catching up
    expect(timeToCatchUp(0, 0, 10)).toBe(0);
  });
  it('says whether a group catches up at all, so "never" is not shown as unknown', () => {
    expect(catchUpOutlook(1000, 150, 50)).toBe('catching-up');
    expect(catchUpOutlook(1000, 20, 50)).toBe('not-catching-up');
    expect(catchUpOutlook(1000, 50, 50)).toBe('not-catching-up');
    expect(catchUpOutlook(0, null, null)).toBe('caught-up');
    expect(catchUpOutlook(1000, null, 50)).toBe('unknown');
    expect(catchUpOutlook(null, 10, 5)).toBe('unknown');
  });
});

describe('clusterMessageRate', () => {
  const jmx = (messagesInPerSec: number | null) => ({
    bytesInPerSec: null,
    bytesOutPerSec: null,
    messagesInPerSec,
    requestHandlerIdleRatio: null,
    activeControllerCount: null,
    isrShrinksPerSec: null,
    isrExpandsPerSec: null,
    underReplicatedPartitions: null,
  });
  const topics = [
    { internal: false, produceRate: 30 },
    { internal: false, produceRate: 12 },
    { internal: false, produceRate: null }, // new this cycle: no rate yet
    { internal: true, produceRate: 5 }, // __consumer_offsets: commits, not messages produced
  ];
  it('comes from end offsets without JMX, over the topics the topic list shows', () => {
    expect(clusterMessageRate([{ up: true, jmx: null }], topics)).toEqual({
      perSecond: 42,
      source: 'offsets',
    });
  });
  it('uses JMX when every broker that is up has it', () => {
    const brokers = [
      { up: true, jmx: jmx(20) },
      { up: true, jmx: jmx(25) },
      { up: false, jmx: null },
    ];
    expect(clusterMessageRate(brokers, topics)).toEqual({ perSecond: 45, source: 'jmx' });
  });
  it('falls back to end offsets when one broker lacks JMX, rather than under-count', () => {
    const brokers = [
      { up: true, jmx: jmx(20) },
      { up: true, jmx: jmx(null) },
    ];
    expect(clusterMessageRate(brokers, topics)).toEqual({ perSecond: 42, source: 'offsets' });
  });
  it('is unknown on the first cycle, before any rate', () => {
    expect(clusterMessageRate([{ up: true, jmx: null }], [{ internal: false, produceRate: null }])).toEqual({
      perSecond: null,
      source: null,
    });
  });
});

/** A window of the default size holding these (offset, lag) observations a second apart. */
const obs = (pairs: [offset: number, lag: number][], start = 0) =>
  new LagWindow(
    DEFAULT_LAG_WINDOW,
    pairs.map(([offset, lag], i) => ({ at: start + i * 1000, offset, lag })),
  );
const repeat = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe('partitionLagStatus (Burrow rules)', () => {
  it('OK when the lag was zero at any point in the window', () => {
    const window = obs(repeat(10, (i) => [100, i === 3 ? 0 : 50]));
    expect(partitionLagStatus({ window, owned: true })).toBe('OK');
  });
  it('OK when caught up now, even if the offset never moved (no false STOP on slow topics)', () => {
    expect(partitionLagStatus({ window: obs(repeat(10, () => [100, 0])), owned: false })).toBe('OK');
  });
  it('STALL when a live owner does not move while there is lag', () => {
    expect(partitionLagStatus({ window: obs(repeat(10, (i) => [100, 5 + i])), owned: true })).toBe('STALL');
  });
  it('STOP when nobody owns the partition, it does not move and there is lag', () => {
    expect(partitionLagStatus({ window: obs(repeat(10, () => [100, 5])), owned: false })).toBe('STOP');
  });
  it('REWIND as soon as the committed offset goes back', () => {
    expect(
      partitionLagStatus({
        window: obs([
          [100, 5],
          [20, 85],
        ]),
        owned: true,
      }),
    ).toBe('REWIND');
  });
  it('WARN when moving but the lag never decreases', () => {
    expect(partitionLagStatus({ window: obs(repeat(10, (i) => [100 + i, 10 + i])), owned: true })).toBe(
      'WARN',
    );
  });
  it('OK when moving and the lag decreases somewhere', () => {
    const window = obs(repeat(10, (i) => [100 + i * 10, i === 5 ? 8 : 10 + i]));
    expect(partitionLagStatus({ window, owned: true })).toBe('OK');
  });
  it('OK until the window is full (except rewinds)', () => {
    expect(partitionLagStatus({ window: obs(repeat(9, () => [100, 5])), owned: false })).toBe('OK');
  });
  it('slides, keeping the newest', () => {
    const window = new LagWindow(10);
    for (let i = 0; i < 15; i++) window.push({ at: i * 1000, offset: i, lag: 15 - i });
    expect(window.length).toBe(10);
    expect(window.full).toBe(true);
    expect(window.observations()).toEqual(
      repeat(10, (i) => ({ at: (i + 5) * 1000, offset: i + 5, lag: 10 - i })),
    );
  });
  it('fills before it slides, and refuses a size of nothing', () => {
    const window = new LagWindow(3, [{ at: 1, offset: 7, lag: 2 }]);
    expect([window.length, window.full, window.time(0), window.offset(0), window.lag(0)]).toEqual([
      1,
      false,
      1,
      7,
      2,
    ]);
    expect(() => new LagWindow(0)).toThrow(RangeError);
  });
  it('rolls up to the worst: STALL, STOP and REWIND are ERR', () => {
    expect(groupLagStatus(['OK', 'OK'])).toBe('OK');
    expect(groupLagStatus(['OK', 'WARN'])).toBe('WARN');
    for (const bad of ['STALL', 'STOP', 'REWIND'] as const)
      expect(groupLagStatus(['WARN', bad, 'OK'])).toBe('ERR');
    expect(groupLagStatus([])).toBe('OK');
  });
});

describe('time lag', () => {
  const history = (): EndOffsetRuns => {
    const runs: EndOffsetRuns = [];
    // Messages 0-9 appear between t=0 and t=15 s, then the producer is idle until t=300 s,
    // then messages 10-19 appear by t=315 s.
    recordEndOffset(runs, 0, 0);
    recordEndOffset(runs, 10, 15_000);
    for (let t = 30_000; t <= 300_000; t += 15_000) recordEndOffset(runs, 10, t);
    recordEndOffset(runs, 20, 315_000);
    return runs;
  };

  it('keeps one run per end offset', () =>
    expect(history()).toEqual([0, 0, 0, 10, 15_000, 300_000, 20, 315_000, 315_000]));

  it('brackets the append time of a message', () => {
    const runs = history();
    expect(appendBracket(runs, 0)).toEqual({ after: 0, atOrBefore: 15_000 });
    expect(appendBracket(runs, 9)).toEqual({ after: 0, atOrBefore: 15_000 });
    expect(appendBracket(runs, 10)).toEqual({ after: 300_000, atOrBefore: 315_000 });
    expect(appendBracket(runs, 20)).toBeUndefined(); // not produced yet
  });

  it('stays right after the producer went idle', () => {
    // At t=600 s a consumer still at offset 5 waits for a message appended in (0, 15 s].
    const result = timeLag({
      now: 600_000,
      lag: 15,
      bracket: appendBracket(history(), 5),
      maxBracketMs: 15_000,
    });
    expect(result.source).toBe('history');
    expect(result.seconds).toBeCloseTo(592.5, 5);
  });

  it('uses the record timestamp when the history does not reach back (re-reading old data)', () => {
    const runs: EndOffsetRuns = [];
    recordEndOffset(runs, 1000, 3_600_000);
    const bracket = appendBracket(runs, 10);
    expect(bracket).toEqual({ atOrBefore: 3_600_000 });
    expect(isTight(bracket, 15_000)).toBe(false);
    expect(
      timeLag({ now: 3_700_000, lag: 990, bracket, recordTimestamp: 100_000, maxBracketMs: 15_000 }),
    ).toEqual({
      seconds: 3600,
      source: 'record',
    });
    // Without the record, at least the lower bound.
    expect(timeLag({ now: 3_700_000, lag: 990, bracket, maxBracketMs: 15_000 })).toEqual({
      seconds: 100,
      source: 'lower-bound',
    });
  });

  it('does not trust a wide bracket, and prefers the record whenever it was read', () => {
    const wide = { after: 0, atOrBefore: 600_000 };
    expect(isTight(wide, 15_000)).toBe(false);
    expect(timeLag({ now: 700_000, lag: 5, bracket: wide, maxBracketMs: 15_000 })).toEqual({
      seconds: 100,
      source: 'lower-bound',
    });
    const tight = { after: 590_000, atOrBefore: 600_000 };
    expect(
      timeLag({ now: 700_000, lag: 5, bracket: tight, recordTimestamp: 10_000, maxBracketMs: 15_000 }),
    ).toEqual({
      seconds: 690,
      source: 'record',
    });
  });

  it('trusts the history only where record timestamps agree with it (back-dated producers do not)', () => {
    const bracket = { after: 590_000, atOrBefore: 600_000 };
    expect(timestampMatchesHistory(595_000, bracket, 1000)).toBe(true);
    expect(timestampMatchesHistory(600_500, bracket, 1000)).toBe(true);
    expect(timestampMatchesHistory(595_000 - 3_600_000, bracket, 1000)).toBe(false);
    expect(timestampMatchesHistory(595_000, { atOrBefore: 600_000 }, 1000)).toBe(false);
  });

  it('is zero when caught up and unknown without a commit', () => {
    expect(timeLag({ now: 1, lag: 0, bracket: undefined, maxBracketMs: 1 })).toEqual({
      seconds: 0,
      source: 'caught-up',
    });
    expect(timeLag({ now: 1, lag: null, bracket: undefined, maxBracketMs: 1 }).seconds).toBeNull();
  });

  it('thins old history but keeps every bracket true', () => {
    const runs: EndOffsetRuns = [];
    for (let i = 0; i < 300; i++) recordEndOffset(runs, i * 10, i * 1000, 32);
    expect(runs.length / 3).toBeLessThanOrEqual(32);
    for (let offset = 0; offset < 2990; offset += 7) {
      const truth = (Math.floor(offset / 10) + 1) * 1000; // first seen with end offset > offset
      const bracket = appendBracket(runs, offset);
      if (!bracket) throw new Error(`no bracket for ${offset}`);
      expect(bracket.atOrBefore).toBeGreaterThanOrEqual(truth);
      if (bracket.after !== undefined) expect(bracket.after).toBeLessThan(truth);
    }
    // The newest runs keep full resolution.
    expect(appendBracket(runs, 2985)).toEqual({ after: 298_000, atOrBefore: 299_000 });
  });

  it('forgets history when the end offset goes down (topic recreated)', () => {
    const runs: EndOffsetRuns = [];
    recordEndOffset(runs, 100, 0);
    recordEndOffset(runs, 5, 1000);
    expect(runs).toEqual([5, 1000, 1000]);
  });
});

describe('isrChanges', () => {
  const p = (partition: number, isr: number[]) => ({ topic: 't', partition, isr });

  it('reports shrinks and expands with the brokers that left or joined', () => {
    const changes = isrChanges(
      [p(0, [1, 2, 3]), p(1, [2, 3]), p(2, [1, 2])],
      [p(0, [1, 3]), p(1, [2, 3, 1]), p(2, [1, 2])],
    );
    expect(changes).toEqual([
      { topic: 't', partition: 0, kind: 'shrink', brokers: [2], isrBefore: [1, 2, 3], isrAfter: [1, 3] },
      { topic: 't', partition: 1, kind: 'expand', brokers: [1], isrBefore: [2, 3], isrAfter: [2, 3, 1] },
    ]);
  });

  it('reports both when replicas left and joined at once, and nothing for new partitions', () => {
    const changes = isrChanges([p(0, [1, 2])], [p(0, [2, 3]), p(9, [1])]);
    expect(changes.map((c) => [c.kind, c.brokers])).toEqual([
      ['shrink', [1]],
      ['expand', [3]],
    ]);
  });

  it('reports nothing for an ISR whose members stay the same in another order', () => {
    expect(isrChanges([p(0, [1, 2, 3])], [p(0, [3, 1, 2])])).toEqual([]);
  });
});
