import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from './responses.ts';

/** An expected failure with its status and a stable, machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const body = (error: string, message: string): ErrorBody => ({ error, message });

const VALIDATION_CODES: Record<string, string> = {
  querystring: 'bad_query',
  body: 'bad_body',
  params: 'bad_params',
  headers: 'bad_headers',
};
const CONTEXT_NAMES: Record<string, string> = { querystring: 'query', body: 'body', params: 'path' };

// Fastify's own refusals of a request, before any route code runs.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_json',
};

/** Every API error as `{error, message}` with the right status; internals are logged, never sent. */
export function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) {
    return reply.code(error.statusCode).headers(error.headers).send(body(error.code, error.message));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const message = error.validation
      .map((issue) => {
        const path = issue.instancePath.split('/').filter(Boolean).join('.');
        return `${path || CONTEXT_NAMES[context] || context}: ${issue.message}`;
      })
      .join('; ');
    return reply.code(400).send(body(VALIDATION_CODES[context] ?? 'bad_request', message));
  }
  if (error.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
    request.log.error({ err: error, issues: error.cause }, 'API response does not match its schema');
    return reply.code(500).send(body('internal', 'internal error'));
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    const code = FASTIFY_CODES[error.code] ?? (error instanceof SyntaxError ? 'bad_json' : 'bad_request');
    return reply.code(status).send(body(code, error.message));
  }
  request.log.error({ err: error }, 'API request failed');
  return reply.code(500).send(body('internal', 'internal error'));
}

/** The 404 of a path no route serves, the API's and the web UI's alike. */
export function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // The path only: a query string may hold what a client should not have sent (a token).
  const path = request.url.split('?', 1)[0];
  return reply.code(404).send(body('not_found', `no route ${request.method} ${path}`));
}
