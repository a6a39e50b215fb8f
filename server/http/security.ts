import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../auth/auth.ts';

export interface SecurityOptions {
  /** Browser origins allowed to call the API; empty: no CORS headers at all. */
  corsOrigins?: readonly string[];
}

/** Probes and scrapes: they stay open (orchestrators and Prometheus do not sign in as viewers). */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

/** Security headers, optional CORS, and viewer sign-in on everything but probes and /metrics. */
export async function registerSecurity(
  app: FastifyInstance,
  auth: Authenticator,
  options: SecurityOptions,
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // A Vite-built SPA loads only its own bundles; no inline script, no eval.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // helmet's default also allows fonts from any https: host; the SPA bundles its own.
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Kestrel often runs on plain HTTP inside a network; upgrading would break the page.
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP as often as not; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
  });

  if (options.corsOrigins && options.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...options.corsOrigins],
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    });
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!auth.viewerAuth || PROBE_PATHS.has(request.url.split('?')[0] ?? '')) return;
    // Admin routes check the admin token themselves (and audit the attempt).
    if (request.routeOptions.config.adminAction) return;
    const outcome = await auth.viewer(request);
    if (outcome.ok) return;
    return reply
      .code(outcome.status)
      .headers(outcome.headers)
      .send({ error: outcome.error, message: outcome.message });
  });
}
