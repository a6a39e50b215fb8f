// Sorting and paging of table rows held in the browser. Pure, so the tests need no DOM.

export type SortValue = string | number | boolean | null | undefined;
export type SortOrder = 'asc' | 'desc';

/** Unknown values sort last in either order: an unknown lag is not a small lag. */
export function compareValues(a: SortValue, b: SortValue, order: SortOrder): number {
  const aUnknown = a === null || a === undefined;
  const bUnknown = b === null || b === undefined;
  if (aUnknown || bUnknown) return aUnknown === bUnknown ? 0 : aUnknown ? 1 : -1;
  const sign = order === 'asc' ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') return sign * a.localeCompare(b);
  return sign * (Number(a) - Number(b));
}

export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, order: SortOrder): T[] {
  // Array.prototype.sort is stable: equal rows keep their incoming order.
  return [...rows].sort((x, y) => compareValues(value(x), value(y), order));
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function pageRows<T>(rows: readonly T[], page: number, pageSize: number): T[] {
  const last = pageCount(rows.length, pageSize);
  const current = Math.min(Math.max(1, page), last);
  return rows.slice((current - 1) * pageSize, current * pageSize);
}

/** Clicking the sorted column flips it; a new column starts descending for numbers (biggest first). */
export function nextSort(
  current: { key: string; order: SortOrder },
  key: string,
  numeric: boolean,
): { key: string; order: SortOrder } {
  if (current.key === key) return { key, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { key, order: numeric ? 'desc' : 'asc' };
}
