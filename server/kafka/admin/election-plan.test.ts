import { describe, expect, it } from 'vitest';
import {
  type ElectionPartition,
  previewPreferredElection,
  previewToken,
  previewUncleanElection,
} from './election-plan.ts';

const p = (
  partition: number,
  leader: number,
  replicas: number[],
  isr: number[],
  endOffset: number | null = 100,
): ElectionPartition => ({
  topic: 't',
  partition,
  leader,
  replicas,
  isr,
  endOffset,
});

describe('previewPreferredElection', () => {
  it('lists partitions off their preferred leader, apart from those whose preferred replica is out of the ISR', () => {
    const preview = previewPreferredElection([
      p(2, 2, [1, 2, 3], [1, 2, 3]),
      p(0, 1, [1, 2, 3], [1, 2, 3]),
      p(1, 3, [2, 3, 1], [3, 1]),
      p(3, -1, [3, 1], [3]),
    ]);
    expect(preview).toEqual({
      toElect: [
        { topic: 't', partition: 2, leader: 2, preferred: 1 },
        { topic: 't', partition: 3, leader: null, preferred: 3 },
      ],
      blocked: [{ topic: 't', partition: 1, leader: 3, preferred: 2 }],
      considered: 4,
    });
  });
});

describe('previewUncleanElection', () => {
  const live = new Set([2, 3]);
  it('names the out-of-sync replica that would lead and the data at risk', () => {
    const preview = previewUncleanElection(p(4, -1, [1, 3, 2], [1], 5000), live);
    expect(preview).toMatchObject({
      possible: true,
      candidate: 3,
      lastIsr: [1],
      lastKnownEndOffset: 5000,
      confirmText: 't-4',
    });
    if (preview.possible) {
      expect(preview.dataLoss).toContain('Broker 3 is out of sync and would lead t-4');
      expect(preview.dataLoss).toContain('offset 5000');
    }
  });
  it('refuses when a leader or a live in-sync replica exists, or nothing is alive', () => {
    expect(previewUncleanElection(p(0, 2, [1, 2], [2]), live)).toMatchObject({ possible: false });
    expect(previewUncleanElection(p(0, -1, [1, 2], [2]), live).possible).toBe(false);
    expect(previewUncleanElection(p(0, -1, [1, 4], [1]), live)).toEqual({
      possible: false,
      reason: 't-0 has no live replica: there is nothing to elect',
    });
  });
});

describe('previewToken', () => {
  it('is stable for equal previews and differs when the plan does', () => {
    expect(previewToken({ a: [1, 2] })).toBe(previewToken({ a: [1, 2] }));
    expect(previewToken({ a: [1, 2] })).not.toBe(previewToken({ a: [2, 1] }));
    expect(previewToken({})).toMatch(/^[0-9a-f]{16}$/);
  });
});
