import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { type ApiSource, registerApiRoutes } from '../api/index.ts';
import type { PollerStatus } from '../collector/index.ts';
import type { Logger } from '../logger.ts';
import { type MetricsEndpoint, registerMetricsRoute } from '../metrics/index.ts';
import { healthReport } from './health.ts';
import { registerWebUi } from './static.ts';

const QUIET_PATHS = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

export interface AppDeps {
  logger: Logger;
  /** Whether the SQLite migrations ran (they run before the app is built, but tests may say no). */
  migrated: () => boolean;
  clusterStatus: () => readonly PollerStatus[];
  /** Serves GET /metrics when given. */
  metrics?: MetricsEndpoint;
  /** Serves the read-only JSON API under /api/v1 when given. */
  api?: ApiSource;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Probes and scrapes arrive every few seconds; logging each would drown everything else.
    logController: new LogController({ disableRequestLogging: (request) => QUIET_PATHS.has(request.url) }),
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    return503OnClosing: true,
  });

  // Liveness: the process and its event loop work. Nothing else, so a cluster outage
  // never gets the dashboard restarted by an orchestrator.
  app.get('/livez', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const report = healthReport(deps.migrated(), deps.clusterStatus());
    return reply.code(report.status === 'starting' ? 503 : 200).send(report);
  });

  app.get('/healthz', async (_request, reply) => {
    const report = healthReport(deps.migrated(), deps.clusterStatus());
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  if (deps.metrics) registerMetricsRoute(app, deps.metrics);
  if (deps.api) await registerApiRoutes(app, deps.api);
  await registerWebUi(app);

  return app;
}
