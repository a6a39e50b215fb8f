import { describe, expect, it } from 'vitest';
import { scopeFrom, strategyFrom } from './reset-form.ts';

describe('strategyFrom', () => {
  it('needs no value for earliest and latest', () => {
    expect(strategyFrom('earliest', 'ignored')).toEqual({ ok: true, value: { kind: 'earliest' } });
    expect(strategyFrom('latest', '')).toEqual({ ok: true, value: { kind: 'latest' } });
  });

  it('takes whole offsets ≥ 0 and whole shifts of either sign', () => {
    expect(strategyFrom('offset', ' 42 ')).toEqual({ ok: true, value: { kind: 'offset', offset: 42 } });
    expect(strategyFrom('shift', '-10')).toEqual({ ok: true, value: { kind: 'shift', by: -10 } });
    for (const bad of ['', '-1', '1.5', 'x']) expect(strategyFrom('offset', bad).ok, bad).toBe(false);
    for (const bad of ['', '2.5', 'back']) expect(strategyFrom('shift', bad).ok, bad).toBe(false);
  });

  it('reads a datetime-local value in the local zone', () => {
    const result = strategyFrom('datetime', '2026-12-01T08:30');
    expect(result).toEqual({
      ok: true,
      value: { kind: 'datetime', timestamp: new Date(2026, 11, 1, 8, 30).getTime() },
    });
    expect(strategyFrom('datetime', '').ok).toBe(false);
  });
});

describe('scopeFrom', () => {
  it('is every committed partition without a topic, all or some partitions with one', () => {
    expect(scopeFrom('', '1')).toEqual({ ok: true, value: undefined });
    expect(scopeFrom('orders', ' ')).toEqual({ ok: true, value: [{ topic: 'orders' }] });
    expect(scopeFrom('orders', '0, 2,')).toEqual({
      ok: true,
      value: [{ topic: 'orders', partitions: [0, 2] }],
    });
    expect(scopeFrom('orders', '0,x').ok).toBe(false);
  });
});
