// A rule's own parameters as a line a person reads, not as JSON. Pure.

/** Selectors left at "everything" (`.*`) say nothing and are left out. */
export function ruleParamsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== '.*' && value !== undefined && value !== null)
    .map(([key, value]) => `${key}: ${valueText(value)}`)
    .join(' · ');
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .map(([k, v]) => `${k}=${valueText(v)}`)
      .join(', ');
  return String(value);
}
