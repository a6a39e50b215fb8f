// The Overview's wall-screen data: throughput and total lag over the last hours, from the history.
import { z } from 'zod';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { knownCluster, requireHistory } from './lookup.ts';
import { ClusterParams, SeriesQuery } from './schemas.ts';
import type { ApiSource } from './source.ts';

const DEFAULT_RANGE_MS = 3 * 3_600_000;
const num = z.number();

const ClusterHistory = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    points: z
      .array(z.object({ at: z.number().int(), produceRate: num.nullable(), totalLag: num.nullable() }))
      .readonly(),
  })
  .meta({ id: 'ClusterHistory' });

export function overviewRoutes(api: Api, source: ApiSource): void {
  api.get(
    '/clusters/:cluster/history',
    {
      schema: {
        tags: ['history'],
        summary: 'Messages in per second and total lag of the cluster over time (last 3 h by default)',
        params: ClusterParams,
        querystring: SeriesQuery,
        response: { 200: ClusterHistory, ...errors(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const { cluster } = request.params;
      knownCluster(source, cluster);
      const history = requireHistory(source);
      if (!history.clusterSeries) throw new ApiError(503, 'no_history', 'cluster history is not available');
      const to = request.query.to ?? (source.now ?? Date.now)();
      const from = request.query.from ?? to - DEFAULT_RANGE_MS;
      return { from, to, points: history.clusterSeries(cluster, from, to, request.query.points) };
    },
  );
}
