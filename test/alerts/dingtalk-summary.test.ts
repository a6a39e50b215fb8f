// DingTalk allows 20 messages a minute per robot; what goes over is merged into one summary that
// the channel sends later on its own. That summary must still reach the notification log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../alerts/channels/rate-limiter.ts';
import { createAlertsEngine } from '../../alerts/index.ts';
import { alertsSchema } from '../../server/config/alerts.ts';
import { openDatabase } from '../../server/store/index.ts';
import { type Receiver, startReceiver } from './channels/receivers.ts';
import { dingtalkRobot } from './channels/vendors.ts';

describe('a DingTalk summary sent after the rate limit', () => {
  let robot: Receiver;
  let dir: string;

  beforeAll(async () => {
    robot = await startReceiver(dingtalkRobot({ accessToken: 'tok', secret: 'SECsum', keyword: 'Kafka' }));
    dir = mkdtempSync(join(tmpdir(), 'kestrel-dingtalk-summary-'));
  });
  afterAll(async () => {
    await robot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is logged in the notification log next to the messages sent at once; the held one as deferred', async () => {
    let time = Date.now();
    const timers: (() => void)[] = [];
    const channelClock: Clock = {
      now: () => time,
      setTimeout: (fn) => timers.push(fn),
      clearTimeout: () => {},
    };
    const db = openDatabase(dir);
    const engine = createAlertsEngine({
      config: alertsSchema.parse({
        receivers: [
          {
            name: 'ops',
            channels: [
              {
                type: 'dingtalk',
                url: `${robot.origin}/robot/send?access_token=tok`,
                secret: 'SECsum',
                keyword: 'Kafka',
                messagesPerMinute: 1,
              },
            ],
          },
        ],
      }),
      clusters: ['prod'],
      db,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      invalidate: () => {},
      channelClock,
    });
    try {
      await engine.testSend('ops');
      await engine.testSend('ops'); // over the limit: accepted and held
      expect(robot.requests).toHaveLength(1);
      expect(timers).toHaveLength(1);
      time += 60_000; // the window has room again
      timers.shift()!();
      await expect.poll(() => robot.requests.length).toBe(2);
      const range = { from: 0, to: Date.now() + 60_000, limit: 10 };
      await expect.poll(() => engine.notifications(range).length).toBe(3);
      // Oldest first: sent at once, held by the limit (deferred, not sent), then the summary sent.
      const log = engine.notifications(range).toReversed();
      expect(log.map((row) => [row.channel, row.status, row.failure])).toEqual([
        ['dingtalk', 'sent', null],
        ['dingtalk', 'deferred', null],
        ['dingtalk', 'sent', null],
      ]);
      expect(JSON.parse(robot.requests[1]!.body).markdown.title).toMatch(/merged/);
    } finally {
      await engine.close();
      db.close();
    }
  });
});
