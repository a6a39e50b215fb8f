import type { Notification, NotifiedAlert } from '../../alerts/channels/channel.ts';

// Synthetic notifications for the channel tests (unit and integration).

export function alert(overrides: Partial<NotifiedAlert> = {}): NotifiedAlert {
  return {
    status: 'firing',
    fingerprint: 'f1a2b3c4d5e6f708',
    labels: {
      alertname: 'KafkaIsrShrink',
      cluster: 'prod',
      topic: 'orders',
      partition: '3',
      severity: 'critical',
    },
    annotations: {
      summary: 'ISR of orders-3 shrank to 1 of 3',
      description: 'Broker 2 dropped out of the ISR of orders-3.',
    },
    startsAt: Date.UTC(2026, 10, 21, 10, 0, 0),
    endsAt: null,
    ...overrides,
  };
}

export function notification(overrides: Partial<Notification> = {}): Notification {
  const alerts = overrides.alerts ?? [
    alert(),
    alert({ fingerprint: '0011223344556677', labels: { ...alert().labels, partition: '4' } }),
  ];
  return {
    receiver: 'ops',
    kind: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    groupKey: 'ops:{alertname="KafkaIsrShrink",cluster="prod"}',
    groupLabels: { alertname: 'KafkaIsrShrink', cluster: 'prod' },
    commonLabels: { alertname: 'KafkaIsrShrink', cluster: 'prod', severity: 'critical', topic: 'orders' },
    commonAnnotations: {},
    externalUrl: 'http://kestrel.example:8048',
    ...overrides,
    alerts,
  };
}
