import { createHash } from 'node:crypto';
import type { Labels } from './api.ts';

/** Labels in name order, so equal label sets serialize (and hash) the same. */
export function sortedLabels(labels: Labels): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A stable identity of a label set: the first 16 hex digits of SHA-256 over the sorted pairs. */
export function fingerprint(labels: Labels): string {
  const hash = createHash('sha256');
  for (const [name, value] of sortedLabels(labels)) hash.update(`${name}\u0000${value}\u0001`);
  return hash.digest('hex').slice(0, 16);
}

/** The labels every alert of `alerts` shares with the same value (Alertmanager's commonLabels). */
export function commonLabels(all: readonly Labels[]): Labels {
  const [first, ...rest] = all;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([name, value]) => rest.every((l) => l[name] === value)),
  );
}

export function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
