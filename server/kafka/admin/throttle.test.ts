import { describe, expect, it } from 'vitest';
import { brokersToRelease, throttleFor } from './throttle.ts';

const planned = (partition: number, current: number[], proposed: number[]) => ({
  partition,
  current,
  proposed,
  adding: proposed.filter((id) => !current.includes(id)),
  removing: current.filter((id) => !proposed.includes(id)),
  leaderKept: proposed[0] === current[0],
});

describe('throttleFor', () => {
  it('throttles the existing replicas as leaders and the new ones as followers, on every broker involved', () => {
    expect(
      throttleFor('t', [planned(0, [1], [1, 2, 3]), planned(1, [2], [2]), planned(2, [3, 1], [4, 1])], 5000),
    ).toEqual({
      topic: 't',
      rate: 5000,
      brokers: [1, 2, 3, 4],
      leaderReplicas: '0:1,2:3,2:1',
      followerReplicas: '0:2,0:3,2:4',
    });
  });
  it('is null when no replica moves (e.g. lowering the replication factor)', () => {
    expect(throttleFor('t', [planned(0, [1, 2], [1])], 5000)).toBeNull();
  });
});

describe('brokersToRelease', () => {
  it('keeps the rate on brokers another pending throttle still needs', () => {
    const a = throttleFor('a', [planned(0, [1], [1, 2])], 1)!;
    const b = throttleFor('b', [planned(0, [2], [2, 3])], 1)!;
    expect(brokersToRelease(a, [a, b])).toEqual([1]);
    expect(brokersToRelease(a, [a])).toEqual([1, 2]);
  });
});
