import { describe, expect, it } from 'vitest';
import type { AlertInstance } from './instance.ts';
import type { Candidate } from './rules/candidate.ts';
import { type RuleSpec, step } from './state.ts';

const rule = (forMs: number, keepFiringForMs = 0): RuleSpec => ({
  name: 'Lag',
  forMs,
  keepFiringForMs,
  severity: 'warning',
  labels: { team: 'data' },
  annotations: { summary: '{{ $labels.group }} at {{ $value }}' },
});
const lagging = (value: number): Candidate[] => [{ labels: { group: 'g' }, value }];

/** Feeds `inputs` one per 15 s, like the poll loop, and returns each step's result. */
function run(spec: RuleSpec, inputs: (Candidate[] | undefined)[]) {
  let active: AlertInstance[] = [];
  return inputs.map((candidates, i) => {
    const result = step(spec, 'prod', candidates, active, i * 15_000);
    active = result.active;
    return result;
  });
}

describe('step', () => {
  it('is pending until the condition held for `for`, then fires once', () => {
    const steps = run(rule(30_000), [lagging(5), lagging(6), lagging(7), lagging(8)]);
    expect(steps.map((s) => s.active[0]?.state)).toEqual(['pending', 'pending', 'firing', 'firing']);
    expect(steps.map((s) => s.fired.length)).toEqual([0, 0, 1, 0]);
    const firing = steps[2]!.active[0]!;
    expect(firing).toMatchObject({
      activeAt: 0,
      firedAt: 30_000,
      labels: { alertname: 'Lag', cluster: 'prod', team: 'data', group: 'g', severity: 'warning' },
      annotations: { summary: 'g at 7' },
    });
  });

  it('fires at once with for 0 and resolves as soon as the condition clears', () => {
    const steps = run(rule(0), [lagging(5), [], []]);
    expect(steps[0]!.fired).toHaveLength(1);
    expect(steps[1]!.resolved).toEqual([expect.objectContaining({ firedAt: 0, resolvedAt: 15_000 })]);
    expect(steps[1]!.active).toEqual([]);
    expect(steps[2]!.resolved).toEqual([]);
  });

  it('drops a pending alert silently when the condition clears before `for`', () => {
    const steps = run(rule(60_000), [lagging(5), [], lagging(5)]);
    expect(steps[1]!).toEqual({ active: [], fired: [], resolved: [] });
    expect(steps[2]!.active[0]).toMatchObject({ state: 'pending', activeAt: 30_000 });
  });

  it('keeps firing for keepFiringFor after the condition cleared, and is not re-fired on a flap', () => {
    const steps = run(rule(0, 30_000), [lagging(5), [], lagging(5), [], [], []]);
    expect(steps.map((s) => s.fired.length)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(steps.map((s) => s.resolved.length)).toEqual([0, 0, 0, 0, 1, 0]);
    // Last seen at step 2 (30 s): still firing at 45 s, resolved at 60 s (30 s later).
    expect(steps[4]!.resolved[0]).toMatchObject({ lastSeenAt: 30_000, resolvedAt: 60_000 });
  });

  it('keeps every instance as it was when the snapshot has no data', () => {
    const steps = run(rule(0), [lagging(5), undefined, undefined]);
    expect(steps[2]!).toEqual({ active: [steps[0]!.active[0]], fired: [], resolved: [] });
  });

  it('keeps the identity when only the severity changes', () => {
    const steps = run(rule(0), [lagging(5), [{ labels: { group: 'g' }, value: 9, severity: 'critical' }]]);
    expect(steps[1]!.active[0]!.fingerprint).toBe(steps[0]!.active[0]!.fingerprint);
    expect(steps[1]!.active[0]).toMatchObject({ severity: 'critical', labels: { severity: 'critical' } });
    expect(steps[1]!.fired).toEqual([]);
  });
});
