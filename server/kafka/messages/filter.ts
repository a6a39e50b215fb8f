// The browser's filters, on the raw bytes: "contains" looks for the UTF-8 bytes of the text, so
// it also finds text inside binary values, and no value is decoded just to be rejected.
import type { BrowsedRecord, RecordFilter } from './types.ts';

export interface CompiledFilter {
  (record: BrowsedRecord): boolean;
  /** True when every record passes (no filter given). */
  readonly all: boolean;
}

export function compileFilter(filter: RecordFilter): CompiledFilter {
  const key = filter.keyContains === undefined ? undefined : Buffer.from(filter.keyContains, 'utf8');
  const value = filter.valueContains === undefined ? undefined : Buffer.from(filter.valueContains, 'utf8');
  const header = filter.header;
  const headerValue = header?.value === undefined ? undefined : Buffer.from(header.value, 'utf8');
  const { since, until } = filter;
  const test = (record: BrowsedRecord): boolean => {
    if (since !== undefined && record.timestamp < since) return false;
    if (until !== undefined && record.timestamp > until) return false;
    if (key && !record.key?.includes(key)) return false;
    if (value && !record.value?.includes(value)) return false;
    if (
      header &&
      !record.headers.some(
        (h) => h.key === header.key && (headerValue === undefined || h.value?.equals(headerValue)),
      )
    )
      return false;
    return true;
  };
  const all =
    key === undefined && value === undefined && !header && since === undefined && until === undefined;
  return Object.assign(test, { all });
}
