// The backlog doctor's answers, from the latest snapshot: why groups lag, topic skew and
// retention, leader balance. Sub-resources, so the group and topic shapes stay as they are.
import { z } from 'zod';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import {
  ClusterDiagnosisSummary,
  GroupDiagnosis,
  LeaderBalance,
  TopicDiagnosisDetail,
} from './diagnosis-responses.ts';
import { groupDiagnosis, laggingGroups, topicDiagnosis, topicRetention } from './diagnosis-views.ts';
import { ApiError } from './errors.ts';
import { readySnapshot } from './lookup.ts';
import { ClusterParams, GroupParams, NoQuery, TopicParams } from './schemas.ts';
import type { ApiSource } from './source.ts';

const snapshotErrors = errors(400, 401, 404, 429, 503);
const SummaryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: 'Lagging groups listed.' }),
});

export function diagnosisRoutes(api: Api, source: ApiSource): void {
  api.get(
    '/clusters/:cluster/diagnosis',
    {
      schema: {
        tags: ['diagnosis'],
        summary: 'Lagging groups with their first finding, topic findings and leader balance',
        params: ClusterParams,
        querystring: SummaryQuery,
        response: { 200: ClusterDiagnosisSummary, ...snapshotErrors },
      },
    },
    async (request) => {
      const snapshot = readySnapshot(source, request.params.cluster);
      return {
        lagging: laggingGroups(snapshot, request.query.limit),
        topics: snapshot.diagnosis.topics.filter((t) => t.findings.length > 0),
        leaders: snapshot.diagnosis.leaders,
      };
    },
  );

  api.get(
    '/clusters/:cluster/groups/:group/diagnosis',
    {
      schema: {
        tags: ['diagnosis'],
        summary: 'Why is it lagging? Findings with evidence and suggestions, and the figures behind them',
        params: GroupParams,
        querystring: NoQuery,
        response: { 200: GroupDiagnosis, ...snapshotErrors },
      },
    },
    async (request) => {
      const { cluster, group } = request.params;
      const found = groupDiagnosis(readySnapshot(source, cluster), group);
      if (!found)
        throw new ApiError(404, 'not_found', `no group ${JSON.stringify(group)} in cluster ${cluster}`);
      return found;
    },
  );

  api.get(
    '/clusters/:cluster/topics/:topic/diagnosis',
    {
      schema: {
        tags: ['diagnosis'],
        summary: 'Skew of size and produce rate across partitions, and how retention applies',
        params: TopicParams,
        querystring: NoQuery,
        response: { 200: TopicDiagnosisDetail, ...snapshotErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      const snapshot = readySnapshot(source, cluster);
      const found = topicDiagnosis(snapshot, topic);
      if (!found)
        throw new ApiError(404, 'not_found', `no topic ${JSON.stringify(topic)} in cluster ${cluster}`);
      return { ...found, consumers: topicRetention(snapshot, topic) };
    },
  );

  api.get(
    '/clusters/:cluster/leader-balance',
    {
      schema: {
        tags: ['diagnosis'],
        summary: 'Leaders per broker against the fair share, and partitions off their preferred leader',
        params: ClusterParams,
        querystring: NoQuery,
        response: { 200: LeaderBalance, ...snapshotErrors },
      },
    },
    async (request) => readySnapshot(source, request.params.cluster).diagnosis.leaders,
  );
}
