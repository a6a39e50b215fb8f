import type { PollerStatus } from '../collector/index.ts';

export interface ClusterHealth {
  name: string;
  /** The cluster answered at least once since start. */
  polled: boolean;
  /** The cluster answered in the latest cycle. */
  reachable: boolean;
  lastSuccessAt: string | null;
  error: string | null;
}

export interface HealthReport {
  status: 'ok' | 'starting' | 'degraded';
  migrations: boolean;
  clusters: ClusterHealth[];
}

/**
 * Ready: migrations ran and every cluster answered at least once. Healthy: ready, and every
 * cluster answered its latest poll. A cluster going down later makes the service degraded,
 * not unready: the dashboard must stay reachable exactly when a cluster has trouble.
 */
export function healthReport(migrations: boolean, statuses: readonly PollerStatus[]): HealthReport {
  const clusters = statuses.map(
    (s): ClusterHealth => ({
      name: s.cluster,
      polled: s.lastSuccessAt !== null,
      reachable: s.lastSuccessAt !== null && s.consecutiveFailures === 0,
      lastSuccessAt: s.lastSuccessAt === null ? null : new Date(s.lastSuccessAt).toISOString(),
      error: s.lastError,
    }),
  );
  const ready = migrations && clusters.every((c) => c.polled);
  const status = !ready ? 'starting' : clusters.every((c) => c.reachable) ? 'ok' : 'degraded';
  return { status, migrations, clusters };
}
