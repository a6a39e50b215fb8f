import { describe, expect, it } from 'vitest';
import { filterRows, nameContains, paginate, sortRows } from './paging.ts';

interface Row {
  name: string;
  n: number | null;
}

const rows: Row[] = [
  { name: 'c', n: 2 },
  { name: 'a', n: null },
  { name: 'b', n: 2 },
  { name: 'd', n: 1 },
  { name: 'B', n: 3 },
];
const byN = (order: 'asc' | 'desc') =>
  sortRows(
    rows,
    (r) => r.n,
    order,
    (r) => r.name,
  ).map((r) => r.name);

describe('sortRows', () => {
  it('sorts ascending and descending, ties by name ascending, unknown values last', () => {
    expect(byN('asc')).toEqual(['d', 'b', 'c', 'B', 'a']);
    expect(byN('desc')).toEqual(['B', 'b', 'c', 'd', 'a']);
  });

  it('orders names by code unit, independent of locale and input order', () => {
    const names = sortRows(
      [...rows].reverse(),
      (r) => r.name,
      'asc',
      (r) => r.name,
    ).map((r) => r.name);
    expect(names).toEqual(['B', 'a', 'b', 'c', 'd']);
  });

  it('leaves its input alone', () => {
    const before = rows.map((r) => r.name);
    byN('desc');
    expect(rows.map((r) => r.name)).toEqual(before);
  });
});

describe('paginate', () => {
  const numbers = Array.from({ length: 12 }, (_, i) => i);

  it('cuts 1-based pages and reports the total', () => {
    expect(paginate(numbers, 1, 5)).toEqual({ items: [0, 1, 2, 3, 4], total: 12, page: 1, pageSize: 5 });
    expect(paginate(numbers, 3, 5).items).toEqual([10, 11]);
  });

  it('answers an empty page past the end', () => {
    expect(paginate(numbers, 4, 5)).toEqual({ items: [], total: 12, page: 4, pageSize: 5 });
    expect(paginate([], 1, 50)).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
  });
});

describe('filterRows and nameContains', () => {
  it('keeps rows every predicate accepts', () => {
    const big = (r: Row) => (r.n ?? 0) >= 2;
    const named = nameContains('B');
    expect(filterRows(rows, [big, (r) => named(r.name)]).map((r) => r.name)).toEqual(['b', 'B']);
    expect(filterRows(rows, [])).toBe(rows);
  });

  it('matches substrings case-insensitively', () => {
    const matches = nameContains('Ord');
    expect(['orders', 'big-ORDERS', 'audit'].filter(matches)).toEqual(['orders', 'big-ORDERS']);
  });
});
