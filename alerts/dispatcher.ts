import type { DeliveryResult, ReceiverView } from './api.ts';
import type { Channel, DeliveryPolicy, Notification } from './channels/channel.ts';
import { redactText } from './channels/redact.ts';
import type { AlertMetrics } from './metrics.ts';
import type { AlertStore } from './store.ts';

export interface Receiver {
  name: string;
  channels: readonly Channel[];
}

export type Deliver = (
  channel: Channel,
  notification: Notification,
  policy: DeliveryPolicy,
  signal?: AbortSignal,
) => Promise<DeliveryResult>;

/**
 * Hands a notification to every channel of its receiver at once, each with its own retries and
 * timeouts (deliver()), so a dead channel never holds up another. Every outcome is a row in the
 * notification log and a count in /metrics.
 */
export class Dispatcher {
  private readonly receivers: Map<string, Receiver>;
  private readonly abort = new AbortController();

  constructor(
    receivers: readonly Receiver[],
    private readonly deliver: Deliver,
    /** Each channel's own timeout, retries and backoff. */
    private readonly policyOf: (channel: Channel) => DeliveryPolicy,
    private readonly store: AlertStore,
    private readonly metrics: AlertMetrics,
    private readonly clock: () => number,
  ) {
    this.receivers = new Map(receivers.map((r) => [r.name, r]));
  }

  has(receiver: string): boolean {
    return this.receivers.has(receiver);
  }

  views(): ReceiverView[] {
    return [...this.receivers.values()].map((r) => ({
      name: r.name,
      channels: r.channels.map((c) => c.type),
    }));
  }

  /** Never rejects: a failure is a result with ok false. Undefined for an unknown receiver. */
  async send(notification: Notification): Promise<DeliveryResult[] | undefined> {
    const receiver = this.receivers.get(notification.receiver);
    if (!receiver) return undefined;
    return Promise.all(receiver.channels.map((channel) => this.sendOne(channel, notification)));
  }

  private async sendOne(channel: Channel, notification: Notification): Promise<DeliveryResult> {
    let result: DeliveryResult;
    try {
      result = await this.deliver(channel, notification, this.policyOf(channel), this.abort.signal);
    } catch (error) {
      // deliver() promises never to throw; should it, the failure is still logged and counted,
      // without the webhook URL's token the error may quote.
      result = {
        receiver: notification.receiver,
        channel: channel.type,
        ok: false,
        status: 'failed',
        failure: 'retryable',
        attempts: 1,
        error: redactText(String(error)),
      };
    }
    this.record(result, notification);
    return result;
  }

  /**
   * Logs and counts a delivery outcome. Also called for what a channel sent later on its own
   * (DingTalk's merged summary after its rate limit), so the log holds every message sent.
   */
  record(result: DeliveryResult, notification: Notification): void {
    this.metrics.delivered(result);
    try {
      this.store.logNotification({
        time: this.clock(),
        receiver: result.receiver,
        channel: result.channel,
        kind: notification.kind,
        groupKey: notification.groupKey,
        alerts: notification.alerts.length,
        status: result.status,
        failure: result.failure,
        attempts: result.attempts,
        error: result.error,
      });
    } catch {
      // The database is closed during shutdown; the counters above still have it.
    }
  }

  /** Cuts the retries still under way short (they end as failures) and closes the channels. */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.all(
      [...this.receivers.values()].flatMap((r) => r.channels.map((c) => c.close?.().catch(() => undefined))),
    );
  }
}
