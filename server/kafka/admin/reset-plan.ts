// The offset-reset plan, as `kafka-consumer-groups --reset-offsets` computes it: pure, no I/O.
// Every target is clamped into [log start, log end] (Kafka's checkOffsetRange), a timestamp with
// no record at or after it resolves to the log end, and shifting needs a committed offset.

export type ResetStrategy =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'datetime'; timestamp: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number };

/** What Kafka says about one partition right now. */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** The group's committed offset; null when it has none. */
  committed: number | null;
  logStart: number;
  logEnd: number;
  /** The first offset at or after the strategy's timestamp (ListOffsets); null: none. */
  offsetForTimestamp?: number | null;
}

export interface PlannedReset {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
  logStart: number;
  logEnd: number;
  /** Lag with the current offset (null without one) and with the new one. */
  lagBefore: number | null;
  lagAfter: number;
}

export class PlanError extends Error {}

export function clamp(offset: number, logStart: number, logEnd: number): number {
  return Math.min(Math.max(offset, logStart), logEnd);
}

function target(strategy: ResetStrategy, p: PartitionOffsets): number {
  switch (strategy.kind) {
    case 'earliest':
      return p.logStart;
    case 'latest':
      return p.logEnd;
    case 'offset':
      return strategy.offset;
    case 'datetime':
      return p.offsetForTimestamp ?? p.logEnd;
    case 'shift':
      if (p.committed === null)
        throw new PlanError(
          `cannot shift ${p.topic}-${p.partition}: the group has no committed offset there`,
        );
      return p.committed + strategy.by;
  }
}

/** One row per partition, in topic and partition order. */
export function planReset(strategy: ResetStrategy, partitions: readonly PartitionOffsets[]): PlannedReset[] {
  return [...partitions]
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
    .map((p) => {
      const newOffset = clamp(target(strategy, p), p.logStart, p.logEnd);
      return {
        topic: p.topic,
        partition: p.partition,
        currentOffset: p.committed,
        newOffset,
        logStart: p.logStart,
        logEnd: p.logEnd,
        lagBefore: p.committed === null ? null : Math.max(0, p.logEnd - p.committed),
        lagAfter: p.logEnd - newOffset,
      };
    });
}

/** Which topics and partitions: absent = every partition the group has committed offsets for. */
export type ResetScope = readonly { topic: string; partitions?: readonly number[] }[] | undefined;

/**
 * The partitions a scope names. `committed` are the group's committed partitions, `existing` each
 * topic's partition count (undefined: no such topic). Throws PlanError for what does not exist.
 */
export function scopePartitions(
  scope: ResetScope,
  committed: readonly { topic: string; partition: number }[],
  existing: (topic: string) => number | undefined,
): { topic: string; partition: number }[] {
  if (scope === undefined || scope.length === 0) {
    if (committed.length === 0) throw new PlanError('the group has no committed offsets to reset');
    return committed.map(({ topic, partition }) => ({ topic, partition }));
  }
  const out = new Map<string, { topic: string; partition: number }>();
  for (const { topic, partitions } of scope) {
    const count = existing(topic);
    if (count === undefined) throw new PlanError(`no topic ${topic}`);
    const wanted = partitions ?? Array.from({ length: count }, (_, i) => i);
    for (const partition of wanted) {
      if (partition < 0 || partition >= count)
        throw new PlanError(`topic ${topic} has no partition ${partition} (it has ${count})`);
      out.set(`${topic}\0${partition}`, { topic, partition });
    }
  }
  return [...out.values()];
}

/**
 * Why a previewed plan may no longer be executed: its partitions are not those of a fresh plan,
 * someone committed since (the group's offsets moved), or a new offset fell outside the log
 * (retention deleted the start). Empty: commit it exactly as previewed.
 */
export type PreviewedReset = Pick<PlannedReset, 'topic' | 'partition' | 'currentOffset' | 'newOffset'>;

export function stalePlanReasons(
  previewed: readonly PreviewedReset[],
  fresh: readonly PlannedReset[],
): string[] {
  const reasons: string[] = [];
  const now = new Map(fresh.map((p) => [`${p.topic}\0${p.partition}`, p]));
  if (fresh.length !== previewed.length) reasons.push('the set of partitions changed since the preview');
  for (const p of previewed) {
    const name = `${p.topic}-${p.partition}`;
    const current = now.get(`${p.topic}\0${p.partition}`);
    if (current === undefined) {
      reasons.push(`${name} is no longer in the plan`);
      continue;
    }
    if (current.currentOffset !== p.currentOffset)
      reasons.push(
        `${name}: committed offset moved from ${p.currentOffset ?? 'none'} to ${current.currentOffset ?? 'none'}`,
      );
    if (p.newOffset < current.logStart || p.newOffset > current.logEnd)
      reasons.push(`${name}: ${p.newOffset} is now outside the log [${current.logStart}, ${current.logEnd}]`);
  }
  return reasons;
}
