import { type AlertmanagerConfig, deliveryPolicyOf } from '../../server/config/alert-channels.ts';
import type { Logger } from '../../server/shared/logger.ts';
import type { Labels } from '../api.ts';
import type { Channel } from './channel.ts';
import { post } from './http.ts';
import { type Clock, systemClock } from './rate-limiter.ts';
import { redactText, redactUrl, urlSecrets } from './redact.ts';
import { generatorUrl, rfc3339 } from './webhook-payload.ts';

// Forwarding to an external Alertmanager (POST /api/v2/alerts, "postableAlerts") for teams that
// route alerts centrally. Alertmanager resolves an alert once its endsAt has passed (without one,
// after its resolve_timeout, 5 minutes by default), while Kestrel tells a receiver about a firing
// group only when it changes and every repeatInterval (hours). So, like Prometheus, this channel
// gives each firing alert a lease (endsAt a few minutes ahead) and renews what still fires every
// minute until the resolution comes; if Kestrel goes away, the alerts end when their lease does.
// A resolved alert carries its real endsAt; a test alert ends a minute after it starts.

export interface PostableAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

export const RENEW_INTERVAL_MS = 60_000;
const LEASE_MS = 4 * RENEW_INTERVAL_MS;
const TEST_ALERT_LIFETIME_MS = 60_000;

export interface AlertmanagerDeps {
  logger: Logger;
  clock?: Clock;
}

export function alertmanagerChannel(config: AlertmanagerConfig, deps: AlertmanagerDeps): Channel {
  const clock = deps.clock ?? systemClock;
  const url = `${config.url.replace(/\/+$/, '')}/api/v2/alerts`;
  const secrets = [...urlSecrets(config.url), config.bearerToken, ...Object.values(config.headers)].filter(
    (s): s is string => !!s,
  );
  const target = redactUrl(url);
  const headers: Record<string, string> = { ...config.headers };
  if (config.bearerToken) headers.authorization = `Bearer ${config.bearerToken}`;

  /** What Alertmanager was told still fires, by fingerprint: renewed until resolved. */
  const firing = new Map<string, PostableAlert>();
  let renewal: unknown;
  let closed = false;

  const postAlerts = (alerts: PostableAlert[], signal: AbortSignal) =>
    post({ url, target, body: JSON.stringify(alerts), headers, signal, secrets });

  const scheduleRenewal = () => {
    if (closed || renewal !== undefined || firing.size === 0) return;
    renewal = clock.setTimeout(() => {
      renewal = undefined;
      if (firing.size === 0) return; // all resolved since it was scheduled
      const until = rfc3339(clock.now() + LEASE_MS);
      const alerts = [...firing.values()].map((a) => ({ ...a, endsAt: until }));
      postAlerts(alerts, AbortSignal.timeout(deliveryPolicyOf(config).timeoutMs))
        .catch((error: unknown) =>
          // The next renewal tries again; the lease outlasts a few failed ones.
          deps.logger.warn({ err: redactText(String(error), secrets) }, 'Alertmanager lease renewal failed'),
        )
        .finally(scheduleRenewal);
    }, RENEW_INTERVAL_MS);
  };

  return {
    type: 'alertmanager',
    async send(notification, signal) {
      const now = clock.now();
      const alerts = notification.alerts.map((a): PostableAlert => {
        const endsAt =
          a.endsAt ?? (notification.kind === 'test' ? a.startsAt + TEST_ALERT_LIFETIME_MS : now + LEASE_MS);
        return {
          labels: a.labels,
          annotations: a.annotations,
          startsAt: rfc3339(a.startsAt),
          endsAt: rfc3339(endsAt),
          generatorURL: generatorUrl(notification, a),
        };
      });
      await postAlerts(alerts, signal);
      if (notification.kind === 'test') return;
      notification.alerts.forEach((a, i) => {
        if (a.status === 'firing') firing.set(a.fingerprint, alerts[i]!);
        else firing.delete(a.fingerprint);
      });
      scheduleRenewal();
    },
    async close() {
      closed = true;
      if (renewal !== undefined) clock.clearTimeout(renewal);
    },
  };
}
