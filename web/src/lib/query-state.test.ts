import { describe, expect, it } from 'vitest';
import { queryString, readQuery } from './query-state.ts';

const defaults = { q: '', page: 1, sort: 'name', order: 'asc', offline: false };

describe('query state', () => {
  it('reads values typed like their defaults, ignoring junk', () => {
    expect(readQuery(defaults, '?q=ord&page=3&offline=true&sort=lag&extra=1')).toEqual({
      q: 'ord',
      page: 3,
      sort: 'lag',
      order: 'asc',
      offline: true,
    });
    expect(readQuery(defaults, '?page=-2').page).toBe(1);
    expect(readQuery(defaults, '?page=abc').page).toBe(1);
    expect(readQuery(defaults, '')).toEqual(defaults);
  });
  it('writes only what differs from the defaults, and round-trips', () => {
    const values = { ...defaults, q: '<a b>&c', page: 2 };
    const search = queryString(values, defaults);
    expect(search).toBe('?q=%3Ca+b%3E%26c&page=2');
    expect(readQuery(defaults, search)).toEqual(values);
    expect(queryString(defaults, defaults)).toBe('');
  });
});
