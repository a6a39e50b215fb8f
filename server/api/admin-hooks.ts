import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/auth.ts';
import type { Api } from './api-instance.ts';
import { auditDetail } from './audit-detail.ts';
import { ApiError } from './errors.ts';
import type { ApiSource } from './source.ts';

const changes = new WeakMap<FastifyRequest, { before: unknown; after: unknown }>();

/** What an admin route changed, for its audit row: before and after, stored as JSON. */
export function noteChange(request: FastifyRequest, before: unknown, after: unknown): void {
  changes.set(request, { before, after });
}

/**
 * Guards the routes marked with `config.adminAction`: the admin token is checked before the
 * body is even read, and every attempt, allowed or not, leaves an audit row written before
 * the answer goes out.
 */
export function adminHooks(api: Api, source: ApiSource, auth: Authenticator): void {
  const now = source.now ?? Date.now;

  api.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.adminAction) return;
    const outcome = auth.admin(request);
    if (!outcome.ok) throw new ApiError(outcome.status, outcome.error, outcome.message, outcome.headers);
  });

  api.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config.adminAction;
    if (!action || !source.audit) return payload;
    const status = reply.statusCode;
    try {
      source.audit.record({
        time: now(),
        clientAddress: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        action,
        target: target(request),
        result:
          status < 400 ? 'ok' : status === 401 || status === 403 || status === 429 ? 'denied' : 'failed',
        status,
        message: status < 400 ? auditDetail(request) : errorMessage(payload),
        changeBefore: json(changes.get(request)?.before),
        changeAfter: json(changes.get(request)?.after),
      });
    } catch (error) {
      request.log.error({ err: error, action }, 'could not write the audit row');
    }
    return payload;
  });
}

/** "cluster/topic" from the path, plus the name of a topic being created; else the route. */
function target(request: FastifyRequest): string {
  const params = Object.values((request.params ?? {}) as Record<string, unknown>).map(String);
  const body = request.body as { name?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.name === 'string') params.push(body.name);
  return params.length > 0 ? params.join('/') : (request.routeOptions.url ?? request.url);
}

function errorMessage(payload: unknown): string | null {
  if (typeof payload !== 'string') return null;
  try {
    const body = JSON.parse(payload) as { error?: unknown; message?: unknown };
    return `${String(body.error)}: ${String(body.message)}`;
  } catch {
    return null;
  }
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
