// Durations in the config: "15s", "1h30m" and the like, and back.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('durations', () => {
  it('format back to their shortest exact form', () => {
    for (const text of ['6h', '30d', '15s', '1500ms', '2m'])
      expect(formatDuration(parseDuration(text)!)).toBe(text);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
