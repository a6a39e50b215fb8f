import type { Database } from 'better-sqlite3';
import type { Registry } from 'prom-client';
import type { AlertsConfig } from '../server/config/alerts.ts';
import type { Logger } from '../server/shared/logger.ts';
import { deliver } from './channels/deliver.ts';
import {
  type Channel,
  createChannel,
  type DeliveryPolicy,
  deliveryPolicyOf,
  type Notification,
} from './channels/index.ts';
import type { Clock } from './channels/rate-limiter.ts';
import { type Deliver, Dispatcher } from './dispatcher.ts';
import { AlertsEngine } from './engine.ts';
import { AlertMetrics } from './metrics.ts';
import { AlertStore } from './store.ts';

export interface CreateEngineOptions {
  config: AlertsConfig;
  /** Names of the configured clusters. */
  clusters: readonly string[];
  db: Database;
  logger: Logger;
  /** Kestrel's metrics registry, and how to tell it a value changed. */
  registry: Registry;
  invalidate: () => void;
  clock?: () => number;
  tickMs?: number;
  /** The channels' timers (DingTalk's rate limit); only tests replace it. */
  channelClock?: Clock;
  /** The channels' deliver(); replaceable in tests. */
  deliverWith?: Deliver;
  /** Base URL for links in notifications when `alerts.externalUrl` is not set. */
  defaultExternalUrl?: () => string;
}

/** The notification a merged summary stands for in the log: firing if any of them was. */
function summaryOf(merged: readonly Notification[]): Notification {
  const [first] = merged;
  return {
    ...first!,
    kind: merged.some((n) => n.kind === 'firing') ? 'firing' : (first?.kind ?? 'resolved'),
    groupKey: 'summary',
    alerts: merged.flatMap((n) => n.alerts),
  };
}

/** The engine with its SQLite store, its metrics, and a channel per configured target. */
export function createAlertsEngine(options: CreateEngineOptions): AlertsEngine {
  const { config, logger } = options;
  const clock = options.clock ?? Date.now;
  const store = new AlertStore(options.db);
  const metrics = new AlertMetrics(options.registry, options.invalidate);
  const policies = new Map<Channel, DeliveryPolicy>();
  const receivers = config.receivers.map((r) => ({
    name: r.name,
    channels: r.channels.map((c) => {
      const channel = createChannel(c, {
        logger: logger.child({ receiver: r.name, channel: c.type }),
        // DingTalk's rate limit holds notifications and later sends them as one summary.
        onDeferred: (result, merged) => dispatcher.record(result, summaryOf(merged)),
        ...(options.channelClock ? { clock: options.channelClock } : {}),
      });
      policies.set(channel, deliveryPolicyOf(c));
      return channel;
    }),
  }));
  metrics.declareChannels(receivers);
  const policyOf = (channel: Channel) => policies.get(channel)!;
  const dispatcher = new Dispatcher(
    receivers,
    options.deliverWith ?? deliver,
    policyOf,
    store,
    metrics,
    clock,
  );
  return new AlertsEngine({
    config,
    store,
    dispatcher,
    metrics,
    logger,
    clock,
    clusters: options.clusters,
    tickMs: options.tickMs,
    defaultExternalUrl: options.defaultExternalUrl,
  });
}
