/** Pure list helpers for the API: sort with deterministic ties, then cut one page. */

export type SortOrder = 'asc' | 'desc';
export type SortValue = number | string | null;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Sorts by `key` in `order`; unknown (null) values go last in both orders, and ties are
 * broken by `name` ascending so that paging through a list never repeats or skips a row.
 */
export function sortRows<T>(
  rows: readonly T[],
  key: (row: T) => SortValue,
  order: SortOrder,
  name: (row: T) => string,
): T[] {
  const sign = order === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, key: key(row), name: name(row) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      return sign * (a.key < b.key ? -1 : 1);
    }
    return compareNames(a.name, b.name);
  });
  return keyed.map((k) => k.row);
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Page `page` (1-based) of `rows`; a page past the end is empty, with the total still right. */
export function paginate<T>(rows: readonly T[], page: number, pageSize: number): Page<T> {
  const start = (page - 1) * pageSize;
  return { items: rows.slice(start, start + pageSize), total: rows.length, page, pageSize };
}

/** Keeps the rows every predicate accepts; no predicates keeps the input as it is. */
export function filterRows<T>(
  rows: readonly T[],
  predicates: readonly ((row: T) => boolean)[],
): readonly T[] {
  return predicates.length === 0 ? rows : rows.filter((row) => predicates.every((p) => p(row)));
}

/** Case-insensitive substring match on a name. */
export function nameContains(needle: string): (name: string) => boolean {
  const lower = needle.toLowerCase();
  return (name) => name.toLowerCase().includes(lower);
}
