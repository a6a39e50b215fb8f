import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../server/collector/snapshot.ts';
import { alertsSchema } from '../server/config/alerts.ts';
import { openDatabase } from '../server/store/open.ts';
import { snapshot, topic } from '../test/support/snapshot-fixtures.ts';
import type { Channel, Notification } from './channels/channel.ts';
import { deliver } from './channels/deliver.ts';
import { DeliveryError } from './channels/http.ts';
import { Dispatcher } from './dispatcher.ts';
import { AlertsEngine } from './engine.ts';
import { AlertMetrics } from './metrics.ts';
import { AlertStore } from './store.ts';

/** A channel that keeps what it is sent in memory, or fails when told to. */
class InboxChannel implements Channel {
  readonly type = 'inbox';
  readonly received: Notification[] = [];
  failing = false;
  refusing = false;
  async send(notification: Notification): Promise<void> {
    if (this.failing) throw new Error('HTTP 500');
    if (this.refusing) throw new DeliveryError('HTTP 403 forbidden', 'permanent');
    this.received.push(notification);
  }
}

const config = alertsSchema.parse({
  rules: [{ name: 'IsrShrink', kind: 'isrShrink' }],
  // The engine routes by name; the dispatcher below gives "ops" an in-memory channel.
  receivers: [{ name: 'ops', channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/unused' }] }],
  route: { groupWait: '5s', groupInterval: '1m', repeatInterval: '1h' },
});

/** A 3-partition topic whose partitions in `shrunk` lost broker 3 from the ISR. */
function cycle(at: number, shrunk: number[] = []): ClusterSnapshot {
  const t = topic('orders', [10, 10, 10]);
  const partitions = t.partitions.map((p) => (shrunk.includes(p.partition) ? { ...p, isr: [1, 2] } : p));
  return snapshot({ cluster: 'prod', at, topics: [{ ...t, partitions }] });
}

describe('AlertsEngine', () => {
  let dir: string;
  let db: Database;
  let now: number;
  let inbox: InboxChannel;
  let registry: Registry;
  const engines: AlertsEngine[] = [];

  function start(clusters?: string[], tickMs = 3_600_000): AlertsEngine {
    const store = new AlertStore(db);
    const metrics = new AlertMetrics(registry);
    const policy = { timeoutMs: 1000, retries: 1, backoffMs: 1, maxBackoffMs: 1 };
    const dispatcher = new Dispatcher(
      [{ name: 'ops', channels: [inbox] }],
      deliver,
      () => policy,
      store,
      metrics,
      () => now,
    );
    const engine = new AlertsEngine({
      config,
      store,
      dispatcher,
      metrics,
      logger: pino({ level: 'silent' }),
      clock: () => now,
      clusters,
      tickMs,
    });
    engines.push(engine);
    return engine;
  }

  /** Observes a snapshot taken now and waits for the deliveries it started. */
  async function observe(engine: AlertsEngine, shrunk: number[]): Promise<void> {
    engine.observe(cycle(now, shrunk));
    await engine.settled();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-alerts-'));
    db = openDatabase(dir);
    now = 1_700_000_000_000;
    inbox = new InboxChannel();
    registry = new Registry();
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('notifies once after groupWait, then the resolution, and keeps the episode in the history', async () => {
    const engine = start();
    await observe(engine, [0, 2]);
    expect(inbox.received).toHaveLength(0);
    expect(engine.alerts().map((a) => [a.labels.partition, a.state])).toEqual([
      ['0', 'firing'],
      ['2', 'firing'],
    ]);
    now += 15_000;
    await observe(engine, [0, 2]);
    expect(inbox.received).toHaveLength(1);
    expect(inbox.received[0]!.alerts.map((a) => a.annotations.summary)).toEqual([
      'ISR of orders-0 shrank: broker 3 out of sync',
      'ISR of orders-2 shrank: broker 3 out of sync',
    ]);
    now += 60_000;
    await observe(engine, []);
    expect(inbox.received.map((n) => n.kind)).toEqual(['firing', 'resolved']);
    expect(engine.alerts()).toEqual([]);
    const history = engine.history({ from: 0, to: now, limit: 10 });
    expect(history.map((h) => h.resolvedAt)).toEqual([now, now]);
    const log = engine.notifications({ from: 0, to: now, limit: 10 });
    expect(log.map((l) => [l.kind, l.status, l.alerts])).toEqual([
      ['resolved', 'sent', 2],
      ['firing', 'sent', 2],
    ]);
    const text = await registry.metrics();
    expect(text).toMatch(/kestrel_notifications_total\{receiver="ops",channel="inbox",status="sent"\} 2/);
  });

  it('after a restart on the same database, neither repeats the notification nor forgets the resolution', async () => {
    const first = start();
    await observe(first, [1]);
    now += 15_000;
    await observe(first, [1]);
    expect(inbox.received).toHaveLength(1);
    await first.close();
    registry = new Registry(); // a new process has a new registry

    const second = start();
    expect(second.alerts()).toEqual([expect.objectContaining({ state: 'firing', firedAt: now - 15_000 })]);
    for (let i = 0; i < 4; i++) {
      now += 15_000;
      await observe(second, [1]);
    }
    expect(inbox.received).toHaveLength(1);
    now += 15_000;
    await observe(second, []);
    expect(inbox.received.map((n) => n.kind)).toEqual(['firing', 'resolved']);
  });

  it('resolves, and announces so, the alerts of a cluster removed from the config', async () => {
    const first = start();
    await observe(first, [0]);
    now += 15_000;
    await observe(first, [0]);
    await first.close();
    registry = new Registry();
    const second = start(['other']);
    expect(second.alerts()).toEqual([]);
    now += 60_000;
    second.observe(snapshot({ cluster: 'other', at: now }));
    await second.settled();
    expect(inbox.received.map((n) => n.kind)).toEqual(['firing', 'resolved']);
    expect(second.history({ from: 0, to: now, limit: 5 })[0]!.resolvedAt).toBe(now - 60_000);
  });

  it('a silence mutes without losing state; expiring it lets the notification through', async () => {
    const engine = start();
    const silence = engine.createSilence({
      matchers: [{ name: 'topic', value: 'ord.*', isRegex: true, isEqual: true }],
      endsAt: now + 3_600_000,
      createdBy: 'alice',
      comment: 'maintenance',
    });
    expect(silence.status).toBe('active');
    await observe(engine, [0]);
    now += 15_000;
    await observe(engine, [0]);
    expect(inbox.received).toHaveLength(0);
    expect(engine.alerts()).toEqual([expect.objectContaining({ state: 'firing', silenced: true })]);
    expect(engine.expireSilence(silence.id)?.status).toBe('expired');
    expect(engine.expireSilence('no-such-id')).toBeUndefined();
    now += 15_000;
    await observe(engine, [0]);
    now += 15_000;
    await observe(engine, [0]);
    expect(inbox.received).toHaveLength(1);
    expect(engine.alerts()[0]!.silenced).toBe(false);
  });

  it('refuses a silence without matchers, with a bad regex or ending before it starts', () => {
    const engine = start();
    const base = { endsAt: now + 1000, createdBy: 'a', comment: 'c' };
    expect(() => engine.createSilence({ ...base, matchers: [] })).toThrow(/at least one matcher/);
    expect(() =>
      engine.createSilence({ ...base, matchers: [{ name: 'a', value: '(', isRegex: true, isEqual: true }] }),
    ).toThrow(/invalid regex/);
    expect(() =>
      engine.createSilence({
        ...base,
        startsAt: now + 2000,
        matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: true }],
      }),
    ).toThrow(/endsAt must be after startsAt/);
  });

  it('logs and counts a failed delivery, and retries the group after groupInterval', async () => {
    const engine = start();
    inbox.failing = true;
    await observe(engine, [0]);
    now += 15_000;
    await observe(engine, [0]);
    expect(engine.notifications({ from: 0, to: now, limit: 10 })).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 2, error: 'HTTP 500' }),
    ]);
    inbox.failing = false;
    now += 30_000;
    await observe(engine, [0]);
    expect(inbox.received).toHaveLength(0);
    now += 30_000;
    await observe(engine, [0]);
    expect(inbox.received).toHaveLength(1);
    expect(await registry.metrics()).toMatch(
      /kestrel_notification_attempt_failures_total\{receiver="ops",channel="inbox"\} 2/,
    );
  });

  it('does not send a group again when every channel refused it permanently', async () => {
    const engine = start();
    inbox.refusing = true;
    await observe(engine, [0]);
    now += 15_000;
    await observe(engine, [0]);
    expect(engine.notifications({ from: 0, to: now, limit: 10 })).toEqual([
      expect.objectContaining({
        status: 'failed',
        failure: 'permanent',
        attempts: 1,
        error: 'HTTP 403 forbidden',
      }),
    ]);
    inbox.refusing = false;
    // Past groupInterval: a retryable failure would be sent again now (see the test above).
    now += 60_000;
    await observe(engine, [0]);
    expect(inbox.received).toHaveLength(0);
    expect(engine.notifications({ from: 0, to: now, limit: 10 })).toHaveLength(1);
  });

  it('test-sends to every channel of a receiver and logs it; lists receivers without their targets', async () => {
    const engine = start();
    expect(engine.receivers()).toEqual([{ name: 'ops', channels: ['inbox'] }]);
    expect(await engine.testSend('nobody')).toBeUndefined();
    expect(await engine.testSend('ops')).toEqual([
      {
        receiver: 'ops',
        channel: 'inbox',
        ok: true,
        status: 'sent',
        failure: null,
        attempts: 1,
        error: null,
      },
    ]);
    expect(inbox.received).toEqual([expect.objectContaining({ kind: 'test', receiver: 'ops' })]);
    expect(engine.notifications({ from: 0, to: now, limit: 5 })).toEqual([
      expect.objectContaining({ kind: 'test', status: 'sent', alerts: 1 }),
    ]);
  });

  it('writes a state change at once and a steady alert’s last-seen time once a minute', async () => {
    const rows = () =>
      db
        .prepare<[], { state: string; last_seen_at: number }>(
          'SELECT state, last_seen_at FROM alert_instance ORDER BY fingerprint',
        )
        .all();
    const engine = start();
    const firstSeen = now;
    await observe(engine, [0]);
    expect(rows()).toEqual([{ state: 'firing', last_seen_at: firstSeen }]);
    for (let i = 0; i < 3; i++) {
      now += 15_000;
      await observe(engine, [0]);
    }
    // Nothing but the last-seen time moved: the row is as first written.
    expect(rows()).toEqual([{ state: 'firing', last_seen_at: firstSeen }]);
    now += 15_000; // 60 s since the write
    await observe(engine, [0]);
    expect(rows()).toEqual([{ state: 'firing', last_seen_at: now }]);
    now += 15_000;
    await observe(engine, [0, 1]); // a new instance is written at once, the steady one waits
    const seen = rows().map((r) => r.last_seen_at);
    expect(seen.sort((a, b) => a - b)).toEqual([now - 15_000, now]);
    now += 15_000;
    await observe(engine, []);
    expect(rows()).toEqual([]);
  });

  it('still notifies when the alert state cannot be written', async () => {
    const engine = start();
    await observe(engine, [0]);
    db.exec('DROP TABLE alert_group'); // the step's write fails
    now += 15_000;
    await observe(engine, [0]);
    expect(inbox.received).toHaveLength(1);
  });

  it('prunes the notification log, resolved episodes and expired silences after the retention', async () => {
    const engine = start(undefined, 20);
    await engine.testSend('ops');
    engine.createSilence({
      matchers: [{ name: 'topic', value: 'x', isRegex: false, isEqual: true }],
      endsAt: now + 60_000,
      createdBy: 'a',
      comment: 'c',
    });
    now += 29 * 86_400_000;
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.notifications({ from: 0, to: now, limit: 5 })).toHaveLength(1);
    await engine.close(); // the next hourly prune would only come an hour later
    registry = new Registry();
    const later = start(undefined, 20);
    now += 2 * 86_400_000;
    await new Promise((r) => setTimeout(r, 100));
    expect(later.notifications({ from: 0, to: now, limit: 5 })).toEqual([]);
    expect(later.silences()).toEqual([]);
  });

  it('never throws into the collector, and counts the failure', async () => {
    const engine = start();
    const broken = { ...cycle(now), topics: null } as unknown as ClusterSnapshot;
    expect(() => engine.observe(broken)).not.toThrow();
    expect(await registry.metrics()).toMatch(/kestrel_alert_evaluation_failures_total\{cluster="prod"\} 1/);
  });

  it('lists the default rules when none are configured', () => {
    const engine = start();
    expect(engine.rules()).toEqual([
      expect.objectContaining({ name: 'IsrShrink', kind: 'isrShrink', receivers: ['ops'] }),
    ]);
    expect(alertsSchema.parse({}).rules).toEqual([]);
  });
});
