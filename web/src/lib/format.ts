// Display formatting. Pure; null (unknown) is always shown as an em dash, never as 0.

export const UNKNOWN = '—';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return UNKNOWN;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
  return `${text} ${BYTE_UNITS[unit]}`;
}

export function formatNumber(value: number | null | undefined, locale = 'en'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNKNOWN;
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) < 10 ? 2 : 1;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** Lag is a whole count of messages and never negative; the exact number matters to operators. */
export function formatLag(lag: number | null | undefined, locale = 'en'): string {
  if (lag === null || lag === undefined || !Number.isFinite(lag)) return UNKNOWN;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(0, Math.round(lag)));
}

export function formatRate(perSecond: number | null | undefined, locale = 'en'): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return UNKNOWN;
  return `${formatNumber(perSecond, locale)}/s`;
}

/** 45s, 2m 5s, 1h 1m, 3d 4h: the two largest units, which is what a person reads. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return UNKNOWN;
  let rest = Math.max(0, Math.round(seconds));
  if (rest < 60) return `${rest}s`;
  const parts: [number, string][] = [];
  for (const [size, unit] of [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push([count, unit]);
  }
  return parts
    .slice(0, 2)
    .filter(([count], i) => count > 0 || i === 0)
    .map(([count, unit]) => `${count}${unit}`)
    .join(' ');
}

export function formatTime(epochMs: number | null | undefined, locale = 'en'): string {
  if (epochMs === null || epochMs === undefined) return UNKNOWN;
  return new Date(epochMs).toLocaleString(locale, { hour12: false });
}

/** "5s ago" style age of a timestamp, for "last updated". */
export function formatAge(epochMs: number | null | undefined, now: number): string {
  if (epochMs === null || epochMs === undefined) return UNKNOWN;
  return formatDuration(Math.max(0, (now - epochMs) / 1000));
}
