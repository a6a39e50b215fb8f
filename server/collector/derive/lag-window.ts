/** What one poll cycle saw of a group-partition: when, the committed offset, the lag. */
export interface LagObservation {
  at: number;
  offset: number;
  lag: number;
}

/** How many observations a window holds, as in Burrow's `intervals` (default 10). */
export const DEFAULT_LAG_WINDOW = 10;

/**
 * The Burrow window of one group-partition: its newest `capacity` observations, oldest first.
 *
 * There is one per group-partition (250,000 at scale), each living for many cycles. Held as
 * objects, that was 2.5 million observations and as many boxed numbers (a timestamp is no small
 * integer) for the garbage collector to mark on every full collection. Here a window is one
 * array of unboxed doubles, [at, offset, lag] per observation, written in place.
 */
export class LagWindow {
  private readonly values: number[];
  private count = 0;

  constructor(
    readonly capacity: number = DEFAULT_LAG_WINDOW,
    observations: Iterable<Readonly<LagObservation>> = [],
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity ${capacity}`);
    this.values = new Array<number>(capacity * 3).fill(0);
    for (const o of observations) this.push(o);
  }

  /** Observations held: up to `capacity`. */
  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** When the i-th observation (oldest first) was taken. */
  time(i: number): number {
    return this.values[i * 3]!;
  }

  offset(i: number): number {
    return this.values[i * 3 + 1]!;
  }

  lag(i: number): number {
    return this.values[i * 3 + 2]!;
  }

  /** Appends an observation; a full window drops its oldest. */
  push(o: Readonly<LagObservation>): void {
    if (this.count === this.capacity) this.values.copyWithin(0, 3);
    else this.count++;
    const end = (this.count - 1) * 3;
    this.values[end] = o.at;
    this.values[end + 1] = o.offset;
    this.values[end + 2] = o.lag;
  }

  /** The observations as objects, oldest first: for tests and for moving to another capacity. */
  observations(): LagObservation[] {
    return Array.from({ length: this.count }, (_, i) => ({
      at: this.time(i),
      offset: this.offset(i),
      lag: this.lag(i),
    }));
  }
}
