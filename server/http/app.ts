import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RouteOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { type ApiSource, registerApiRoutes } from '../api/index.ts';
import { Authenticator, type AuthOptions } from '../auth/auth.ts';
import type { PollerStatus } from '../collector/index.ts';
import { type MetricsEndpoint, registerMetricsRoute } from '../metrics/index.ts';
import type { Logger } from '../shared/logger.ts';
import { healthReport, type MigrationsHealth } from './health.ts';
import { registerDocsUi, registerOpenApi } from './openapi.ts';
import { PROBE_PATHS, registerSecurity, type SecurityOptions } from './security.ts';
import { registerWebUi } from './static.ts';

export interface AppDeps {
  logger: Logger;
  /** What the SQLite migrations did at start; absent for an app without a database (tests, benches). */
  migrations?: () => MigrationsHealth;
  clusterStatus: () => readonly PollerStatus[];
  /** Serves GET /metrics when given. */
  metrics?: MetricsEndpoint;
  /** Serves the JSON API under /api/v1 and its OpenAPI document when given. */
  api?: ApiSource;
  /** Admin token and viewers; without it admin actions are refused and reads are open. */
  auth?: AuthOptions;
  security?: SecurityOptions;
  /** Sees every route as it is registered (the OpenAPI test compares them with the document). */
  onRoute?: (route: RouteOptions) => void;
}

/** Admin and read requests are small JSON documents; anything bigger is refused with 413. */
export const BODY_LIMIT = 64 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Probes and scrapes arrive every few seconds; logging each would drown everything else.
    logController: new LogController({ disableRequestLogging: (request) => PROBE_PATHS.has(request.url) }),
    bodyLimit: BODY_LIMIT,
    // Whole request in 30 s, idle keep-alive sockets closed: slow clients cannot hold sockets.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const auth = new Authenticator(deps.auth ?? {});
  await registerSecurity(app, auth, deps.security ?? {});
  if (deps.api) await registerOpenApi(app);

  // Liveness: the process and its event loop work. Nothing else, so a cluster outage
  // never gets the dashboard restarted by an orchestrator.
  app.get('/livez', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const report = healthReport(deps.migrations?.() ?? null, deps.clusterStatus());
    return reply.code(report.status === 'starting' ? 503 : 200).send(report);
  });

  app.get('/healthz', async (_request, reply) => {
    const report = healthReport(deps.migrations?.() ?? null, deps.clusterStatus());
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  if (deps.metrics) registerMetricsRoute(app, deps.metrics);
  if (deps.api) {
    await registerApiRoutes(app, deps.api, auth);
    await registerDocsUi(app);
  }
  await registerWebUi(app);

  return app;
}
