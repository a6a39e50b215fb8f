import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBytes,
  formatDuration,
  formatLag,
  formatNumber,
  formatRate,
  UNKNOWN,
} from './format.ts';

describe('formatBytes', () => {
  it('uses binary units with precision that shrinks as the number grows', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2.00 TiB');
  });
  it('shows unknown as unknown, not as zero', () => {
    expect(formatBytes(null)).toBe(UNKNOWN);
    expect(formatBytes(undefined)).toBe(UNKNOWN);
    expect(formatBytes(Number.NaN)).toBe(UNKNOWN);
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45.4)).toBe('45s');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(120)).toBe('2m');
    expect(formatDuration(3_700)).toBe('1h 1m');
    expect(formatDuration(3_600)).toBe('1h');
    expect(formatDuration(90_061)).toBe('1d 1h');
    expect(formatDuration(86_400 + 30)).toBe('1d');
  });
  it('never shows a negative duration, and unknown as unknown', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(null)).toBe(UNKNOWN);
  });
});

describe('numbers, lag and rates', () => {
  it('groups digits by locale', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatNumber(4.56789)).toBe('4.57');
    expect(formatNumber(123.456)).toBe('123.5');
    expect(formatNumber(null)).toBe(UNKNOWN);
  });
  it('shows lag as an exact whole count, clamped at zero', () => {
    expect(formatLag(987654321)).toBe('987,654,321');
    expect(formatLag(0)).toBe('0');
    expect(formatLag(-3)).toBe('0');
    expect(formatLag(12.6)).toBe('13');
    expect(formatLag(null)).toBe(UNKNOWN);
  });
  it('adds /s to rates', () => {
    expect(formatRate(1500)).toBe('1,500/s');
    expect(formatRate(0.5)).toBe('0.5/s');
    expect(formatRate(null)).toBe(UNKNOWN);
  });
  it('shows the age of a timestamp', () => {
    expect(formatAge(1_000, 6_000)).toBe('5s');
    expect(formatAge(10_000, 6_000)).toBe('0s');
    expect(formatAge(null, 6_000)).toBe(UNKNOWN);
  });
});
