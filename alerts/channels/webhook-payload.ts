import type { Labels } from '../api.ts';
import type { Notification, NotifiedAlert } from './channel.ts';

// The Alertmanager webhook payload, version 4, so any receiver written for Alertmanager
// (and the tools around it) understands Kestrel's notifications unchanged.

/** Go's zero time: what Alertmanager puts in endsAt while an alert fires. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  externalURL: string;
  alerts: WebhookAlert[];
}

/** RFC 3339 in UTC, without milliseconds when they are zero (as Go prints it). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function generatorUrl(n: Notification, alert: NotifiedAlert): string {
  return `${n.externalUrl.replace(/\/+$/, '')}/alerts?fingerprint=${encodeURIComponent(alert.fingerprint)}`;
}

/** The payload; `maxAlerts` > 0 keeps that many alerts and counts the rest in truncatedAlerts. */
export function webhookPayload(n: Notification, maxAlerts = 0): WebhookPayload {
  const kept = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts;
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.alerts.length - kept.length,
    status: n.alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: n.externalUrl,
    alerts: kept.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: rfc3339(a.startsAt),
      endsAt: a.endsAt === null ? ZERO_TIME : rfc3339(a.endsAt),
      generatorURL: generatorUrl(n, a),
      fingerprint: a.fingerprint,
    })),
  };
}
