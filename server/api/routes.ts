import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../auth/auth.ts';
import { adminHooks } from './admin-hooks.ts';
import { adminRoutes } from './admin-routes.ts';
import { alertsRoutes } from './alerts-routes.ts';
import type { Api } from './api-instance.ts';
import { clusterRoutes } from './cluster-routes.ts';
import { configRoutes } from './config-routes.ts';
import { diagnosisRoutes } from './diagnosis-routes.ts';
import { electionRoutes } from './election-routes.ts';
import { notFound, sendError } from './errors.ts';
import { historyRoutes } from './history-routes.ts';
import { messagesRoutes } from './messages-routes.ts';
import { metaRoutes } from './meta-routes.ts';
import { offsetsRoutes } from './offsets-routes.ts';
import { overviewRoutes } from './overview-routes.ts';
import { reassignmentRoutes } from './reassignment-routes.ts';
import type { ApiSource } from './source.ts';

export const API_PREFIX = '/api/v1';

/** The JSON API under /api/v1: every route with zod schemas for its input and its answer. */
export async function registerApiRoutes(
  app: FastifyInstance,
  source: ApiSource,
  auth: Authenticator,
): Promise<void> {
  await app.register(
    async (plugin) => {
      const api = plugin as unknown as Api;
      api.setErrorHandler(sendError);
      // JSON only: any other body (text/plain is accepted by default) is a 415.
      api.removeContentTypeParser('text/plain');
      api.setNotFoundHandler(notFound);
      adminHooks(api, source, auth);
      clusterRoutes(api, source);
      diagnosisRoutes(api, source);
      historyRoutes(api, source);
      overviewRoutes(api, source);
      adminRoutes(api, source);
      offsetsRoutes(api, source);
      configRoutes(api, source);
      electionRoutes(api, source);
      reassignmentRoutes(api, source);
      alertsRoutes(api, source);
      messagesRoutes(api, source, auth);
      metaRoutes(api, source, auth);
    },
    { prefix: API_PREFIX },
  );
}
