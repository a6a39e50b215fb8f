import { describe, expect, it } from 'vitest';
import { canonicalJson, PlanConfirmation } from './plan-confirmation.ts';

describe('PlanConfirmation', () => {
  const plan = { group: 'g', plan: [{ topic: 'orders', partition: 0, currentOffset: 5, newOffset: 0 }] };

  it('verifies what it signed, whatever the key order', () => {
    const confirmation = new PlanConfirmation();
    const token = confirmation.sign(plan);
    expect(
      confirmation.verify(
        { plan: [{ newOffset: 0, currentOffset: 5, partition: 0, topic: 'orders' }], group: 'g' },
        token,
      ),
    ).toBe(true);
  });

  it('refuses an edited plan, another process’s token and garbage', () => {
    const confirmation = new PlanConfirmation();
    const token = confirmation.sign(plan);
    const edited = { ...plan, plan: [{ ...plan.plan[0]!, newOffset: 1 }] };
    expect(confirmation.verify(edited, token)).toBe(false);
    expect(new PlanConfirmation().verify(plan, token)).toBe(false);
    expect(confirmation.verify(plan, '')).toBe(false);
    expect(confirmation.verify(plan, `${token}x`)).toBe(false);
  });

  it('writes canonical JSON with sorted keys and no undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
  });
});
