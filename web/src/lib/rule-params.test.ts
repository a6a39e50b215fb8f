import { describe, expect, it } from 'vitest';
import { ruleParamsText } from './rule-params.ts';

describe('ruleParamsText', () => {
  it('reads as key: value, lists joined, "all" selectors left out', () => {
    expect(ruleParamsText({ group: '.*', statuses: ['WARN', 'ERR'] })).toBe('statuses: WARN, ERR');
    expect(ruleParamsText({ group: 'payments-.*', topic: '.*', threshold: 10000 })).toBe(
      'group: payments-.* · threshold: 10000',
    );
    expect(ruleParamsText({ topic: '.*', criticalBelowMinIsr: true })).toBe('criticalBelowMinIsr: true');
    expect(ruleParamsText({})).toBe('');
  });
});
