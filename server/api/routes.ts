import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ClusterSnapshot, PollerStatus } from '../collector/index.ts';
import type { HistoryStore } from '../store/index.ts';
import { filterRows, nameContains, paginate } from './paging.ts';
import { GroupListQuery, IsrEventsQuery, LagHistoryQuery, NoQuery, TopicListQuery } from './schemas.ts';
import {
  clusterSummary,
  findGroup,
  findTopic,
  type GroupRow,
  sortedGroupRows,
  sortedTopicRows,
  type TopicRow,
  topicConsumers,
} from './views.ts';

/** What the API reads: the collector's latest snapshots and, when given, the history. Never Kafka. */
export interface ApiSource {
  /** One entry per configured cluster, in configuration order. */
  status(): readonly PollerStatus[];
  latest(cluster: string): ClusterSnapshot | undefined;
  /** The history store's read side (lag series and ISR events), when there is one. */
  history?: Pick<HistoryStore, 'isrEvents' | 'lagSeries'>;
  /** The clock for default time ranges; tests pin it. */
  now?: () => number;
}

export const API_PREFIX = '/api/v1';
const DEFAULT_RANGE_MS = 24 * 3_600_000;

/** An expected failure with its status and a stable, machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: string;
  message: string;
}

type ClusterParams = { cluster: string };

export async function registerApiRoutes(app: FastifyInstance, source: ApiSource): Promise<void> {
  await app.register(
    async (api) => {
      api.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));
      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }),
      );
      routes(api, source);
    },
    { prefix: API_PREFIX },
  );
}

function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) return reply.code(error.statusCode).send(body(error.code, error.message));
  const status = error.statusCode ?? 500;
  if (status < 500) return reply.code(status).send(body('bad_request', error.message));
  request.log.error({ err: error }, 'API request failed');
  return reply.code(500).send(body('internal', 'internal error'));
}

const hasAny = (count: number): boolean => count > 0;

const body = (error: string, message: string): ErrorBody => ({ error, message });

function routes(api: FastifyInstance, source: ApiSource): void {
  const now = source.now ?? Date.now;

  api.get('/clusters', async (request) => {
    parseQuery(NoQuery, request.query);
    return { items: source.status().map((s) => clusterSummary(s, source.latest(s.cluster))) };
  });

  api.get<{ Params: ClusterParams }>('/clusters/:cluster/brokers', async (request) => {
    parseQuery(NoQuery, request.query);
    return { items: readySnapshot(source, request.params.cluster).brokers };
  });

  api.get<{ Params: ClusterParams }>('/clusters/:cluster/controller', async (request) => {
    parseQuery(NoQuery, request.query);
    return readySnapshot(source, request.params.cluster).controller;
  });

  api.get<{ Params: ClusterParams }>('/clusters/:cluster/topics', async (request) => {
    const q = parseQuery(TopicListQuery, request.query);
    const snapshot = readySnapshot(source, request.params.cluster);
    const predicates: ((row: TopicRow) => boolean)[] = [];
    if (q.q !== undefined && q.q !== '') {
      const matches = nameContains(q.q);
      predicates.push((r) => matches(r.name));
    }
    if (q.underReplicated !== undefined)
      predicates.push((r) => hasAny(r.underReplicated) === q.underReplicated);
    if (q.offline !== undefined) predicates.push((r) => hasAny(r.offline) === q.offline);
    if (q.internal !== undefined) predicates.push((r) => r.internal === q.internal);
    const rows = filterRows(sortedTopicRows(snapshot, q.sort, q.order), predicates);
    return paginate(rows, q.page, q.pageSize);
  });

  api.get<{ Params: ClusterParams & { topic: string } }>(
    '/clusters/:cluster/topics/:topic',
    async (request) => {
      parseQuery(NoQuery, request.query);
      const { cluster, topic: name } = request.params;
      const snapshot = readySnapshot(source, cluster);
      const topic = findTopic(snapshot, name);
      if (!topic)
        throw new ApiError(404, 'not_found', `no topic ${JSON.stringify(name)} in cluster ${cluster}`);
      const { partitions, configs, ...rest } = topic;
      return { ...rest, configs, partitions, consumers: topicConsumers(snapshot, name) };
    },
  );

  api.get<{ Params: ClusterParams }>('/clusters/:cluster/groups', async (request) => {
    const q = parseQuery(GroupListQuery, request.query);
    const snapshot = readySnapshot(source, request.params.cluster);
    const predicates: ((row: GroupRow) => boolean)[] = [];
    if (q.q !== undefined && q.q !== '') {
      const matches = nameContains(q.q);
      predicates.push((r) => matches(r.id));
    }
    if (q.state !== undefined) predicates.push((r) => r.state === q.state);
    if (q.status !== undefined) predicates.push((r) => r.status === q.status);
    const rows = filterRows(sortedGroupRows(snapshot, q.sort, q.order), predicates);
    return paginate(rows, q.page, q.pageSize);
  });

  api.get<{ Params: ClusterParams & { group: string } }>(
    '/clusters/:cluster/groups/:group',
    async (request) => {
      parseQuery(NoQuery, request.query);
      const { cluster, group: id } = request.params;
      const group = findGroup(readySnapshot(source, cluster), id);
      if (!group)
        throw new ApiError(404, 'not_found', `no group ${JSON.stringify(id)} in cluster ${cluster}`);
      return group;
    },
  );

  api.get<{ Params: ClusterParams }>('/clusters/:cluster/isr-events', async (request) => {
    const q = parseQuery(IsrEventsQuery, request.query);
    const { cluster } = request.params;
    knownCluster(source, cluster);
    const history = requireHistory(source);
    const to = q.to ?? now();
    const from = q.from ?? to - DEFAULT_RANGE_MS;
    const query = { from, to, limit: q.limit, ...(q.topic === undefined ? {} : { topic: q.topic }) };
    return { from, to, items: history.isrEvents(cluster, query) };
  });

  api.get<{ Params: ClusterParams & { group: string } }>(
    '/clusters/:cluster/groups/:group/history',
    async (request) => {
      const q = parseQuery(LagHistoryQuery, request.query);
      const { cluster, group } = request.params;
      knownCluster(source, cluster);
      const history = requireHistory(source);
      const to = q.to ?? now();
      const from = q.from ?? to - DEFAULT_RANGE_MS;
      // A group gone from the latest snapshot may still have history, so no 404 on it here.
      const points = history.lagSeries(cluster, group, q.topic, from, to, q.points);
      return { from, to, topic: q.topic ?? null, points };
    },
  );
}

/** The parsed query, or a 400 naming every bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'query'}: ${issue.message}`)
    .join('; ');
  throw new ApiError(400, 'bad_query', message);
}

function knownCluster(source: ApiSource, cluster: string): void {
  if (!source.status().some((s) => s.cluster === cluster))
    throw new ApiError(404, 'not_found', `no cluster ${JSON.stringify(cluster)}`);
}

/** The latest snapshot of a known cluster that answered; 404 for unknown clusters, 503 otherwise. */
function readySnapshot(source: ApiSource, cluster: string): ClusterSnapshot {
  knownCluster(source, cluster);
  const snapshot = source.latest(cluster);
  if (!snapshot) throw new ApiError(503, 'not_ready', `cluster ${cluster} has not been polled yet`);
  if (!snapshot.reachable)
    throw new ApiError(503, 'unreachable', `cluster ${cluster} did not answer its latest poll`);
  return snapshot;
}

function requireHistory(source: ApiSource): NonNullable<ApiSource['history']> {
  if (!source.history) throw new ApiError(503, 'no_history', 'history is not available');
  return source.history;
}
