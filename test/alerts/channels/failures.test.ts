// Failing receivers, counted on the server side: a 500, a receiver that never answers, a DingTalk
// error code, a closed port. Each is retried with growing backoff, ends as a failed result with
// a clear error and no secret, and never holds up the delivery to another receiver. A refusal
// (403, 404, a bad robot token, a refused keyword) is attempted once and reported as permanent.
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, DeliveryPolicy } from '../../../alerts/channels/channel.ts';
import {
  type ChannelConfig,
  type ChannelDeps,
  channelSchema,
  createChannel,
  type DeliveryResult,
  deliver,
} from '../../../alerts/channels/index.ts';
import type { Clock } from '../../../alerts/channels/rate-limiter.ts';
import { freePort } from '../../../local-kafka/ports.ts';
import { createLogger } from '../../../server/shared/logger.ts';
import { notification } from '../../support/notifications.ts';
import { type Handler, json, type Receiver, startReceiver } from './receivers.ts';
import { dingtalkRobot } from './vendors.ts';

const logger = createLogger('silent');
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

async function receiver(handler: Handler): Promise<Receiver> {
  const r = await startReceiver(handler);
  opened.push(r);
  return r;
}

function channel(input: Record<string, unknown>, extra: Partial<ChannelDeps> = {}): Channel {
  const config: ChannelConfig = channelSchema.parse(input);
  const c = createChannel(config, { logger, ...extra });
  opened.push({ close: async () => c.close?.() });
  return c;
}

const policy: DeliveryPolicy = { timeoutMs: 1_000, retries: 3, backoffMs: 100, maxBackoffMs: 400 };

/** Gaps between consecutive arrivals, in ms. */
const gaps = (r: Receiver) => r.requests.slice(1).map((q, i) => q.at - r.requests[i]!.at);

describe('failing receivers', () => {
  it('HTTP 500: 1 + retries attempts with doubling backoff, then failed, no token in the error', async () => {
    const hook = await receiver(() => ({
      status: 500,
      body: 'upstream broken while handling token tok-secret-42',
    }));
    const c = channel({
      type: 'webhook',
      url: `${hook.origin}/hook?token=tok-secret-42`,
      bearerToken: 'bearer-secret',
    });
    const result = await deliver(c, notification(), policy);
    expect(hook.requests).toHaveLength(4);
    expect(result).toEqual({
      receiver: 'ops',
      channel: 'webhook',
      ok: false,
      status: 'failed',
      failure: 'retryable',
      attempts: 4,
      error: `POST ${hook.origin}/hook?token=<redacted>: HTTP 500 upstream broken while handling token <redacted>`,
    });
    // Equal jitter: each wait is at least half of 100, 200, 400 ms.
    const [g1, g2, g3] = gaps(hook) as [number, number, number];
    expect(g1).toBeGreaterThanOrEqual(45);
    expect(g2).toBeGreaterThanOrEqual(95);
    expect(g3).toBeGreaterThanOrEqual(195);
    expect(g3).toBeLessThan(1_000);
  });

  it('a receiver that never answers: each attempt times out, then failed', async () => {
    const hook = await receiver(() => ({ delayMs: 30_000 }));
    const c = channel({ type: 'slack', url: `${hook.origin}/services/T/B/secretpath` });
    const started = performance.now();
    const result = await deliver(c, notification(), { ...policy, timeoutMs: 300, retries: 2 });
    expect(hook.requests).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, attempts: 3, error: 'timed out after 300 ms' });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('DingTalk HTTP 200 with a busy errcode: a failure, retried, reported with errcode and errmsg only', async () => {
    const robot = await receiver(() => ({ body: { errcode: -1, errmsg: '系统繁忙' } }));
    const c = channel({
      type: 'dingtalk',
      url: `${robot.origin}/robot/send?access_token=ding-token-7`,
      secret: 'SECding-secret',
    });
    const result = await deliver(c, notification(), { ...policy, retries: 2 });
    expect(robot.requests).toHaveLength(3);
    expect(result).toMatchObject({
      ok: false,
      failure: 'retryable',
      attempts: 3,
      error: 'DingTalk errcode -1: 系统繁忙',
    });
  });

  it.each([
    [403, 'forbidden'],
    [404, 'no such hook'],
    [401, 'bad credentials'],
    [400, 'malformed'],
  ])('HTTP %i: attempted once, reported as permanent', async (status, body) => {
    const hook = await receiver(() => ({ status, body }));
    const result = await deliver(
      channel({ type: 'webhook', url: `${hook.origin}/h` }),
      notification(),
      policy,
    );
    expect(hook.requests).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      status: 'failed',
      failure: 'permanent',
      attempts: 1,
      error: expect.stringMatching(new RegExp(`^POST .*: HTTP ${status} ${body}$`)),
    });
  });

  it('HTTP 503 and 429: retried until the receiver takes it', async () => {
    let calls = 0;
    const hook = await receiver(() =>
      ++calls === 1 ? { status: 503, body: 'overloaded' } : calls === 2 ? { status: 429 } : { body: '' },
    );
    const result = await deliver(
      channel({ type: 'webhook', url: `${hook.origin}/h` }),
      notification(),
      policy,
    );
    expect(hook.requests).toHaveLength(3);
    expect(result).toMatchObject({ ok: true, status: 'sent', attempts: 3 });
  });

  it('DingTalk: a wrong token, a missing keyword or a bad signature is attempted once, as permanent', async () => {
    const robot = await receiver(
      dingtalkRobot({ accessToken: 'right', secret: 'SECright', keyword: 'Kafka' }),
    );
    const attempt = (input: Record<string, unknown>) =>
      deliver(channel({ type: 'dingtalk', ...input }), notification(), policy);
    const wrongToken = await attempt({
      url: `${robot.origin}/robot/send?access_token=wrong`,
      secret: 'SECright',
    });
    expect(wrongToken).toMatchObject({
      failure: 'permanent',
      attempts: 1,
      error: 'DingTalk errcode 300001: token is not exist',
    });
    const wrongSecret = await attempt({
      url: `${robot.origin}/robot/send?access_token=right`,
      secret: 'SECwrong',
      keyword: 'Kafka',
    });
    expect(wrongSecret).toMatchObject({ failure: 'permanent', attempts: 1 });
    expect(wrongSecret.error).toMatch(/^DingTalk errcode 310000: sign not match/);
    expect(wrongSecret.error).not.toContain('SECwrong');
    expect(robot.requests).toHaveLength(2);
  });

  it('recovers when the receiver comes back between attempts', async () => {
    let calls = 0;
    const hook = await receiver(() =>
      ++calls < 3 ? { status: 503, body: 'starting' } : { status: 200, body: '' },
    );
    const result = await deliver(
      channel({ type: 'webhook', url: `${hook.origin}/h` }),
      notification(),
      policy,
    );
    expect(result).toMatchObject({ ok: true, attempts: 3, error: null });
  });

  it('a closed port: the network error is named, nothing else', async () => {
    const port = await freePort();
    const c = channel({
      type: 'wecom',
      url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=wecom-key-1`,
    });
    const result = await deliver(c, notification(), {
      ...policy,
      retries: 1,
      backoffMs: 10,
      maxBackoffMs: 10,
    });
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(2);
    expect(result.error).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?key=<redacted>: .*ECONNREFUSED/,
    );
    expect(result.error).not.toContain('wecom-key-1');
  });

  it('a slow receiver does not delay another receiver', async () => {
    const slow = await receiver(() => ({ delayMs: 2_000, body: '' }));
    const fast = await receiver(() => ({ body: { errcode: 0, errmsg: 'ok' } }));
    const started = performance.now();
    let fastDoneAt = 0;
    const [slowResult, fastResult] = await Promise.all([
      deliver(channel({ type: 'webhook', url: `${slow.origin}/h` }), notification(), {
        ...policy,
        timeoutMs: 5_000,
      }),
      deliver(channel({ type: 'wecom', url: `${fast.origin}/send?key=k` }), notification(), policy).then(
        (r) => {
          fastDoneAt = performance.now() - started;
          return r;
        },
      ),
    ]);
    expect(fastResult.ok).toBe(true);
    expect(slowResult.ok).toBe(true);
    expect(fastDoneAt).toBeLessThan(1_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
  });
});

describe('DingTalk rate limit', () => {
  it('over the limit, the excess reaches the robot as one signed summary when the window allows', async () => {
    const robot = await receiver(dingtalkRobot({ accessToken: 'tok', secret: 'SECrate', keyword: 'Kafka' }));
    let time = Date.now();
    const timers: { at: number; fn: () => void }[] = [];
    const clock: Clock = {
      now: () => time,
      setTimeout: (fn, ms) => timers.push({ at: time + ms, fn }),
      clearTimeout: () => {},
    };
    const c = channel(
      {
        type: 'dingtalk',
        url: `${robot.origin}/robot/send?access_token=tok`,
        secret: 'SECrate',
        keyword: 'Kafka',
        messagesPerMinute: 2,
      },
      { clock, onDeferred: (result, merged) => deferred.push({ result, merged: merged.length }) },
    );
    const deferred: { result: DeliveryResult; merged: number }[] = [];
    const results = [];
    for (let i = 0; i < 5; i++) {
      results.push(await deliver(c, notification({ groupKey: `g${i}` }), policy));
      time += 1_000;
    }
    // All five accepted: two sent now, three held for the summary, and said so.
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'deferred', 'deferred', 'deferred']);
    expect(robot.requests).toHaveLength(2);
    expect(timers.map((t) => t.at - time)).toEqual([55_000]);
    time += 55_000;
    timers.shift()!.fn();
    await expect.poll(() => robot.requests.length).toBe(3);
    const summary = json(robot.requests[2]) as { markdown: { title: string; text: string } };
    expect(summary.markdown.title).toBe('Kafka [Kestrel] 3 notifications merged');
    expect(summary.markdown.text.match(/\[FIRING:2\] KafkaIsrShrink/g)).toHaveLength(3);
    // The robot checked signature and keyword of every message, the summary too: none refused.
    expect(robot.requests.map((r) => r.answer?.body)).toEqual(Array(3).fill({ errcode: 0, errmsg: 'ok' }));
    await expect
      .poll(() => deferred)
      .toEqual([
        {
          result: {
            receiver: 'ops',
            channel: 'dingtalk',
            ok: true,
            status: 'sent',
            failure: null,
            attempts: 1,
            error: null,
          },
          merged: 3,
        },
      ]);
  });
});

describe("DingTalk's own rate limit (errcode 130101)", () => {
  it('holds the message as deferred, not failed or sent, and sends it in the summary a window later', async () => {
    let tooFast = true;
    const robot = await receiver(() =>
      tooFast
        ? { body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } }
        : { body: { errcode: 0, errmsg: 'ok' } },
    );
    let time = Date.now();
    const timers: { at: number; fn: () => void }[] = [];
    const clock: Clock = {
      now: () => time,
      setTimeout: (fn, ms) => timers.push({ at: time + ms, fn }),
      clearTimeout: () => {},
    };
    const deferred: { result: DeliveryResult; merged: number }[] = [];
    const c = channel(
      { type: 'dingtalk', url: `${robot.origin}/robot/send?access_token=tok` },
      { clock, onDeferred: (result, merged) => deferred.push({ result, merged: merged.length }) },
    );
    const result = await deliver(c, notification(), policy);
    // One request, not 1 + retries: hammering a robot that said "too fast" only prolongs its mute.
    expect(robot.requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, status: 'deferred', failure: null, attempts: 1, error: null });
    // Held for a whole window although Kestrel's own count had room (1 of 20).
    expect(timers.map((t) => t.at - time)).toEqual([60_000]);
    tooFast = false;
    time += 60_000;
    timers.shift()!.fn();
    await expect.poll(() => deferred).toHaveLength(1);
    expect(robot.requests).toHaveLength(2);
    expect(deferred[0]).toMatchObject({ result: { ok: true, status: 'sent' }, merged: 1 });
  });
});

describe('DingTalk rate limit at shutdown', () => {
  it('reports held notifications as not sent rather than losing them silently', async () => {
    const robot = await receiver(dingtalkRobot({ accessToken: 'tok' }));
    const deferred: { result: DeliveryResult; merged: number }[] = [];
    const c = channel(
      { type: 'dingtalk', url: `${robot.origin}/robot/send?access_token=tok`, messagesPerMinute: 1 },
      { onDeferred: (result, merged) => deferred.push({ result, merged: merged.length }) },
    );
    await deliver(c, notification(), policy);
    await deliver(c, notification(), policy);
    await c.close?.();
    expect(robot.requests).toHaveLength(1);
    expect(deferred).toEqual([
      {
        result: {
          receiver: 'ops',
          channel: 'dingtalk',
          ok: false,
          status: 'failed',
          failure: 'retryable',
          attempts: 0,
          error: 'held by the DingTalk rate limit and not sent before shutdown',
        },
        merged: 1,
      },
    ]);
  });

  it('cuts the retries of a summary under way short, and reports it as failed', async () => {
    // Takes the first message, then goes down.
    let answered = 0;
    const robot = await receiver(() =>
      answered++ === 0 ? { body: { errcode: 0, errmsg: 'ok' } } : { status: 500, body: 'down' },
    );
    const timers: (() => void)[] = [];
    let time = Date.now();
    const clock: Clock = { now: () => time, setTimeout: (fn) => timers.push(fn), clearTimeout: () => {} };
    const deferred: DeliveryResult[] = [];
    const c = channel(
      {
        type: 'dingtalk',
        url: `${robot.origin}/robot/send?access_token=tok`,
        messagesPerMinute: 1,
        delivery: { retries: 5, backoff: '30s', maxBackoff: '30s' },
      },
      { clock, onDeferred: (result) => deferred.push(result) },
    );
    await deliver(c, notification(), policy);
    await deliver(c, notification(), policy); // held
    time += 60_000;
    timers.shift()!(); // the summary's first attempt fails; the next waits 15-30 s
    await expect.poll(() => robot.requests.length).toBe(2);
    const started = Date.now();
    await c.close?.();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(deferred).toMatchObject([{ ok: false, attempts: 1, error: expect.stringMatching(/^aborted/) }]);
  });
});
