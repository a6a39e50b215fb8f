import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { KESTREL_VERSION } from '../shared/package-root.ts';

const DOCS_PREFIX = '/api/docs';

/** Collects the routes registered after it into an OpenAPI 3 document. Register before the routes. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kestrel API',
        description:
          'Read-only views of the monitored Kafka clusters, their history and alerts, served from the ' +
          'latest snapshot and the SQLite history; plus admin actions that need the admin token. ' +
          'Errors are `{error, message}`.',
        version: KESTREL_VERSION,
      },
      // Reads are open unless viewers are configured; admin routes name adminToken themselves.
      security: [{}, { viewer: [] }],
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'The configured `adminToken`.' },
          viewer: { type: 'http', scheme: 'basic', description: 'A configured viewer (`auth.viewers`).' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
}

/** Swagger UI at /api/docs and the document at /api/docs/json. Register after the routes. */
export async function registerDocsUi(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    // Kestrel is often reached over plain HTTP inside a network: upgrading would break the page.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { deepLinking: false },
  });
}
