import type { Notification } from './channels/channel.ts';
import { fingerprint } from './labels.ts';

/** What a test-send delivers: one made-up alert, clearly labelled as a test. */
export function testNotification(receiver: string, now: number, externalUrl: string): Notification {
  const labels = { alertname: 'KestrelTestNotification', severity: 'info', receiver };
  const annotations = {
    summary: 'Test notification from Kestrel',
    description: `If you can read this, receiver "${receiver}" is set up correctly.`,
  };
  return {
    receiver,
    kind: 'test',
    groupKey: `${receiver}:test`,
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: annotations,
    alerts: [
      {
        status: 'firing',
        fingerprint: fingerprint(labels),
        labels,
        annotations,
        startsAt: now,
        endsAt: null,
      },
    ],
    externalUrl,
  };
}
