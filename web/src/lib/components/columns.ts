import type { SortValue } from '../table.ts';

export interface Column<T> {
  key: string;
  label: string;
  /** The cell as text; rich cells come from the table's `cell` snippet. */
  text: (row: T) => string;
  /** What the column sorts by; sortable when given (or when the server sorts by `key`). */
  sort?: (row: T) => SortValue;
  numeric?: boolean;
}
