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

/** What the SQLite migrations did at start (server/store/migrate.ts), as the probes report it. */
export interface MigrationsHealth {
  /** The schema holds every migration this Kestrel ships, and none it does not know. */
  current: boolean;
  /** The schema's version: the highest migration recorded in the database. */
  version: number;
  /** The highest migration this Kestrel ships. */
  latest: number;
  /** Migrations applied when this process opened the database; empty when it was current already. */
  appliedAtStart: string[];
}

export interface HealthReport {
  status: 'ok' | 'starting' | 'degraded';
  /** null: this app has no database of its own (an API built for a test or a benchmark). */
  migrations: MigrationsHealth | null;
  clusters: ClusterHealth[];
}

/**
 * Ready: the schema is current and every cluster answered at least once. Healthy: ready, and
 * every cluster answered its latest poll. A cluster going down later makes the service
 * degraded, not unready: the dashboard must stay reachable exactly when a cluster has trouble.
 */
export function healthReport(
  migrations: MigrationsHealth | null,
  statuses: readonly PollerStatus[],
): HealthReport {
  const clusters = statuses.map(
    (s): ClusterHealth => ({
      name: s.cluster,
      polled: s.lastSuccessAt !== null,
      reachable: s.lastSuccessAt !== null && s.consecutiveFailures === 0,
      lastSuccessAt: s.lastSuccessAt === null ? null : new Date(s.lastSuccessAt).toISOString(),
      error: s.lastError,
    }),
  );
  const ready = (migrations === null || migrations.current) && clusters.every((c) => c.polled);
  const status = !ready ? 'starting' : clusters.every((c) => c.reachable) ? 'ok' : 'degraded';
  return { status, migrations, clusters };
}
