import { describe, expect, it } from 'vitest';
import type { PollerStatus } from '../collector/index.ts';
import { healthReport } from './health.ts';

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

describe('healthReport', () => {
  it('is starting until migrations ran', () => {
    expect(healthReport(false, [status('a', 1000)]).status).toBe('starting');
  });

  it('is starting until every cluster answered once', () => {
    const report = healthReport(true, [status('a', 1000), status('b', null, 3, 'connection refused')]);
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
    const report = healthReport(true, [status('a', 0), status('b', 5000)]);
    expect(report.status).toBe('ok');
    expect(report.clusters[1]!.lastSuccessAt).toBe('1970-01-01T00:00:05.000Z');
  });

  it('is degraded, not starting, when a cluster that answered before stops answering', () => {
    const report = healthReport(true, [status('a', 1000), status('b', 1000, 2, 'timeout')]);
    expect(report.status).toBe('degraded');
    expect(report.clusters[1]).toMatchObject({ polled: true, reachable: false, error: 'timeout' });
  });
});
