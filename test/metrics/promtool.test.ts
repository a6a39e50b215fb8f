// promtool on the shipped rules and on a scrape of every kind of series Kestrel exports.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/index.ts';
import { KestrelMetrics } from '../../server/metrics/index.ts';
import { createLogger } from '../../server/shared/logger.ts';
import { broker, group, snapshot, topic } from '../support/snapshot-fixtures.ts';
import { binaryOrSkip, RULES_DIR, requireBinary, run } from './support.ts';

const promtool = binaryOrSkip('promtool');

describe.skipIf(promtool.skip)(`promtool${promtool.skipNote}`, () => {
  let binary: string;
  beforeAll(() => {
    binary = requireBinary(promtool.path, 'promtool');
  });

  it('accepts the shipped rules', async () => {
    const result = await run(binary, ['check', 'rules', 'kestrel-rules.yml'], undefined, RULES_DIR);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('proves every shipped rule fires (kestrel-rules.test.yml)', async () => {
    const result = await run(binary, ['test', 'rules', 'kestrel-rules.test.yml'], undefined, RULES_DIR);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Every alert of the rules file is exercised by the test file.
    const rules = readFileSync(`${RULES_DIR}/kestrel-rules.yml`, 'utf8');
    const tests = readFileSync(`${RULES_DIR}/kestrel-rules.test.yml`, 'utf8');
    const alerts = [...rules.matchAll(/alert: (\w+)/g)].map((m) => m[1]!);
    expect(alerts.length).toBeGreaterThanOrEqual(7);
    for (const alert of alerts)
      expect(tests, alert).toMatch(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n\\s+- `));
  });

  describe('check metrics', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      const metrics = new KestrelMetrics({
        clusters: [{ name: 'prod', granularity: 'partition' }],
        groupExpiryMs: 600_000,
      });
      const base = snapshot({
        cluster: 'prod',
        at: Date.now(),
        brokers: [
          broker(1, true, {
            jmx: {
              bytesInPerSec: 1,
              bytesOutPerSec: 2,
              messagesInPerSec: 3,
              requestHandlerIdleRatio: 0.9,
              activeControllerCount: 1,
              isrShrinksPerSec: 0,
              isrExpandsPerSec: 0,
              underReplicatedPartitions: 0,
            },
          }),
          broker(2),
          broker(3, false),
        ],
        topics: [topic('orders "quoted"\\ and\nnewline', [10, 20]), topic('audit', [null])],
        groups: [group('billing', [{ topic: 'audit', partition: 0, committed: 1, end: 5 }])],
        isrChanges: [
          {
            at: 0,
            topic: 'audit',
            partition: 0,
            kind: 'shrink',
            brokers: [3],
            isrBefore: [1, 2, 3],
            isrAfter: [1, 2],
          },
        ],
        errors: [{ kind: 'jmx', message: 'timeout', target: '3' }],
      });
      metrics.update({
        ...base,
        cluster: 'prod',
        controller: {
          mode: 'kraft',
          id: 1,
          epoch: 7,
          highWatermark: 1234,
          voters: [
            { id: 1, logEndOffset: 1234, lag: 0, lastFetchTimestamp: null, lastCaughtUpTimestamp: null },
            { id: 2, logEndOffset: 1200, lag: 34, lastFetchTimestamp: null, lastCaughtUpTimestamp: null },
          ],
          observers: [],
        },
      });
      app = await buildApp({
        logger: createLogger('fatal'),
        clusterStatus: () => [],
        metrics,
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('finds no problem in the Prometheus text exposition', async () => {
      const scrape = await app.inject({ method: 'GET', url: '/metrics' });
      expect(scrape.body).toContain('kestrel_broker_request_handler_idle_ratio');
      expect(scrape.body).toContain('kestrel_quorum_voter_lag');
      const result = await run(binary, ['check', 'metrics'], scrape.body);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  });
});
