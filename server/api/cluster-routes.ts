// Reads of the latest snapshot: clusters, brokers, controller, topics and groups.
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { readySnapshot } from './lookup.ts';
import { filterRows, nameContains, paginate } from './paging.ts';
import {
  Broker,
  ClusterSummary,
  Controller,
  GroupDetail,
  GroupRow as GroupRowSchema,
  Items,
  Page,
  TopicDetail,
  TopicRow as TopicRowSchema,
} from './responses.ts';
import {
  ClusterParams,
  GroupListQuery,
  GroupParams,
  NoQuery,
  TopicListQuery,
  TopicParams,
} from './schemas.ts';
import type { ApiSource } from './source.ts';
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

const hasAny = (count: number): boolean => count > 0;
const snapshotErrors = errors(400, 401, 404, 429, 503);

export function clusterRoutes(api: Api, source: ApiSource): void {
  api.get(
    '/clusters',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Every configured cluster with its headline numbers',
        querystring: NoQuery,
        response: { 200: Items(ClusterSummary), ...errors(400, 401, 429) },
      },
    },
    async () => ({ items: source.status().map((s) => clusterSummary(s, source.latest(s.cluster))) }),
  );

  api.get(
    '/clusters/:cluster/brokers',
    {
      schema: {
        tags: ['clusters'],
        summary: 'Brokers, including those seen before and down now',
        params: ClusterParams,
        querystring: NoQuery,
        response: { 200: Items(Broker), ...snapshotErrors },
      },
    },
    async (request) => ({ items: readySnapshot(source, request.params.cluster).brokers }),
  );

  api.get(
    '/clusters/:cluster/controller',
    {
      schema: {
        tags: ['clusters'],
        summary: 'The controller, or the KRaft quorum with its voters and observers',
        params: ClusterParams,
        querystring: NoQuery,
        response: { 200: Controller, ...snapshotErrors },
      },
    },
    async (request) => readySnapshot(source, request.params.cluster).controller,
  );

  api.get(
    '/clusters/:cluster/topics',
    {
      schema: {
        tags: ['topics'],
        summary: 'One page of topics, filtered and sorted',
        params: ClusterParams,
        querystring: TopicListQuery,
        response: { 200: Page(TopicRowSchema), ...snapshotErrors },
      },
    },
    async (request) => {
      const q = request.query;
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
    },
  );

  api.get(
    '/clusters/:cluster/topics/:topic',
    {
      schema: {
        tags: ['topics'],
        summary: 'A topic with its partitions, configs and the groups consuming it',
        params: TopicParams,
        querystring: NoQuery,
        response: { 200: TopicDetail, ...snapshotErrors },
      },
    },
    async (request) => {
      const { cluster, topic: name } = request.params;
      const snapshot = readySnapshot(source, cluster);
      const topic = findTopic(snapshot, name);
      if (!topic)
        throw new ApiError(404, 'not_found', `no topic ${JSON.stringify(name)} in cluster ${cluster}`);
      return { ...topic, consumers: topicConsumers(snapshot, name) };
    },
  );

  api.get(
    '/clusters/:cluster/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'One page of consumer groups, filtered and sorted',
        params: ClusterParams,
        querystring: GroupListQuery,
        response: { 200: Page(GroupRowSchema), ...snapshotErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const snapshot = readySnapshot(source, request.params.cluster);
      const predicates: ((row: GroupRow) => boolean)[] = [];
      if (q.q !== undefined && q.q !== '') {
        const matches = nameContains(q.q);
        predicates.push((r) => matches(r.id));
      }
      if (q.type !== undefined) predicates.push((r) => r.type === q.type);
      if (q.state !== undefined) predicates.push((r) => r.state === q.state);
      if (q.status !== undefined) predicates.push((r) => r.status === q.status);
      const rows = filterRows(sortedGroupRows(snapshot, q.sort, q.order), predicates);
      return paginate(rows, q.page, q.pageSize);
    },
  );

  api.get(
    '/clusters/:cluster/groups/:group',
    {
      schema: {
        tags: ['groups'],
        summary: 'A group with per-partition lag, members and their assignment',
        params: GroupParams,
        querystring: NoQuery,
        response: { 200: GroupDetail, ...snapshotErrors },
      },
    },
    async (request) => {
      const { cluster, group: id } = request.params;
      const group = findGroup(readySnapshot(source, cluster), id);
      if (!group)
        throw new ApiError(404, 'not_found', `no group ${JSON.stringify(id)} in cluster ${cluster}`);
      return group;
    },
  );
}
