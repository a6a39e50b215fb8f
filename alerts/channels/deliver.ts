// PLACEHOLDER until the channels branch lands: attempts with a timeout each, exponential backoff.
import type { Channel, DeliveryPolicy, DeliveryResult, Notification } from './channel.ts';

export async function deliver(
  channel: Channel,
  notification: Notification,
  policy: DeliveryPolicy,
  signal?: AbortSignal,
): Promise<DeliveryResult> {
  let error = 'not attempted';
  let attempts = 0;
  for (let attempt = 0; attempt <= policy.retries && !signal?.aborted; attempt++) {
    if (attempt > 0) {
      const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, backoff * (0.5 + Math.random() / 2)));
    }
    attempts++;
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    try {
      await channel.send(notification, signal ? AbortSignal.any([signal, timeout]) : timeout);
      return { receiver: notification.receiver, channel: channel.type, ok: true, attempts, error: null };
    } catch (caught) {
      error = timeout.aborted ? `timed out after ${policy.timeoutMs} ms` : (caught as Error).message;
    }
  }
  return { receiver: notification.receiver, channel: channel.type, ok: false, attempts, error };
}
