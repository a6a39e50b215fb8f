/**
 * Burrow-style lag evaluation over a sliding window of observations of one partition.
 *
 * Burrow reads commit timestamps from __consumer_offsets; Kafka's OffsetFetch has none, so
 * the window here holds what each poll cycle saw (time, committed offset, lag). Where Burrow
 * uses the age of the last commit to tell a stopped consumer from a stuck one, Kestrel asks
 * the group: a partition owned by a live member that does not move is STALL, one that no
 * member owns is STOP. Every error needs lag in every observation, so a caught-up consumer
 * on a slow topic (lag 0, no commits for hours) is OK — Burrow's known false STOP.
 */
import type { GroupLagStatus, PartitionLagStatus } from '../../model/index.ts';

export interface LagObservation {
  at: number;
  offset: number;
  lag: number;
}

/** How many observations the window holds, as in Burrow's `intervals` (default 10). */
export const DEFAULT_LAG_WINDOW = 10;

export interface PartitionStatusInput {
  /** Oldest first; at most the window size. */
  window: readonly LagObservation[];
  /** A live member of the group has this partition assigned. */
  owned: boolean;
  /** Observations needed before the window can say anything but OK. */
  windowSize?: number;
}

export function partitionLagStatus({
  window,
  owned,
  windowSize = DEFAULT_LAG_WINDOW,
}: PartitionStatusInput): PartitionLagStatus {
  const current = window[window.length - 1];
  if (!current || current.lag === 0 || window.some((o) => o.lag === 0)) return 'OK';
  // Over the steps between neighbours, with no array of them: this runs for every
  // group-partition every cycle, 250,000 of them at scale.
  let moved = false;
  let lagFell = false;
  for (let i = 1; i < window.length; i++) {
    const before = window[i - 1]!;
    const after = window[i]!;
    // A rewind is visible at once; the others need a full window to be sure.
    if (after.offset < before.offset) return 'REWIND';
    if (after.offset !== before.offset) moved = true;
    if (after.lag < before.lag) lagFell = true;
  }
  if (window.length < windowSize) return 'OK';
  if (!moved) return owned ? 'STALL' : 'STOP';
  if (!lagFell) return 'WARN';
  return 'OK';
}

/** Burrow's roll-up: the worst partition decides; STALL, STOP and REWIND are errors. */
export function groupLagStatus(statuses: Iterable<PartitionLagStatus>): GroupLagStatus {
  let result: GroupLagStatus = 'OK';
  for (const status of statuses) {
    if (status === 'WARN') result = 'WARN';
    else if (status !== 'OK') return 'ERR';
  }
  return result;
}

/**
 * Appends an observation to `window` in place, keeping the newest `size`, and returns it. The
 * windows are the collector's own state, never part of a snapshot, and there is one per
 * group-partition (250,000 at scale) that lives for many cycles: a full window reuses its oldest
 * observation, so a cycle leaves no garbage in the old generation for the collector to mark.
 */
export function slideWindow(
  window: LagObservation[],
  next: Readonly<LagObservation>,
  size = DEFAULT_LAG_WINDOW,
): LagObservation[] {
  while (window.length > size) window.shift();
  if (window.length < size) {
    window.push({ at: next.at, offset: next.offset, lag: next.lag });
    return window;
  }
  const oldest = window.shift()!;
  oldest.at = next.at;
  oldest.offset = next.offset;
  oldest.lag = next.lag;
  window.push(oldest);
  return window;
}
