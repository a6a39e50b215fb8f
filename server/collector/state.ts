import type { ChurnRecord } from './derive/diagnosis/churn.ts';
import type { LagWindow } from './derive/lag-window.ts';
import type { EndOffsetRuns } from './derive/time-lag.ts';
import type { ClusterSnapshot } from './snapshot.ts';

/**
 * What the collector remembers between cycles of one cluster. The store persists and
 * reloads it, so time lag, lag status and broker up/down survive a restart.
 */
export interface CollectorState {
  previous: ClusterSnapshot | undefined;
  /** "topic\0partition" → end-offset runs (time-lag history). */
  endOffsetRuns: Map<string, EndOffsetRuns>;
  /** group → "topic\0partition" → newest lag observations (Burrow window). */
  lagWindows: Map<string, Map<string, LagWindow>>;
  /** Every broker ever seen, so a missing one is reported down. */
  knownBrokers: Map<number, { host: string; port: number; rack: string | null }>;
  /** group → rebalances seen in the last hour. In memory only: a restart starts the count afresh. */
  churn: Map<string, ChurnRecord>;
}

export function emptyState(): CollectorState {
  return {
    previous: undefined,
    endOffsetRuns: new Map(),
    lagWindows: new Map(),
    knownBrokers: new Map(),
    churn: new Map(),
  };
}

export interface BuildOptions {
  /** Observations in the Burrow window. */
  lagWindow: number;
  /** Widest end-offset bracket trusted as a time-lag estimate. */
  maxBracketMs: number;
}
