import { describe, expect, it } from 'vitest';
import type { PollerStatus } from '../collector/index.ts';
import { healthReport, type MigrationsHealth } from './health.ts';

const status = (
  cluster: string,
  lastSuccessAt: number | null,
  consecutiveFailures = 0,
  lastError: string | null = null,
): PollerStatus => ({
  cluster,
  lastSuccessAt,
  consecutiveFailures,
  lastError,
  cycles: 1,
});

const current: MigrationsHealth = { current: true, version: 5, latest: 5, appliedAtStart: [] };

describe('healthReport', () => {
  it('reports what the migrations did, and is starting while the schema is not current', () => {
    const behind: MigrationsHealth = { current: false, version: 3, latest: 5, appliedAtStart: [] };
    expect(healthReport(behind, [status('a', 1000)])).toMatchObject({
      status: 'starting',
      migrations: behind,
    });
    const upgraded = { ...current, appliedAtStart: ['0004_audit.sql', '0005_alert_value_text.sql'] };
    expect(healthReport(upgraded, [status('a', 1000)])).toMatchObject({ status: 'ok', migrations: upgraded });
  });

  it('says null, not a made-up value, for an app without a database', () => {
    expect(healthReport(null, [status('a', 1000)])).toMatchObject({ status: 'ok', migrations: null });
  });

  it('is starting until every cluster answered once', () => {
    const report = healthReport(current, [status('a', 1000), status('b', null, 3, 'connection refused')]);
    expect(report.status).toBe('starting');
    expect(report.clusters[1]).toEqual({
      name: 'b',
      polled: false,
      reachable: false,
      lastSuccessAt: null,
      error: 'connection refused',
    });
  });

  it('is ok when every cluster answered its latest poll', () => {
    const report = healthReport(current, [status('a', 0), status('b', 5000)]);
    expect(report.status).toBe('ok');
    expect(report.clusters[1]!.lastSuccessAt).toBe('1970-01-01T00:00:05.000Z');
  });

  it('is degraded, not starting, when a cluster that answered before stops answering', () => {
    const report = healthReport(current, [status('a', 1000), status('b', 1000, 2, 'timeout')]);
    expect(report.status).toBe('degraded');
    expect(report.clusters[1]).toMatchObject({ polled: true, reachable: false, error: 'timeout' });
  });
});
