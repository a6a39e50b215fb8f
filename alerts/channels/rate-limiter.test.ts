import { describe, expect, it } from 'vitest';
import { type Clock, MergingRateLimiter } from './rate-limiter.ts';

/** A clock whose time and timers move only when the test says so. */
function manualClock() {
  let time = 1_000_000;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: Clock = {
    now: () => time,
    setTimeout: (fn, ms) => {
      timers.push({ at: time + ms, fn, id: ++ids });
      return ids;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    time += ms;
    const due = timers.filter((t) => t.at <= time).sort((a, b) => a.at - b.at);
    timers = timers.filter((t) => t.at > time);
    for (const t of due) t.fn();
  };
  return { clock, advance, pending: () => timers.map((t) => t.at - time) };
}

function setup(limit = 20) {
  const c = manualClock();
  const flushed: string[][] = [];
  const limiter = new MergingRateLimiter<string>({
    limit,
    windowMs: 60_000,
    clock: c.clock,
    flush: async (items) => {
      flushed.push([...items]);
    },
  });
  return { ...c, limiter, flushed };
}

describe('MergingRateLimiter', () => {
  it('admits 20 in a minute, queues the rest and merges them into one message when the window allows', async () => {
    const { limiter, advance, pending, flushed } = setup();
    const admitted = Array.from({ length: 20 }, (_, i) => {
      advance(1_000);
      return limiter.admit(`n${i}`);
    });
    expect(admitted.every(Boolean)).toBe(true);
    expect(limiter.admit('n20')).toBe(false);
    expect(limiter.admit('n21')).toBe(false);
    expect(limiter.queued).toBe(2);
    // The first send (19 s ago) leaves the window in 41 s.
    expect(pending()).toEqual([41_000]);
    advance(40_999);
    expect(flushed).toEqual([]);
    advance(1);
    await limiter.idle();
    expect(flushed).toEqual([['n20', 'n21']]);
    expect(limiter.queued).toBe(0);
  });

  it('counts the summary against the limit', async () => {
    const { limiter, advance, flushed } = setup(2);
    expect(limiter.admit('a')).toBe(true);
    expect(limiter.admit('b')).toBe(true);
    expect(limiter.admit('c')).toBe(false);
    advance(60_000);
    await limiter.idle();
    expect(flushed).toEqual([['c']]);
    // 'a' and 'b' left the window, the summary took one slot: one more now, then queueing.
    expect(limiter.admit('d')).toBe(true);
    expect(limiter.admit('e')).toBe(false);
  });

  it('keeps order: while something waits, a free slot does not let a newcomer jump ahead', async () => {
    const { limiter, advance, flushed } = setup(1);
    expect(limiter.admit('a')).toBe(true);
    expect(limiter.admit('b')).toBe(false);
    advance(60_000);
    await limiter.idle();
    expect(flushed).toEqual([['b']]);
    expect(limiter.admit('c')).toBe(false);
    advance(60_000);
    await limiter.idle();
    expect(flushed).toEqual([['b'], ['c']]);
  });

  it('stop() cancels the timer and hands back what still waited', () => {
    const { limiter, advance, flushed, pending } = setup(1);
    limiter.admit('a');
    limiter.admit('b');
    expect(limiter.stop()).toEqual(['b']);
    expect(pending()).toEqual([]);
    advance(120_000);
    expect(flushed).toEqual([]);
  });

  it('hold(): an item the far end refused as too fast waits a whole window, even with room left', async () => {
    const { limiter, advance, flushed } = setup(20);
    expect(limiter.admit('a')).toBe(true);
    advance(10_000);
    limiter.hold('b'); // the robot said 130101 although only one of 20 slots was used here
    expect(limiter.queued).toBe(1);
    expect(limiter.admit('c')).toBe(false); // kept in order behind the held one
    advance(59_999);
    expect(flushed).toEqual([]);
    advance(1);
    await limiter.idle();
    expect(flushed).toEqual([['b', 'c']]);
  });
});
