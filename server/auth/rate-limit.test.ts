import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

function limiter(options: { maxClients?: number } = {}) {
  let now = 1_000_000;
  const l = new FailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now, ...options });
  return { l, advance: (ms: number) => (now += ms) };
}

describe('FailureLimiter', () => {
  it('lets a client fail up to the limit, then locks it out until its oldest failure is a window old', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterSeconds('a')).toBe(0);
      l.recordFailure('a');
      advance(10_000);
    }
    // Failures at 0, 10 s and 20 s; now 30 s: the one at 0 s leaves the window at 60 s.
    expect(l.retryAfterSeconds('a')).toBe(30);
    advance(29_000);
    expect(l.retryAfterSeconds('a')).toBe(1);
    advance(1_000);
    expect(l.retryAfterSeconds('a')).toBe(0);
  });

  it('counts each address on its own', () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('a');
    expect(l.retryAfterSeconds('a')).toBeGreaterThan(0);
    expect(l.retryAfterSeconds('b')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const { l, advance } = limiter();
    l.recordFailure('a');
    l.recordFailure('a');
    advance(60_000);
    l.recordFailure('a');
    l.recordFailure('a');
    expect(l.retryAfterSeconds('a')).toBe(0);
    l.recordFailure('a');
    expect(l.retryAfterSeconds('a')).toBe(60);
  });

  it('forgets the stalest address first when it tracks too many', () => {
    const { l } = limiter({ maxClients: 2 });
    for (const client of ['a', 'a', 'a', 'b', 'c']) l.recordFailure(client);
    expect(l.retryAfterSeconds('a')).toBe(0);
  });
});
