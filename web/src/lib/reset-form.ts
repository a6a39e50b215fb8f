// The reset dialog's form as the API's strategy and scope. Pure.
import type { ResetScope, ResetStrategy } from './api/operator.ts';

export type StrategyKind = ResetStrategy['kind'];

export type FormResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** `value` is the offset, the shift or a datetime-local text, as the kind needs. */
export function strategyFrom(kind: StrategyKind, value: string): FormResult<ResetStrategy> {
  const text = value.trim();
  switch (kind) {
    case 'earliest':
    case 'latest':
      return { ok: true, value: { kind } };
    case 'offset': {
      const offset = Number(text);
      if (text === '' || !Number.isSafeInteger(offset) || offset < 0)
        return { ok: false, error: 'offset must be a whole number ≥ 0' };
      return { ok: true, value: { kind, offset } };
    }
    case 'shift': {
      const by = Number(text);
      if (text === '' || !Number.isSafeInteger(by)) return { ok: false, error: 'N must be a whole number' };
      return { ok: true, value: { kind, by } };
    }
    case 'datetime': {
      // datetime-local has no zone: the browser's own, as a person means it.
      const timestamp = new Date(text).getTime();
      if (text === '' || Number.isNaN(timestamp) || timestamp < 0)
        return { ok: false, error: 'choose a date and time' };
      return { ok: true, value: { kind, timestamp } };
    }
  }
}

/** Empty topic: every committed partition; partitions "0, 2" or empty for all of the topic. */
export function scopeFrom(topic: string, partitionsText: string): FormResult<ResetScope> {
  if (topic === '') return { ok: true, value: undefined };
  const parts = partitionsText
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const partitions = parts.map(Number);
  if (partitions.some((p) => !Number.isSafeInteger(p) || p < 0))
    return { ok: false, error: 'partitions must be whole numbers ≥ 0, comma separated' };
  return { ok: true, value: [partitions.length > 0 ? { topic, partitions } : { topic }] };
}
