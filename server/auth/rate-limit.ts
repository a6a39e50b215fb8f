/**
 * Counts failed authentication attempts per client address in a sliding window. Only
 * failures count, so a client with the right credentials is never slowed down; a client that
 * keeps guessing is locked out until its oldest failure leaves the window.
 */
export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  now?: () => number;
  /** Addresses tracked at most; the stalest are dropped first, so a spray of addresses cannot grow memory. */
  maxClients?: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(private readonly options: FailureLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** Seconds until `client` may try again, or 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.options.maxFailures) return 0;
    const oldest = recent[recent.length - this.options.maxFailures]!;
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    // Re-inserting moves the client to the end: the map's first key is the stalest one.
    this.failures.delete(client);
    this.failures.set(client, recent.slice(-this.options.maxFailures));
    if (this.failures.size > this.maxClients) {
      const stalest = this.failures.keys().next().value;
      if (stalest !== undefined) this.failures.delete(stalest);
    }
  }

  private recent(client: string): number[] {
    const since = this.now() - this.options.windowMs;
    const kept = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(client);
    return kept;
  }
}
