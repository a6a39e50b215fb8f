import type { FastifyRequest } from 'fastify';

// What a successful admin action changed (before → after), for its audit row's message. Kept
// beside the request rather than on it, so no route has to decorate Fastify's request type.
const details = new WeakMap<FastifyRequest, string>();

export function setAuditDetail(request: FastifyRequest, detail: string): void {
  details.set(request, detail);
}

export function auditDetail(request: FastifyRequest): string | null {
  return details.get(request) ?? null;
}
