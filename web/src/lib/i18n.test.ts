import { describe, expect, it } from 'vitest';
import { en } from './dictionaries/en.ts';
import { zh } from './dictionaries/zh.ts';
import { interpolate } from './i18n.svelte.ts';

// Every source file of the UI as text, to find the keys nobody asks for.
const sources = Object.entries(
  import.meta.glob<string>(['../**/*.{ts,svelte}', '!../**/*.test.ts', '!./dictionaries/*.ts'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('the Chinese text of every key is there and uses the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });
  it('has no key that the UI never uses', () => {
    const unused = Object.keys(en).filter((key) => !sources.some(([, text]) => text.includes(`'${key}'`)));
    expect(unused).toEqual([]);
  });
  it('fills placeholders as plain text and leaves unknown ones visible', () => {
    expect(interpolate('{count} broker(s) down', { count: 2 })).toBe('2 broker(s) down');
    expect(interpolate('topic {name}', { name: '<b>x</b>' })).toBe('topic <b>x</b>');
    expect(interpolate('{missing}', {})).toBe('{missing}');
  });
});
