import { describe, expect, it } from 'vitest';
import { redactUrl } from './logger.ts';

describe('redactUrl', () => {
  it.each([
    ['/api/v1/x?token=abc', '/api/v1/x?token=<redacted>'],
    ['/x?access_token=abc&page=2', '/x?access_token=<redacted>&page=2'],
    [
      '/x?api_key=1&API-KEY=2&secret=3&password=4&sign=5&timestamp=6',
      '/x?api_key=<redacted>&API-KEY=<redacted>&secret=<redacted>&password=<redacted>&sign=<redacted>&timestamp=6',
    ],
    ['/x?%74oken=abc', '/x?%74oken=<redacted>'],
    ['/x?token', '/x?token=<redacted>'],
    ['/x?q=token&sort=name', '/x?q=token&sort=name'],
    ['/x', '/x'],
    ['/x?', '/x?'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
