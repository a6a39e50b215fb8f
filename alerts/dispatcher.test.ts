import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/store/open.ts';
import { notification } from '../test/support/notifications.ts';
import { deliver } from './channels/deliver.ts';
import { DeliveryError } from './channels/http.ts';
import { Dispatcher } from './dispatcher.ts';
import { AlertMetrics } from './metrics.ts';
import { AlertStore } from './store.ts';

describe('Dispatcher', () => {
  let dir: string;
  let db: Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-dispatcher-'));
    db = openDatabase(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs a deliver() that throws as a failure, without the token its error quotes', async () => {
    const store = new AlertStore(db);
    const channel = { type: 'webhook', send: async () => undefined };
    const dispatcher = new Dispatcher(
      [{ name: 'ops', channels: [channel] }],
      async () => {
        throw new Error('POST https://hooks.example/send?access_token=s3cr3t-token: boom');
      },
      () => ({ timeoutMs: 1000, retries: 0, backoffMs: 1, maxBackoffMs: 1 }),
      store,
      new AlertMetrics(new Registry()),
      () => 1_700_000_000_000,
    );
    const [result] = (await dispatcher.send(notification({ receiver: 'ops' }))) ?? [];
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result?.error).toContain('access_token=<redacted>');
    const [logged] = store.notifications({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 5 });
    expect(logged).toMatchObject({ status: 'failed', channel: 'webhook' });
    expect(logged?.error).not.toContain('s3cr3t-token');
  });

  it('logs a held message as deferred and a refusal as permanent, each as it happened', async () => {
    const store = new AlertStore(db);
    const held = { type: 'dingtalk', send: async () => 'deferred' as const };
    let refusals = 0;
    const refusing = {
      type: 'webhook',
      send: async () => {
        refusals++;
        throw new DeliveryError('POST http://hooks.example/h: HTTP 403 forbidden', 'permanent');
      },
    };
    const dispatcher = new Dispatcher(
      [{ name: 'ops', channels: [held, refusing] }],
      deliver,
      () => ({ timeoutMs: 1000, retries: 3, backoffMs: 1, maxBackoffMs: 1 }),
      store,
      new AlertMetrics(new Registry()),
      () => 1_700_000_000_000,
    );
    const results = await dispatcher.send(notification({ receiver: 'ops' }));
    expect(results).toMatchObject([
      { channel: 'dingtalk', ok: true, status: 'deferred', failure: null },
      { channel: 'webhook', ok: false, status: 'failed', failure: 'permanent', attempts: 1 },
    ]);
    expect(refusals).toBe(1);
    const logged = store.notifications({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 5 });
    expect(logged.map((r) => [r.channel, r.status, r.failure])).toEqual(
      expect.arrayContaining([
        ['dingtalk', 'deferred', null],
        ['webhook', 'failed', 'permanent'],
      ]),
    );
  });
});
