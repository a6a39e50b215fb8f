import type { ClusterSnapshot } from '../collector/index.ts';
import { ApiError } from './errors.ts';
import type { ApiSource } from './source.ts';

const DEFAULT_RANGE_MS = 24 * 3_600_000;

export function knownCluster(source: ApiSource, cluster: string): void {
  if (!source.status().some((s) => s.cluster === cluster))
    throw new ApiError(404, 'not_found', `no cluster ${JSON.stringify(cluster)}`);
}

/** The latest snapshot of a known cluster that answered; 404 for unknown clusters, 503 otherwise. */
export function readySnapshot(source: ApiSource, cluster: string): ClusterSnapshot {
  knownCluster(source, cluster);
  const snapshot = source.latest(cluster);
  if (!snapshot) throw new ApiError(503, 'not_ready', `cluster ${cluster} has not been polled yet`);
  if (!snapshot.reachable)
    throw new ApiError(503, 'unreachable', `cluster ${cluster} did not answer its latest poll`);
  return snapshot;
}

export function requireHistory(source: ApiSource): NonNullable<ApiSource['history']> {
  if (!source.history) throw new ApiError(503, 'no_history', 'history is not available');
  return source.history;
}

/** The requested range, the last day up to now by default. */
export function timeRange(
  source: ApiSource,
  q: { from?: number; to?: number },
): { from: number; to: number } {
  const to = q.to ?? (source.now ?? Date.now)();
  return { from: q.from ?? to - DEFAULT_RANGE_MS, to };
}

/**
 * A series' range: as timeRange, or with `fromFirst` from the cluster's first recorded point
 * (not before `from`); a cluster without history yet gets the empty range [to, to].
 */
export function seriesRange(
  source: ApiSource,
  cluster: string,
  q: { from?: number; to?: number; fromFirst?: boolean },
): { from: number; to: number } {
  const { from, to } = timeRange(source, q);
  if (!q.fromFirst) return { from, to };
  const first = requireHistory(source).firstAt(cluster) ?? to;
  return { from: Math.min(to, Math.max(q.from ?? 0, first)), to };
}
