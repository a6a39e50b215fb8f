import type { GroupState } from '../../../model/index.ts';
import type { GroupSnapshot } from '../../snapshot.ts';
import type { ChurnFigure } from './types.ts';

/**
 * Rebalances seen from outside. DescribeGroups as Kestrel reads it carries no generation or
 * epoch, so a rebalance is counted when the member ids or their assignment differ from the
 * previous cycle, or the group entered a rebalancing state. Limits: sampled once per poll
 * interval (a rebalance that ends between two polls with the same members and assignment is
 * invisible), kept in memory (a restart starts the count afresh), an hour at most.
 */
export interface ChurnRecord {
  signature: string;
  state: GroupState;
  /** When the first observation in the window was made. */
  since: number;
  lastAt: number;
  rebalances: readonly number[];
  /** [at, ms] pairs of time seen rebalancing, newest last. */
  rebalancing: readonly (readonly [number, number])[];
}

export const CHURN_WINDOW_MS = 3_600_000;
/** Extrapolating to an hour from less history than this would turn one rebalance into many. */
export const MIN_CHURN_HISTORY_MS = 600_000;

const REBALANCING: ReadonlySet<GroupState> = new Set(['PreparingRebalance', 'CompletingRebalance']);

export function membershipSignature(group: Pick<GroupSnapshot, 'members'>): string {
  return group.members
    .map(
      (m) =>
        `${m.memberId}=${m.assignment
          .map((a) => `${a.topic}:${[...a.partitions].sort((x, y) => x - y).join(',')}`)
          .sort()
          .join(';')}`,
    )
    .sort()
    .join('|');
}

export function observeChurn(
  record: ChurnRecord | undefined,
  group: Pick<GroupSnapshot, 'members' | 'state'>,
  at: number,
): ChurnRecord {
  const signature = membershipSignature(group);
  if (!record || at <= record.lastAt)
    return { signature, state: group.state, since: at, lastAt: at, rebalances: [], rebalancing: [] };
  const cutoff = at - CHURN_WINDOW_MS;
  const enteredRebalance = REBALANCING.has(group.state) && !REBALANCING.has(record.state);
  const changed = signature !== record.signature || enteredRebalance;
  const rebalances = [...record.rebalances.filter((t) => t > cutoff), ...(changed ? [at] : [])];
  // The time between two polls that both saw a rebalancing state counts as rebalancing.
  const spent = REBALANCING.has(group.state) && REBALANCING.has(record.state) ? at - record.lastAt : 0;
  const rebalancing = [
    ...record.rebalancing.filter(([t]) => t > cutoff),
    ...(spent > 0 ? [[at, spent] as const] : []),
  ];
  return {
    signature,
    state: group.state,
    since: Math.max(record.since, cutoff),
    lastAt: at,
    rebalances,
    rebalancing,
  };
}

export function churnFigure(record: ChurnRecord | undefined): ChurnFigure {
  if (!record) return { rebalances: 0, windowSeconds: 0, perHour: null, rebalancingShare: null };
  const windowMs = record.lastAt - record.since;
  const spent = record.rebalancing.reduce((sum, [, ms]) => sum + ms, 0);
  return {
    rebalances: record.rebalances.length,
    windowSeconds: windowMs / 1000,
    perHour:
      windowMs >= MIN_CHURN_HISTORY_MS ? (record.rebalances.length * CHURN_WINDOW_MS) / windowMs : null,
    rebalancingShare: windowMs > 0 ? Math.min(1, spent / windowMs) : null,
  };
}
