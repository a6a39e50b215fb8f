// Series and events from the SQLite history: they outlive the snapshot, so a cluster that is
// down, or a topic or group gone since, still has its history.
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { knownCluster, requireHistory, seriesRange, timeRange } from './lookup.ts';
import { BrokerHistory, IsrEvents, LagHistory, TopicHistory } from './responses.ts';
import {
  BrokerParams,
  ClusterParams,
  GroupParams,
  IsrEventsQuery,
  LagHistoryQuery,
  SeriesQuery,
  TopicParams,
} from './schemas.ts';
import type { ApiSource } from './source.ts';

const historyErrors = errors(400, 401, 404, 429, 503);

export function historyRoutes(api: Api, source: ApiSource): void {
  api.get(
    '/clusters/:cluster/isr-events',
    {
      schema: {
        tags: ['history'],
        summary: 'ISR shrinks and expands, newest first',
        params: ClusterParams,
        querystring: IsrEventsQuery,
        response: { 200: IsrEvents, ...historyErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const { cluster } = request.params;
      knownCluster(source, cluster);
      const history = requireHistory(source);
      const { from, to } = timeRange(source, q);
      const query = { from, to, limit: q.limit, ...(q.topic === undefined ? {} : { topic: q.topic }) };
      return { from, to, items: history.isrEvents(cluster, query) };
    },
  );

  api.get(
    '/clusters/:cluster/groups/:group/history',
    {
      schema: {
        tags: ['history'],
        summary: 'Lag, lag seconds and committed offsets of a group over time',
        params: GroupParams,
        querystring: LagHistoryQuery,
        response: { 200: LagHistory, ...historyErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const { cluster, group } = request.params;
      knownCluster(source, cluster);
      const history = requireHistory(source);
      const { from, to } = seriesRange(source, cluster, q);
      const points = history.lagSeries(cluster, group, q.topic, from, to, q.points);
      return { from, to, topic: q.topic ?? null, points };
    },
  );

  api.get(
    '/clusters/:cluster/topics/:topic/history',
    {
      schema: {
        tags: ['history'],
        summary: 'Size, message count, end offsets and produce rate of a topic over time',
        params: TopicParams,
        querystring: SeriesQuery,
        response: { 200: TopicHistory, ...historyErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      knownCluster(source, cluster);
      const history = requireHistory(source);
      const { from, to } = seriesRange(source, cluster, request.query);
      return { from, to, points: history.topicSeries(cluster, topic, from, to, request.query.points) };
    },
  );

  api.get(
    '/clusters/:cluster/brokers/:id/history',
    {
      schema: {
        tags: ['history'],
        summary: 'Uptime, partitions, leaders, disk and throughput of a broker over time',
        params: BrokerParams,
        querystring: SeriesQuery,
        response: { 200: BrokerHistory, ...historyErrors },
      },
    },
    async (request) => {
      const { cluster, id } = request.params;
      knownCluster(source, cluster);
      const history = requireHistory(source);
      const { from, to } = seriesRange(source, cluster, request.query);
      return { from, to, points: history.brokerSeries(cluster, id, from, to, request.query.points) };
    },
  );
}
