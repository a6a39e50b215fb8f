// Capacity: produce against consume rate per topic over the lag window, and the time to catch up.
import { describe, expect, it } from 'vitest';
import { LagWindow } from '../lag-window.ts';
import { capacityByTopic } from './capacity.ts';

const T = 1_700_000_000_000;

describe('capacity', () => {
  const obs = (at: number, offset: number, lag: number) => ({ at, offset, lag });
  it('has no rates without history yet', () => {
    expect(capacityByTopic([{ topic: 't', lag: 10, window: new LagWindow(10, [obs(T, 0, 10)]) }])).toEqual([
      {
        topic: 't',
        produceRate: null,
        consumeRate: null,
        deficit: null,
        lag: 10,
        catchUpSeconds: null,
        windowSeconds: 0,
      },
    ]);
  });
  it('falling behind never catches up; catching up has a time', () => {
    // 10 s: consumed 20, end offset moved from 10 to 110 (100 produced).
    const [behind] = capacityByTopic([
      { topic: 't', lag: 90, window: new LagWindow(10, [obs(T, 0, 10), obs(T + 10_000, 20, 90)]) },
    ]);
    expect(behind).toMatchObject({
      produceRate: 10,
      consumeRate: 2,
      deficit: 8,
      catchUpSeconds: null,
      windowSeconds: 10,
    });
    const [ahead] = capacityByTopic([
      { topic: 't', lag: 60, window: new LagWindow(10, [obs(T, 0, 100), obs(T + 10_000, 50, 60)]) },
    ]);
    expect(ahead).toMatchObject({ produceRate: 1, consumeRate: 5, catchUpSeconds: 15 });
    const [done] = capacityByTopic([{ topic: 't', lag: 0, window: undefined }]);
    expect(done?.catchUpSeconds).toBe(0);
  });
  it('ignores a rewound partition', () => {
    const [rewound] = capacityByTopic([
      { topic: 't', lag: 5, window: new LagWindow(10, [obs(T, 100, 0), obs(T + 1000, 10, 5)]) },
    ]);
    expect(rewound?.produceRate).toBeNull();
  });
});
