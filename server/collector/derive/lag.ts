/**
 * Lag of one partition, as Kafka's consumer-groups tool reports it: log end offset minus the
 * committed offset. The collector reads committed offsets before end offsets, so a consumer
 * that commits between the two reads can only make the lag look larger, never negative; the
 * clamp covers the rest (a topic recreated with a lower end offset, a log truncation).
 * A partition without a commit has no lag (null), not zero.
 */
export function partitionLag(committed: number | null, endOffset: number | null): number | null {
  if (committed === null || committed < 0 || endOffset === null) return null;
  return Math.max(0, endOffset - committed);
}

/** Per-second rate of a counter between two observations; null when it cannot be told. */
export function ratePerSecond(
  before: { at: number; value: number } | undefined,
  after: { at: number; value: number },
): number | null {
  if (!before || after.at <= before.at) return null;
  // A counter that went down was reset (topic recreated, offsets rewound): no rate this time.
  if (after.value < before.value) return null;
  return ((after.value - before.value) * 1000) / (after.at - before.at);
}

/**
 * Seconds until the consumer has caught up at current rates: lag ÷ (consume rate − produce rate).
 * Null when it is not catching up (or the rates are unknown); 0 when there is no lag.
 */
export function timeToCatchUp(
  lag: number | null,
  consumeRate: number | null,
  produceRate: number | null,
): number | null {
  if (lag === null) return null;
  if (lag === 0) return 0;
  if (consumeRate === null || produceRate === null) return null;
  const net = consumeRate - produceRate;
  return net > 0 ? lag / net : null;
}

/** Whether a group will catch up at current rates; "unknown" when a rate is not known yet. */
export type CatchUpOutlook = 'caught-up' | 'catching-up' | 'not-catching-up' | 'unknown';

/**
 * What "time to catch up" means for a group: caught up (no lag), catching up (it consumes
 * faster than messages arrive: timeToCatchUp says how long), or not catching up at all, which
 * a reader must be told rather than shown an empty value.
 */
export function catchUpOutlook(
  lag: number | null,
  consumeRate: number | null,
  produceRate: number | null,
): CatchUpOutlook {
  if (lag === null) return 'unknown';
  if (lag === 0) return 'caught-up';
  if (consumeRate === null || produceRate === null) return 'unknown';
  return consumeRate - produceRate > 0 ? 'catching-up' : 'not-catching-up';
}
