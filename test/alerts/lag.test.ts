// End to end on a real 1-broker cluster and the real Kestrel process: a consumer falling
// behind → a lag alert; it catches up → resolved. One receiver answers 500 and one never
// answers: both are retried with backoff, logged and counted, and the good one is not held up.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationLogEntry } from '../../alerts/api.ts';
import { createTopics } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { produceAt, runConsumer } from '../collector/support.ts';
import { findBinary, run } from '../metrics/support.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const TOPIC = 'invoices';
const GROUP = 'billing';

describe('consumer-lag alert and failing receivers', () => {
  let kafka: KafkaCluster;
  let good: Receiver;
  let broken: Receiver;
  let stuck: Receiver;
  let kestrel: KestrelProcess;

  beforeAll(async () => {
    [kafka, good, broken, stuck] = await Promise.all([
      startCluster({ brokers: 1 }),
      startReceiver('ok'),
      startReceiver('error'),
      startReceiver('hang'),
    ]);
    await createTopics(kafka, [{ topic: TOPIC, numPartitions: 2 }]);
    // Short retries so the failing receivers' three attempts fit in the test.
    const delivery = { timeout: '1500ms', retries: 2, backoff: '200ms', maxBackoff: '1s' };
    const webhook = (r: Receiver) => [{ type: 'webhook', url: r.url, delivery }];
    kestrel = await startKestrel({
      config: {
        clusters: [{ name: 'lagtest', brokers: kafka.bootstrap, pollInterval: '2s' }],
        alerts: {
          rules: [
            {
              name: 'ConsumerLagHigh',
              kind: 'consumerLag',
              threshold: 50,
              group: GROUP,
              receivers: ['good', 'broken', 'stuck'],
            },
          ],
          receivers: [
            { name: 'good', channels: webhook(good) },
            { name: 'broken', channels: webhook(broken) },
            { name: 'stuck', channels: webhook(stuck) },
          ],
          route: { groupWait: '1s', groupInterval: '4s' },
        },
      },
    });
    await eventually(async () =>
      (await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined,
    );
  });
  afterAll(async () => {
    await kestrel?.stop();
    await Promise.all([kafka?.stop(), good?.close(), broken?.close(), stuck?.close()]);
  });

  it('alerts when the consumer falls behind and resolves when it catches up; failures are retried, logged and counted', async () => {
    // The consumer reads everything there is, then stops while 200 more messages arrive.
    await produceAt(kafka, TOPIC, 10);
    const consumer = await runConsumer(kafka, GROUP, TOPIC);
    await waitForLag(kestrel, (lag) => lag === 0);
    await consumer.disconnect();
    await produceAt(kafka, TOPIC, 200);

    const [firing] = await eventually(
      async () => some(good.matching('ConsumerLagHigh', 'firing')),
      60_000,
      'the lag alert',
    );
    const alert = firing!.body.alerts[0]!;
    expect(alert.labels).toMatchObject({
      cluster: 'lagtest',
      group: GROUP,
      topic: TOPIC,
      severity: 'warning',
    });
    // 200 messages behind, or (should a poll land mid-append) fewer but above the threshold.
    const behind = Number(
      /^Group billing is (\d+) messages behind on invoices$/.exec(alert.annotations.summary!)?.[1],
    );
    expect(behind).toBeGreaterThan(50);
    expect(behind).toBeLessThanOrEqual(200);
    // The notification says why: the consumer left the group (the backlog doctor's first finding).
    expect(alert.annotations.description).toContain('Why: No consumer is running in this group (Empty)');

    // The good receiver was not held up by the one that never answers (1.5 s per attempt).
    const stuckFirst = await eventually(
      async () => stuck.requests[0],
      10_000,
      'the stuck receiver to be tried',
    );
    expect(Math.abs(firing!.at - stuckFirst.at)).toBeLessThan(1000);

    // Each failing receiver: 3 attempts (1 + 2 retries) with backoff, then one failed log row.
    const log = await eventually(
      async () => {
        const rows = notificationLog(kestrel);
        const failed = rows.filter((r) => r.status === 'failed');
        return new Set(failed.map((r) => r.receiver)).size === 2 ? rows : undefined;
      },
      30_000,
      'failed deliveries in the notification log',
    );
    const firstFailure = (receiver: string) =>
      log.filter((r) => r.receiver === receiver && r.status === 'failed').at(-1)!;
    expect(firstFailure('broken')).toMatchObject({
      channel: 'webhook',
      kind: 'firing',
      attempts: 3,
    });
    // The receiver's URL is a secret: the error names the status, never the URL.
    expect(firstFailure('broken').error).toMatch(/^POST <redacted>: HTTP 500/);
    expect(firstFailure('stuck')).toMatchObject({ channel: 'webhook', kind: 'firing', attempts: 3 });
    expect(firstFailure('stuck').error).toMatch(/timed out/);
    expect(log.find((r) => r.receiver === 'good')).toMatchObject({
      status: 'sent',
      attempts: 1,
      error: null,
    });
    const attempts = broken.requests.slice(0, 3).map((r) => r.at);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(90); // 200 ms backoff, jitter ≥ 50 %
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(190); // doubled

    const metrics = await (await fetch(`${kestrel.url}/metrics`)).text();
    expect(
      counter(metrics, 'kestrel_notifications_total{receiver="good",channel="webhook",status="sent"}'),
    ).toBe(1);
    expect(
      counter(metrics, 'kestrel_notifications_total{receiver="broken",channel="webhook",status="failed"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      counter(metrics, 'kestrel_notification_attempts_total{receiver="broken",channel="webhook"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      counter(metrics, 'kestrel_notification_attempt_failures_total{receiver="stuck",channel="webhook"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      counter(
        metrics,
        'kestrel_alerts_firing{cluster="lagtest",alertname="ConsumerLagHigh",severity="warning"}',
      ),
    ).toBe(1);

    // The engine's series are well-formed Prometheus text (promtool from Debian's prometheus package).
    const promtool = findBinary('promtool');
    if (promtool) {
      const lint = await run(promtool, ['check', 'metrics'], metrics);
      expect(lint.stdout + lint.stderr).toBe('');
    }

    // The failing receivers recover; the consumer catches up: everyone hears it is resolved.
    broken.mode = 'ok';
    stuck.mode = 'ok';
    const catchingUp = await runConsumer(kafka, GROUP, TOPIC);
    try {
      await eventually(
        async () => some(good.matching('ConsumerLagHigh', 'resolved')),
        60_000,
        'the resolved notification',
      );
      await eventually(
        async () => some(broken.matching('ConsumerLagHigh', 'resolved')),
        30_000,
        'the retried resolution (500 receiver)',
      );
      await eventually(
        async () => some(stuck.matching('ConsumerLagHigh', 'resolved')),
        30_000,
        'the retried resolution (hung receiver)',
      );
    } finally {
      await catchingUp.disconnect();
    }
    expect(good.matching('ConsumerLagHigh', 'firing')).toHaveLength(1);
  });
});

function some<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

function counter(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

/** The notification log as Kestrel wrote it to its SQLite file, newest first. */
function notificationLog(kestrel: KestrelProcess): NotificationLogEntry[] {
  const db = new BetterSqlite3(join(kestrel.dataDir, 'kestrel.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], NotificationLogEntry>('SELECT * FROM notification_log ORDER BY id DESC').all();
  } finally {
    db.close();
  }
}

async function waitForLag(kestrel: KestrelProcess, ok: (lag: number) => boolean): Promise<void> {
  await eventually(
    async () => {
      const { status, body } = await getJson(`${kestrel.url}/api/v1/clusters/lagtest/groups/${GROUP}`);
      return status === 200 && typeof body.lag === 'number' && ok(body.lag) ? true : undefined;
    },
    60_000,
    `the lag of ${GROUP}`,
  );
}
