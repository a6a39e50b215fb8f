import { describe, expect, it } from 'vitest';
import { linkBaseUrl } from './link-base-url.ts';

describe('linkBaseUrl', () => {
  it('is the listen address when Kestrel listens on one', () => {
    expect(linkBaseUrl('127.0.0.1', 8048, 'box')).toBe('http://127.0.0.1:8048');
    expect(linkBaseUrl('kestrel.internal', 9000, 'box')).toBe('http://kestrel.internal:9000');
  });
  it("is the machine's name when Kestrel listens on every interface", () => {
    expect(linkBaseUrl('0.0.0.0', 8048, 'box')).toBe('http://box:8048');
    expect(linkBaseUrl('::', 8048, 'box')).toBe('http://box:8048');
  });
  it('brackets an IPv6 address', () => {
    expect(linkBaseUrl('::1', 8048, 'box')).toBe('http://[::1]:8048');
  });
});
