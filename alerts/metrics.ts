import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryResult } from './api.ts';
import type { AlertInstance } from './instance.ts';

/** The engine's Prometheus series, registered on Kestrel's registry. */
export class AlertMetrics {
  private readonly firing: Gauge<'cluster' | 'alertname' | 'severity'>;
  private readonly pending: Gauge<'cluster' | 'alertname' | 'severity'>;
  private readonly notifications: Counter<'receiver' | 'channel' | 'status'>;
  private readonly attempts: Counter<'receiver' | 'channel'>;
  private readonly failedAttempts: Counter<'receiver' | 'channel'>;
  private readonly evaluationFailures: Counter<'cluster'>;

  /** `changed` is told after every change, so the registry owner can drop its cached rendering. */
  constructor(
    registry: Registry,
    private readonly changed: () => void = () => undefined,
  ) {
    const registers = [registry];
    const alertGauge = (name: string, help: string) =>
      new Gauge({ name, help, labelNames: ['cluster', 'alertname', 'severity'] as const, registers });
    this.firing = alertGauge('kestrel_alerts_firing', 'Alert instances firing now.');
    this.pending = alertGauge(
      'kestrel_alerts_pending',
      'Alert instances pending (condition holds, `for` not yet elapsed).',
    );
    this.notifications = new Counter({
      name: 'kestrel_notifications_total',
      help: 'Notifications delivered (status="sent"), held by a rate limit for a merged summary (status="deferred"), or failed: refused or given up after all retries (status="failed"), per channel.',
      labelNames: ['receiver', 'channel', 'status'],
      registers,
    });
    this.attempts = new Counter({
      name: 'kestrel_notification_attempts_total',
      help: 'Delivery attempts, retries included.',
      labelNames: ['receiver', 'channel'],
      registers,
    });
    this.failedAttempts = new Counter({
      name: 'kestrel_notification_attempt_failures_total',
      help: 'Delivery attempts that failed (HTTP error, timeout, error code...).',
      labelNames: ['receiver', 'channel'],
      registers,
    });
    this.evaluationFailures = new Counter({
      name: 'kestrel_alert_evaluation_failures_total',
      help: 'Rule evaluations that failed with an error (the collector is not affected).',
      labelNames: ['cluster'],
      registers,
    });
  }

  /** Zero series for every receiver's channels, so rate() sees the first failure. */
  declareChannels(receivers: readonly { name: string; channels: readonly { type: string }[] }[]): void {
    for (const receiver of receivers) {
      for (const { type } of receiver.channels) {
        const labels = { receiver: receiver.name, channel: type };
        this.notifications.inc({ ...labels, status: 'sent' }, 0);
        this.notifications.inc({ ...labels, status: 'deferred' }, 0);
        this.notifications.inc({ ...labels, status: 'failed' }, 0);
        this.attempts.inc(labels, 0);
        this.failedAttempts.inc(labels, 0);
      }
    }
    this.changed();
  }

  setAlerts(alerts: Iterable<AlertInstance>): void {
    this.firing.reset();
    this.pending.reset();
    for (const a of alerts) {
      const gauge = a.state === 'firing' ? this.firing : this.pending;
      gauge.inc({ cluster: a.cluster, alertname: a.rule, severity: a.severity });
    }
    this.changed();
  }

  delivered(result: DeliveryResult): void {
    const labels = { receiver: result.receiver, channel: result.channel };
    this.notifications.inc({ ...labels, status: result.status });
    this.attempts.inc(labels, result.attempts);
    this.failedAttempts.inc(labels, result.ok ? result.attempts - 1 : result.attempts);
    this.changed();
  }

  evaluationFailed(cluster: string): void {
    this.evaluationFailures.inc({ cluster });
    this.changed();
  }
}
