// About the service itself: the audit log, the effective configuration and what auth is on.

import type { Authenticator } from '../auth/auth.ts';
import { redactConfig } from '../config/index.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { AuditEntry, AuthInfo, Items, RedactedConfig } from './responses.ts';
import { AuditQuery, NoQuery } from './schemas.ts';
import type { ApiSource } from './source.ts';

export function metaRoutes(api: Api, source: ApiSource, auth: Authenticator): void {
  api.get(
    '/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'Admin attempts, allowed or not, newest first',
        querystring: AuditQuery,
        response: { 200: Items(AuditEntry), ...errors(400, 401, 429, 503) },
      },
    },
    async (request) => {
      if (!source.audit) throw new ApiError(503, 'no_audit', 'the audit log is not available');
      return { items: source.audit.list(request.query) };
    },
  );

  api.get(
    '/config',
    {
      schema: {
        tags: ['service'],
        summary: 'The effective configuration, every secret shown as <redacted>',
        querystring: NoQuery,
        response: { 200: RedactedConfig, ...errors(400, 401, 429, 503) },
      },
    },
    async () => {
      if (!source.config) throw new ApiError(503, 'no_config', 'the configuration is not available');
      return redactConfig(source.config) as unknown as Record<string, unknown>;
    },
  );

  api.get(
    '/auth',
    {
      schema: {
        tags: ['service'],
        summary: 'Whether admin actions are enabled and whether reads need credentials',
        querystring: NoQuery,
        response: { 200: AuthInfo, ...errors(400, 401, 429) },
      },
    },
    async () => ({ adminEnabled: auth.adminEnabled, viewerAuth: auth.viewerAuth }),
  );
}
