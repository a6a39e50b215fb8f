import { describe, expect, it } from 'vitest';
import { anchored } from '../server/shared/regex.ts';
import { fingerprint } from './labels.ts';
import { compileMatcher } from './matchers.ts';
import { renderTemplate } from './template.ts';

describe('renderTemplate', () => {
  const data = { labels: { topic: 'orders', partition: '3' }, value: 12.5, vars: { outOfIsr: '2, 3' } };

  it('fills labels, the value and the kind’s variables', () => {
    expect(
      renderTemplate('{{ $labels.topic }}-{{$labels.partition}} isr={{ $value }} out={{ $outOfIsr }}', data),
    ).toBe('orders-3 isr=12.5 out=2, 3');
  });

  it('leaves an unknown placeholder visible and a missing label empty', () => {
    expect(renderTemplate('{{ $nope }}|{{ $labels.nope }}|{{ $value.x }}', data)).toBe(
      '{{ $nope }}||{{ $value.x }}',
    );
  });

  it('prints integers without decimals and an unknown value as empty', () => {
    expect(renderTemplate('{{ $value }}', { labels: {}, value: 3 })).toBe('3');
    expect(renderTemplate('[{{ $value }}]', { labels: {}, value: null })).toBe('[]');
  });
});

describe('fingerprint', () => {
  it('does not depend on label order, and differs for other values', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1', b: '2' })).not.toBe(fingerprint({ a: '1', b: '3' }));
    // No ambiguity from concatenation.
    expect(fingerprint({ a: 'b', c: '' })).not.toBe(fingerprint({ a: '', bc: '' }));
  });
});

describe('matchers', () => {
  const m = (name: string, value: string, isRegex: boolean, isEqual: boolean) =>
    compileMatcher({ name, value, isRegex, isEqual });

  it('are fully anchored regexes and treat a missing label as ""', () => {
    expect(m('topic', 'ord.*', true, true).matches({ topic: 'orders' })).toBe(true);
    expect(m('topic', 'ord', true, true).matches({ topic: 'orders' })).toBe(false);
    expect(m('topic', 'ord', true, false).matches({ topic: 'orders' })).toBe(true);
    expect(m('topic', '', false, true).matches({})).toBe(true);
    expect(m('topic', 'a', false, false).matches({ topic: 'a' })).toBe(false);
    expect(anchored('a|b').test('ab')).toBe(false);
  });

  it('name the matcher whose regex does not compile', () => {
    expect(() => m('group', '(', true, true)).toThrow(/matcher group: invalid regex/);
  });
});
