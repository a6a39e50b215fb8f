import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../shared/logger.ts';
import type { MetricsFormat, MetricsResponse } from './exporter.ts';
import { acceptsGzip, negotiateFormat } from './negotiate.ts';

export interface MetricsEndpoint {
  respond(format: MetricsFormat, gzipped: boolean): Promise<MetricsResponse>;
}

/** GET /metrics: the cached exposition, negotiated by Accept and Accept-Encoding. */
export function registerMetricsRoute(app: FastifyInstance, metrics: MetricsEndpoint): void {
  app.get('/metrics', async (request, reply) => {
    const format = negotiateFormat(request.headers.accept);
    const rendered = await metrics.respond(format, acceptsGzip(request.headers['accept-encoding']));
    // A known length spares the streamed plain body chunked encoding (and tells the client its size).
    reply
      .header('content-type', rendered.contentType)
      .header('content-length', rendered.bytes)
      .header('vary', 'Accept, Accept-Encoding');
    if (rendered.encoding) reply.header('content-encoding', rendered.encoding);
    return reply.send(rendered.body);
  });
}

/** The separate metrics port (`metrics.port`): /metrics and nothing else. */
export function buildMetricsServer(logger: Logger, metrics: MetricsEndpoint): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Scrapes arrive every few seconds; logging each would drown everything else.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: 30_000,
    return503OnClosing: true,
  });
  registerMetricsRoute(app, metrics);
  return app;
}
