import type { Database } from 'better-sqlite3';
import type { Registry } from 'prom-client';
import type { Logger } from '../server/logger.ts';
import { deliver } from './channels/deliver.ts';
import { createChannel } from './channels/index.ts';
import type { AlertsConfig } from './config.ts';
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
  /** The channels' deliver(); replaceable in tests. */
  deliverWith?: Deliver;
}

/** The engine with its SQLite store, its metrics, and a channel per configured target. */
export function createAlertsEngine(options: CreateEngineOptions): AlertsEngine {
  const { config, logger } = options;
  const clock = options.clock ?? Date.now;
  const store = new AlertStore(options.db);
  const metrics = new AlertMetrics(options.registry, options.invalidate);
  const receivers = config.receivers.map((r) => ({
    name: r.name,
    channels: r.channels.map((c) =>
      createChannel(c, { logger: logger.child({ receiver: r.name, channel: c.type }) }),
    ),
  }));
  metrics.declareChannels(receivers);
  const policy = {
    timeoutMs: config.delivery.timeout,
    retries: config.delivery.retries,
    backoffMs: config.delivery.backoff,
    maxBackoffMs: config.delivery.maxBackoff,
  };
  const dispatcher = new Dispatcher(receivers, options.deliverWith ?? deliver, policy, store, metrics, clock);
  return new AlertsEngine({
    config,
    store,
    dispatcher,
    metrics,
    logger,
    clock,
    clusters: options.clusters,
    tickMs: options.tickMs,
  });
}
