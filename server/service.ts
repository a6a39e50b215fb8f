import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { type AlertsApi, createAlertsEngine } from '../alerts/index.ts';
import { Collector } from './collector/index.ts';
import type { Config } from './config/index.ts';
import { linkBaseUrl } from './config/link-base-url.ts';
import { buildApp } from './http/index.ts';
import { startReplicaActions } from './kafka/admin/index.ts';
import { ClusterClient, OperatorAdmin, TopicAdmin } from './kafka/index.ts';
import { MessageBrowser } from './kafka/messages/index.ts';
import { buildMetricsServer, KestrelMetrics } from './metrics/index.ts';
import type { Logger } from './shared/logger.ts';
import { AuditLog, HistoryStore, openMigratedDatabase } from './store/index.ts';
import { SqlitePendingReassignments } from './store/pending-reassignments.ts';

export interface Service {
  app: FastifyInstance;
  collector: Collector;
  /** The Prometheus registry and its cached exposition; other modules may register on `metrics.registry`. */
  metrics: KestrelMetrics;
  db: Database;
  /** The alerts engine (rules, silences, notification log); undefined with `alerts.enabled: false`. */
  alerts: AlertsApi | undefined;
  /** Base URL the HTTP server listens on. */
  url: string;
  /** Base URL of the separate metrics port, when `metrics.port` is set. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Migrations, then the HTTP server, then the poll loops. Throws if any of them cannot start. */
export async function startService(config: Config, logger: Logger): Promise<Service> {
  const dataDir = resolve(config.dataDir);
  const { db, migrations } = openMigratedDatabase(dataDir);
  logger.info({ dataDir, schemaVersion: migrations.version, applied: migrations.applied }, 'database ready');
  const migrationsHealth = {
    current: migrations.current,
    version: migrations.version,
    latest: migrations.latest,
    appliedAtStart: migrations.applied,
  };
  const store = new HistoryStore(db, {
    rawRetentionMs: config.history.rawRetention,
    partitionRawRetentionMs: config.history.partitionRetention,
    hourlyRetentionMs: config.history.hourlyRetention,
    isrEventRetentionMs: config.history.isrEventRetention,
  });
  const collector = new Collector(config, logger, (cluster, log) => new ClusterClient(cluster, log), store);
  const metrics = new KestrelMetrics({
    clusters: config.clusters.map((c) => ({ name: c.name, granularity: c.granularity })),
    groupExpiryMs: config.metrics.groupExpiry,
  });
  metrics.attach(collector);
  let listenUrl = '';
  // Off means off: no engine, so no evaluation, no notification timer, no channel connections.
  const alerts = !config.alerts.enabled
    ? undefined
    : createAlertsEngine({
        config: config.alerts,
        clusters: config.clusters.map((c) => c.name),
        db,
        logger: logger.child({ module: 'alerts' }),
        registry: metrics.registry,
        invalidate: () => metrics.invalidate(),
        defaultExternalUrl: () => listenUrl,
      });
  alerts?.attach(collector);
  // Admin clients are separate from the collector's: an admin request never delays a poll cycle.
  const admins = new Map(
    config.clusters.map((c) => [c.name, new TopicAdmin(c, logger.child({ cluster: c.name }))]),
  );
  const operators = new Map(
    config.clusters.map((c) => [
      c.name,
      new OperatorAdmin(c, logger.child({ cluster: c.name, module: 'operator' })),
    ]),
  );
  // The message browser has its own connections too, and only when browsing is on.
  const browsers = new Map(
    config.browse.enabled
      ? config.clusters.map((c) => [
          c.name,
          new MessageBrowser(c, logger.child({ cluster: c.name, module: 'browse' })),
        ])
      : [],
  );
  const audit = new AuditLog(db);
  const replicaActions = startReplicaActions(config.clusters, new SqlitePendingReassignments(db), logger);
  const app = await buildApp({
    logger,
    migrations: () => migrationsHealth,
    clusterStatus: () => collector.status(),
    metrics,
    api: {
      status: () => collector.status(),
      latest: (cluster) => collector.latest(cluster),
      history: store,
      admin: (cluster) => admins.get(cluster),
      operator: (cluster) => operators.get(cluster),
      replicas: (cluster) => replicaActions.get(cluster),
      audit,
      browser: (cluster) => browsers.get(cluster),
      browse: config.browse,
      config,
      protectedTopics: config.auth.protectedTopics,
      alerts,
      alertsEnabled: config.alerts.enabled,
    },
    auth: { adminToken: config.adminToken, viewers: config.auth.viewers },
    security: { corsOrigins: config.cors.origins },
  });
  const metricsApp = config.metrics.port === undefined ? null : buildMetricsServer(logger, metrics);
  try {
    await app.listen({ port: config.port, host: config.host });
    await metricsApp?.listen({ port: config.metrics.port, host: config.host });
  } catch (error) {
    await Promise.all([
      app.close(),
      metricsApp?.close(),
      alerts?.close(),
      ...[...admins.values(), ...operators.values()].map((a) => a.close()),
      ...[...browsers.values()].map((b) => b.close()),
      replicaActions.close(),
    ]);
    db.close();
    throw error;
  }
  collector.start();
  const maintenance = startMaintenance(logger, async (now, signal) => {
    await store.maintain(now, signal);
    audit.prune(now - config.history.auditRetention);
  });
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const port = listeningPort(app, config.port);
  listenUrl = linkBaseUrl(config.host, port);
  if (config.alerts.enabled && config.alerts.externalUrl === undefined) {
    logger.warn(
      { linkBaseUrl: listenUrl },
      'alerts.externalUrl is not set: links in notifications use the address Kestrel listens on; set it when users reach Kestrel through a proxy or another name',
    );
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.all([app.close(), metricsApp?.close()]); // stop taking requests first
      await collector.stop(); // let a running cycle finish and its writes commit
      await alerts?.close(); // deliveries under way end (cut short) and are logged
      await maintenance.stop();
      await Promise.all(
        [...admins.values(), ...operators.values(), ...browsers.values(), replicaActions].map((a) =>
          a.close(),
        ),
      );
      db.close();
    })();
    return closing;
  };
  return {
    app,
    collector,
    metrics,
    db,
    alerts,
    url: `http://${host}:${port}`,
    metricsUrl: metricsApp ? `http://${host}:${listeningPort(metricsApp, config.metrics.port ?? 0)}` : null,
    close,
  };
}

function listeningPort(app: FastifyInstance, configured: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : configured;
}

/** Roll-ups and retention every few minutes, in short transactions between cycles. */
function startMaintenance(
  logger: Logger,
  maintain: (now: number, signal: AbortSignal) => Promise<void>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const abort = new AbortController();
  const timer = setInterval(() => {
    running = maintain(Date.now(), abort.signal).catch((error: unknown) =>
      logger.error({ err: error }, 'history maintenance failed'),
    );
  }, MAINTENANCE_INTERVAL_MS);
  timer.unref();
  return {
    // Stops after the current short transaction; the next start picks up where it left off.
    stop: async () => {
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}

const MAINTENANCE_INTERVAL_MS = 5 * 60_000;
