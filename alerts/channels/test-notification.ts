import type { Notification } from './channel.ts';

/** What a test-send delivers: one made-up firing alert, so every channel shows its full layout. */
export function testNotification(receiver: string, externalUrl: string, now = Date.now()): Notification {
  const labels = { alertname: 'KestrelTestNotification', receiver, severity: 'info' };
  return {
    receiver,
    kind: 'test',
    groupKey: `${receiver}:test`,
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    alerts: [
      {
        status: 'firing',
        fingerprint: `test-${now}`,
        labels,
        annotations: {
          summary: `Test notification for receiver ${receiver}`,
          description: 'Sent from Kestrel to check this channel; no action is needed.',
        },
        startsAt: now,
        endsAt: null,
      },
    ],
    externalUrl,
  };
}
