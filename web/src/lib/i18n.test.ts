import { describe, expect, it } from 'vitest';
import { interpolate } from './i18n.svelte.ts';
import { en, zh } from './i18n-dict.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('the Chinese text of every key is there and uses the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });
  it('fills placeholders as plain text and leaves unknown ones visible', () => {
    expect(interpolate('{count} broker(s) down', { count: 2 })).toBe('2 broker(s) down');
    expect(interpolate('topic {name}', { name: '<b>x</b>' })).toBe('topic <b>x</b>');
    expect(interpolate('{missing}', {})).toBe('{missing}');
  });
});
