import type { DeliveryFailure } from '../api.ts';
import type { Channel, DeliveryPolicy, DeliveryResult, Notification } from './channel.ts';
import { DeliveryError } from './http.ts';
import { redactText } from './redact.ts';

// One delivery = up to 1 + retries attempts, each bounded by its own timeout, separated by
// exponential backoff with jitter (so receivers recovering from an outage are not hit by every
// Kestrel at the same instant). A permanent failure (the far end refused the request: 403, a bad
// robot token) ends it at once: the same request would be refused again. It never throws: the
// result says what happened, for the notification log and the metrics. Only the caller's signal
// (shutdown) ends it early.

/**
 * Wait before retry number `retry` (1-based): backoffMs·2^(retry-1) capped at maxBackoffMs,
 * then "equal jitter": a random point in the upper half, so it keeps growing but never syncs.
 */
export function backoffDelay(
  retry: number,
  policy: DeliveryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface DeliverOptions {
  random?: () => number;
}

export async function deliver(
  channel: Channel,
  notification: Notification,
  policy: DeliveryPolicy,
  signal?: AbortSignal,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const base = { receiver: notification.receiver, channel: channel.type };
  const taken = (status: 'sent' | 'deferred', attempts: number): DeliveryResult => ({
    ...base,
    ok: true,
    status,
    failure: null,
    attempts,
    error: null,
  });
  const failed = (failure: DeliveryFailure, attempts: number, error: string): DeliveryResult => ({
    ...base,
    ok: false,
    status: 'failed',
    failure,
    attempts,
    error,
  });
  let lastError = 'not attempted';
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    if (signal?.aborted) return failed('retryable', attempt - 1, `aborted; last error: ${lastError}`);
    try {
      const outcome = await attemptOnce(channel, notification, policy.timeoutMs, signal);
      return taken(outcome === 'deferred' ? 'deferred' : 'sent', attempt);
    } catch (error) {
      lastError = redactText(describe(error));
      if (error instanceof DeliveryError && error.kind === 'permanent') {
        return failed('permanent', attempt, lastError);
      }
    }
    if (attempt <= policy.retries) {
      const waited = await sleep(backoffDelay(attempt, policy, options.random), signal);
      if (!waited) return failed('retryable', attempt, `aborted; last error: ${lastError}`);
    }
  }
  return failed('retryable', policy.retries + 1, lastError);
}

async function attemptOnce(
  channel: Channel,
  notification: Notification,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  // biome-ignore lint/suspicious/noConfusingVoidType: what Channel.send resolves to
): Promise<void | 'deferred'> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new AttemptTimeout(`timed out after ${timeoutMs} ms`)),
    timeoutMs,
  );
  const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
  try {
    // A channel that ignores its signal still cannot hold the delivery past the timeout.
    return await Promise.race([channel.send(notification, signal), rejectOnAbort(signal)]);
  } finally {
    clearTimeout(timer);
  }
}

class AttemptTimeout extends Error {}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
