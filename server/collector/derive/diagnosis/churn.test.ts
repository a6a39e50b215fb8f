// Churn: rebalances seen from outside, counted over the last hour of polls.
import { describe, expect, it } from 'vitest';
import { member } from '../../../../test/support/snapshot-fixtures.ts';
import { churnFigure, MIN_CHURN_HISTORY_MS, observeChurn } from './churn.ts';

const T = 1_700_000_000_000;

describe('churn', () => {
  const stable = { state: 'Stable' as const, members: [member('a', [0, 1])] };
  it('starts with no history and counts membership changes and rebalancing time', () => {
    let r = observeChurn(undefined, stable, T);
    expect(churnFigure(r)).toEqual({
      rebalances: 0,
      windowSeconds: 0,
      perHour: null,
      rebalancingShare: null,
    });
    r = observeChurn(r, stable, T + 60_000);
    expect(r.rebalances).toEqual([]);
    r = observeChurn(r, { state: 'PreparingRebalance', members: stable.members }, T + 120_000);
    r = observeChurn(r, { state: 'CompletingRebalance', members: stable.members }, T + 150_000);
    r = observeChurn(r, { state: 'Stable', members: [member('a', [0]), member('b', [1])] }, T + 180_000);
    expect(r.rebalances).toEqual([T + 120_000, T + 180_000]);
    const figure = churnFigure(r);
    expect(figure).toMatchObject({ rebalances: 2, windowSeconds: 180, perHour: null });
    expect(figure.rebalancingShare).toBeCloseTo(30 / 180);
  });
  it('scales to an hour after ten minutes and forgets what is older than an hour', () => {
    let r = observeChurn(undefined, stable, T);
    r = observeChurn(r, { state: 'Stable', members: [member('b', [0, 1])] }, T + 60_000);
    r = observeChurn(r, stable, T + MIN_CHURN_HISTORY_MS);
    expect(churnFigure(r).perHour).toBeCloseTo(12);
    r = observeChurn(r, stable, T + 3_700_000);
    expect(r.rebalances).toEqual([T + MIN_CHURN_HISTORY_MS]);
    expect(churnFigure(r).windowSeconds).toBe(3600);
  });
});
