import { describe, expect, it } from 'vitest';
import { compareValues, nextSort, pageCount, pageRows, sortRows } from './table.ts';

describe('sortRows', () => {
  const rows = [
    { name: 'b', lag: 5 },
    { name: 'a', lag: null },
    { name: 'c', lag: 100 },
    { name: 'd', lag: 5 },
  ];
  it('sorts numbers and strings both ways, unknown values last either way', () => {
    expect(sortRows(rows, (r) => r.lag, 'asc').map((r) => r.name)).toEqual(['b', 'd', 'c', 'a']);
    expect(sortRows(rows, (r) => r.lag, 'desc').map((r) => r.name)).toEqual(['c', 'b', 'd', 'a']);
    expect(sortRows(rows, (r) => r.name, 'desc').map((r) => r.name)).toEqual(['d', 'c', 'b', 'a']);
  });
  it('is stable and leaves the input alone', () => {
    const before = rows.map((r) => r.name);
    sortRows(rows, (r) => r.lag, 'desc');
    expect(rows.map((r) => r.name)).toEqual(before);
  });
  it('orders booleans false before true ascending', () => {
    expect(compareValues(false, true, 'asc')).toBeLessThan(0);
  });
});

describe('paging', () => {
  it('counts at least one page and clamps the page number', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(101, 50)).toBe(3);
    const rows = Array.from({ length: 5 }, (_, i) => i);
    expect(pageRows(rows, 2, 2)).toEqual([2, 3]);
    expect(pageRows(rows, 3, 2)).toEqual([4]);
    expect(pageRows(rows, 9, 2)).toEqual([4]);
    expect(pageRows(rows, 0, 2)).toEqual([0, 1]);
  });
});

describe('nextSort', () => {
  it('flips the current column and starts a new numeric column biggest first', () => {
    expect(nextSort({ key: 'name', order: 'asc' }, 'name', false)).toEqual({ key: 'name', order: 'desc' });
    expect(nextSort({ key: 'name', order: 'asc' }, 'lag', true)).toEqual({ key: 'lag', order: 'desc' });
    expect(nextSort({ key: 'lag', order: 'desc' }, 'name', false)).toEqual({ key: 'name', order: 'asc' });
  });
});
