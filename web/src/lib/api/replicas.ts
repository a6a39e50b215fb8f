// Leader elections and reassignments (server/api/election-routes.ts, reassignment-routes.ts).
import type {
  ElectionPreview,
  ElectionResult,
  ReassignmentCancelled,
  ReassignmentPlan,
  ReassignmentProgress,
  ReassignmentStarted,
} from '../../../../server/api/replica-schemas.ts';
import { apiPath, request, withQuery } from './client.ts';

export type { ElectionPreview, ElectionResult, ReassignmentPlan, ReassignmentProgress, ReassignmentStarted };

export interface ElectionTarget {
  type: 'preferred' | 'unclean';
  topic?: string;
  partitions?: number[];
}

const cluster = (c: string, ...rest: (string | number)[]) => apiPath('clusters', c, ...rest);

export const replicasApi = {
  electionPreview: (c: string, target: ElectionTarget) =>
    request<ElectionPreview>(cluster(c, 'elections', 'preview'), { method: 'POST', body: target }),
  elect: (c: string, target: ElectionTarget & { confirm: string; confirmDataLoss?: string }, token: string) =>
    request<ElectionResult>(cluster(c, 'elections'), { method: 'POST', body: target, token }),
  plan: (c: string, topic: string, brokers: number[], replicationFactor: number) =>
    request<ReassignmentPlan>(
      withQuery(cluster(c, 'topics', topic, 'reassignment', 'plan'), {
        brokers: brokers.join(','),
        replicationFactor,
      }),
    ),
  reassign: (
    c: string,
    topic: string,
    body: { brokers: number[]; replicationFactor: number; throttleBytesPerSec?: number; confirm: string },
    token: string,
  ) =>
    request<ReassignmentStarted>(cluster(c, 'topics', topic, 'reassignment'), {
      method: 'POST',
      body,
      token,
    }),
  progress: (c: string, topic: string, signal?: AbortSignal) =>
    request<ReassignmentProgress>(cluster(c, 'topics', topic, 'reassignment'), { signal }),
  cancel: (c: string, topic: string, token: string) =>
    request<ReassignmentCancelled>(cluster(c, 'topics', topic, 'reassignment'), {
      method: 'DELETE',
      body: { confirm: topic },
      token,
    }),
};
