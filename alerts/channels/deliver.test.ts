import { describe, expect, it } from 'vitest';
import { notification } from '../../test/support/notifications.ts';
import type { Channel, DeliveryPolicy, Notification } from './channel.ts';
import { backoffDelay, deliver } from './deliver.ts';
import { DeliveryError } from './http.ts';

const policy: DeliveryPolicy = { timeoutMs: 10_000, retries: 3, backoffMs: 1_000, maxBackoffMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles from backoffMs, within the upper half of each step (equal jitter)', () => {
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1500);
  });

  it('never exceeds maxBackoffMs', () => {
    expect(backoffDelay(6, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(60, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(60, policy, () => 0)).toBe(15_000);
  });
});

/** A channel whose attempts fail as scripted; it records when each attempt started. */
function scripted(outcomes: ((signal: AbortSignal) => Promise<void>)[]): Channel & { starts: number[] } {
  const starts: number[] = [];
  return {
    type: 'scripted',
    starts,
    send(_n: Notification, signal: AbortSignal) {
      starts.push(performance.now());
      const next = outcomes[starts.length - 1] ?? (() => Promise.resolve());
      return next(signal);
    },
  };
}

const fail = (message: string) => () => Promise.reject(new Error(message));
const fast: DeliveryPolicy = { timeoutMs: 200, retries: 2, backoffMs: 20, maxBackoffMs: 40 };

describe('deliver', () => {
  it('succeeds on the first attempt', async () => {
    const channel = scripted([]);
    expect(await deliver(channel, notification(), fast)).toEqual({
      receiver: 'ops',
      channel: 'scripted',
      ok: true,
      status: 'sent',
      failure: null,
      attempts: 1,
      error: null,
    });
  });

  it('does not retry a permanent failure, and says it was permanent', async () => {
    const channel = scripted([
      () => Promise.reject(new DeliveryError('POST x: HTTP 403 forbidden', 'permanent')),
    ]);
    const result = await deliver(channel, notification(), fast);
    expect(channel.starts).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      status: 'failed',
      failure: 'permanent',
      attempts: 1,
      error: 'POST x: HTTP 403 forbidden',
    });
  });

  it('retries a retryable failure until the retries run out, and says it was retryable', async () => {
    const channel = scripted([
      fail('one'),
      () => Promise.reject(new DeliveryError('HTTP 503')),
      fail('three'),
    ]);
    const result = await deliver(channel, notification(), fast);
    expect(channel.starts).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, status: 'failed', failure: 'retryable', attempts: 3 });
  });

  it('reports a message a rate limit holds back as deferred, taken by the channel but not sent', async () => {
    const channel: Channel = { type: 'held', send: async () => 'deferred' };
    expect(await deliver(channel, notification(), fast)).toMatchObject({
      ok: true,
      status: 'deferred',
      failure: null,
      attempts: 1,
    });
  });

  it('retries after a failure, waiting the backoff in between', async () => {
    const channel = scripted([fail('HTTP 500'), fail('HTTP 502')]);
    const result = await deliver(channel, notification(), fast, undefined, { random: () => 1 });
    expect(result).toMatchObject({ ok: true, attempts: 3, error: null });
    const [a, b, c] = channel.starts as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(18);
    expect(c - b).toBeGreaterThanOrEqual(38);
  });

  it('gives up after 1 + retries attempts with the last error, redacted', async () => {
    const channel = scripted([
      fail('one'),
      fail('two'),
      fail('POST https://oapi.dingtalk.com/robot/send?access_token=abcdef123: HTTP 500'),
    ]);
    const result = await deliver(channel, notification(), fast);
    expect(result).toMatchObject({ ok: false, attempts: 3 });
    expect(result.error).toBe('POST https://oapi.dingtalk.com/robot/send?access_token=<redacted>: HTTP 500');
  });

  it('times out an attempt even when the channel ignores its signal', async () => {
    const hang = () => new Promise<void>(() => {});
    const channel = scripted([hang, hang, hang]);
    const started = performance.now();
    const result = await deliver(channel, notification(), { ...fast, timeoutMs: 50 });
    expect(result).toMatchObject({ ok: false, attempts: 3, error: 'timed out after 50 ms' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('hands the channel a signal that aborts at the timeout', async () => {
    let seen: unknown;
    const channel = scripted([
      (signal) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener('abort', () => {
            seen = signal.reason;
            reject(signal.reason);
          });
        }),
    ]);
    await deliver(channel, notification(), { ...fast, timeoutMs: 30, retries: 0 });
    expect(String(seen)).toContain('timed out after 30 ms');
  });

  it('stops retrying when the caller aborts (shutdown), without throwing', async () => {
    const controller = new AbortController();
    const channel = scripted([fail('HTTP 500'), fail('HTTP 500'), fail('HTTP 500')]);
    setTimeout(() => controller.abort(), 5);
    const result = await deliver(
      channel,
      notification(),
      { ...fast, backoffMs: 1_000, maxBackoffMs: 1_000 },
      controller.signal,
    );
    expect(result).toMatchObject({ ok: false, attempts: 1, error: 'aborted; last error: HTTP 500' });
  });

  it('never throws, whatever the channel throws', async () => {
    const channel: Channel = {
      type: 'odd',
      send: () => {
        throw 'a string';
      },
    };
    expect(await deliver(channel, notification(), { ...fast, retries: 0 })).toMatchObject({
      ok: false,
      error: 'a string',
    });
  });
});
