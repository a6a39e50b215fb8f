// List pages keep their filters, sort and page in the query string, so a reload or a shared
// link shows the same rows. replaceState: changing a filter is not a step for the Back button.

export type QueryValues = Record<string, string | number | boolean>;

/** `defaults` with whatever the current URL says, each value coerced to its default's type. */
export function readQuery<T extends QueryValues>(defaults: T, search = globalThis.location?.search ?? ''): T {
  const params = new URLSearchParams(search);
  const out: QueryValues = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const raw = params.get(key);
    if (raw === null) continue;
    if (typeof fallback === 'number') {
      const n = Number(raw);
      if (Number.isInteger(n) && n >= 1) out[key] = n;
    } else if (typeof fallback === 'boolean') out[key] = raw === 'true';
    else out[key] = raw;
  }
  return out as T;
}

/** The query string for `values`, leaving out what equals its default. */
export function queryString<T extends QueryValues>(values: T, defaults: T): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== defaults[key]) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function writeQuery<T extends QueryValues>(values: T, defaults: T): void {
  const search = queryString(values, defaults);
  if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}`);
}
