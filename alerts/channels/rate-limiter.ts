// A robot that accepts at most `limit` messages per `windowMs` (DingTalk: 20 a minute; above
// that it answers errcode 130101 and mutes the robot for ten minutes). Rather than lose the
// excess or get muted, the limiter admits messages while the sliding window has room and,
// once it is full, queues the rest; when the oldest send leaves the window it flushes the
// whole queue as ONE merged message. So a storm of 100 notifications becomes 20 messages
// plus one summary a minute later, and nothing is dropped. The clock is injected for tests.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // A held summary must not keep a stopping process alive; close() reports what it held.
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LimiterOptions<T> {
  limit: number;
  windowMs: number;
  clock: Clock;
  /** Sends the merged message for the queued items (retries are its own business). */
  flush: (items: readonly T[]) => Promise<void>;
}

export class MergingRateLimiter<T> {
  private readonly sent: number[] = [];
  private queue: T[] = [];
  private timer: unknown;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: LimiterOptions<T>) {}

  /** true: a slot was taken, send it now. false: queued for the next merged message. */
  admit(item: T): boolean {
    const now = this.options.clock.now();
    this.expire(now);
    // Once something waits, later items wait too, so the order is kept.
    if (this.queue.length === 0 && this.sent.length < this.options.limit) {
      this.sent.push(now);
      return true;
    }
    this.queue.push(item);
    this.schedule(now);
    return false;
  }

  /**
   * Queues an item the far end itself refused as too fast (DingTalk's errcode 130101), and
   * treats the window as full from now: the merged message waits a whole window.
   */
  hold(item: T): void {
    const now = this.options.clock.now();
    this.sent.splice(0, this.sent.length, ...Array<number>(this.options.limit).fill(now));
    this.queue.push(item);
    this.schedule(now);
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves when the flush in progress (if any) is over. */
  idle(): Promise<void> {
    return this.flushing;
  }

  /** Stops the timer; returns the items that were still waiting. */
  stop(): T[] {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const left = this.queue;
    this.queue = [];
    return left;
  }

  private expire(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.options.windowMs) this.sent.shift();
  }

  private schedule(now: number): void {
    if (this.timer !== undefined) return;
    const oldest = this.sent[0] ?? now;
    const wait = Math.max(0, oldest + this.options.windowMs - now);
    this.timer = this.options.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.options.clock.now();
    this.expire(now);
    if (this.queue.length === 0) return;
    if (this.sent.length >= this.options.limit) {
      this.schedule(now);
      return;
    }
    this.sent.push(now);
    const items = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(() => this.options.flush(items)).catch(() => {});
  }
}
