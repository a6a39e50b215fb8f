import type { Labels } from '../api.ts';
import type { Channel, Notification } from './channel.ts';
import type { AlertmanagerConfig } from './config.ts';
import { post } from './http.ts';
import { redactUrl, urlSecrets } from './redact.ts';
import { generatorUrl, rfc3339 } from './webhook-payload.ts';

// Forwarding to an external Alertmanager (POST /api/v2/alerts, "postableAlerts") for teams that
// route alerts centrally. A firing alert is sent without endsAt, so Alertmanager applies its
// resolve_timeout if Kestrel goes away; a resolved one carries its endsAt. A test alert ends a
// minute after it starts, so it does not linger there.

export interface PostableAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt?: string;
  generatorURL: string;
}

const TEST_ALERT_LIFETIME_MS = 60_000;

function postableAlerts(n: Notification): PostableAlert[] {
  return n.alerts.map((a) => {
    const endsAt = a.endsAt ?? (n.kind === 'test' ? a.startsAt + TEST_ALERT_LIFETIME_MS : null);
    return {
      labels: a.labels,
      annotations: a.annotations,
      startsAt: rfc3339(a.startsAt),
      ...(endsAt === null ? {} : { endsAt: rfc3339(endsAt) }),
      generatorURL: generatorUrl(n, a),
    };
  });
}

function alertsEndpoint(base: string): string {
  return `${base.replace(/\/+$/, '')}/api/v2/alerts`;
}

export function alertmanagerChannel(config: AlertmanagerConfig): Channel {
  const url = alertsEndpoint(config.url);
  const secrets = [...urlSecrets(config.url), config.bearerToken, ...Object.values(config.headers)].filter(
    (s): s is string => !!s,
  );
  const target = redactUrl(url);
  return {
    type: 'alertmanager',
    async send(notification, signal) {
      const headers: Record<string, string> = { ...config.headers };
      if (config.bearerToken) headers.authorization = `Bearer ${config.bearerToken}`;
      await post({
        url,
        target,
        body: JSON.stringify(postableAlerts(notification)),
        headers,
        signal,
        secrets,
      });
    },
  };
}
