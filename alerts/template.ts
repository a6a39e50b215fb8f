import type { Labels } from './api.ts';

export interface TemplateData {
  labels: Labels;
  value: number | null;
  /** Rule-specific values, e.g. `$outOfIsr` for an ISR shrink. */
  vars?: Readonly<Record<string, string | number>>;
}

// `{{ $labels.topic }}`, `{{ $value }}`, `{{ $outOfIsr }}`: the subset of Prometheus' templates
// alert texts need, without a template language (no code runs from the config file).
const PLACEHOLDER = /\{\{\s*\$([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}/g;

/** Fills the placeholders; an unknown one is left as it is, so a typo shows in the message. */
export function renderTemplate(template: string, data: TemplateData): string {
  return template.replace(PLACEHOLDER, (whole, name: string, field: string | undefined) => {
    if (name === 'labels') return field === undefined ? whole : (data.labels[field] ?? '');
    if (field !== undefined) return whole;
    if (name === 'value') return data.value === null ? '' : formatValue(data.value);
    const value = data.vars?.[name];
    return value === undefined ? whole : typeof value === 'number' ? formatValue(value) : value;
  });
}

export function renderAll(templates: Labels, data: TemplateData): Record<string, string> {
  return Object.fromEntries(Object.entries(templates).map(([k, v]) => [k, renderTemplate(v, data)]));
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, '');
}
