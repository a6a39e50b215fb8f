import { describe, expect, it } from 'vitest';
import {
  type PartitionOffsets,
  PlanError,
  planReset,
  scopePartitions,
  stalePlanReasons,
} from './reset-plan.ts';

const p = (
  partition: number,
  committed: number | null,
  logStart: number,
  logEnd: number,
): PartitionOffsets => ({
  topic: 'orders',
  partition,
  committed,
  logStart,
  logEnd,
});

describe('planReset', () => {
  const partitions = [p(1, 40, 10, 100), p(0, null, 0, 50)];

  it('resets to the log start or end, in partition order, with the lag before and after', () => {
    expect(planReset({ kind: 'earliest' }, partitions)).toEqual([
      {
        topic: 'orders',
        partition: 0,
        currentOffset: null,
        newOffset: 0,
        logStart: 0,
        logEnd: 50,
        lagBefore: null,
        lagAfter: 50,
      },
      {
        topic: 'orders',
        partition: 1,
        currentOffset: 40,
        newOffset: 10,
        logStart: 10,
        logEnd: 100,
        lagBefore: 60,
        lagAfter: 90,
      },
    ]);
    expect(planReset({ kind: 'latest' }, partitions).map((r) => [r.newOffset, r.lagAfter])).toEqual([
      [50, 0],
      [100, 0],
    ]);
  });

  it('clamps an absolute offset into [log start, log end] as Kafka does', () => {
    expect(planReset({ kind: 'offset', offset: 5 }, partitions).map((r) => r.newOffset)).toEqual([5, 10]);
    expect(planReset({ kind: 'offset', offset: 1_000 }, partitions).map((r) => r.newOffset)).toEqual([
      50, 100,
    ]);
  });

  it('shifts from the committed offset, clamped, and refuses a partition without one', () => {
    const committed = [p(0, 20, 0, 50), p(1, 40, 10, 100)];
    expect(planReset({ kind: 'shift', by: -25 }, committed).map((r) => r.newOffset)).toEqual([0, 15]);
    expect(planReset({ kind: 'shift', by: 70 }, committed).map((r) => r.newOffset)).toEqual([50, 100]);
    expect(() => planReset({ kind: 'shift', by: 1 }, partitions)).toThrow(PlanError);
  });

  it('goes to the offset of a timestamp, or the log end when no record is that recent', () => {
    const timed = [
      { ...p(0, 3, 0, 50), offsetForTimestamp: 12 },
      { ...p(1, 3, 10, 100), offsetForTimestamp: null },
    ];
    expect(planReset({ kind: 'datetime', timestamp: 1 }, timed).map((r) => r.newOffset)).toEqual([12, 100]);
  });
});

describe('scopePartitions', () => {
  const committed = [
    { topic: 'orders', partition: 0 },
    { topic: 'audit', partition: 1 },
  ];
  const counts: Record<string, number> = { orders: 3, audit: 2 };
  const existing = (topic: string) => counts[topic];

  it('takes every committed partition without a scope, and refuses a group with none', () => {
    expect(scopePartitions(undefined, committed, existing)).toEqual(committed);
    expect(() => scopePartitions([], [], existing)).toThrow(/no committed offsets/);
  });

  it('takes all or the chosen partitions of named topics, and refuses what does not exist', () => {
    expect(scopePartitions([{ topic: 'orders' }], committed, existing).map((x) => x.partition)).toEqual([
      0, 1, 2,
    ]);
    expect(scopePartitions([{ topic: 'audit', partitions: [1, 1] }], committed, existing)).toEqual([
      { topic: 'audit', partition: 1 },
    ]);
    expect(() => scopePartitions([{ topic: 'nope' }], committed, existing)).toThrow(/no topic nope/);
    expect(() => scopePartitions([{ topic: 'orders', partitions: [3] }], committed, existing)).toThrow(
      /no partition 3/,
    );
  });
});

describe('stalePlanReasons', () => {
  const previewed = planReset({ kind: 'earliest' }, [p(0, 20, 0, 50)]);

  it('accepts a plan whose committed offsets did not move, even if the log grew', () => {
    expect(stalePlanReasons(previewed, planReset({ kind: 'earliest' }, [p(0, 20, 0, 80)]))).toEqual([]);
  });

  it('refuses a plan after a commit, after retention passed its new offset, or on other partitions', () => {
    expect(stalePlanReasons(previewed, planReset({ kind: 'earliest' }, [p(0, 25, 0, 50)]))).toEqual([
      'orders-0: committed offset moved from 20 to 25',
    ]);
    expect(stalePlanReasons(previewed, planReset({ kind: 'earliest' }, [p(0, 20, 5, 50)]))).toEqual([
      'orders-0: 0 is now outside the log [5, 50]',
    ]);
    expect(stalePlanReasons(previewed, planReset({ kind: 'earliest' }, [p(1, 20, 0, 50)]))).toContain(
      'orders-0 is no longer in the plan',
    );
  });
});
