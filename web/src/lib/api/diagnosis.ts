// The backlog doctor's endpoints (server/api/diagnosis-routes.ts) and the Overview's cluster
// history. Types come from the server, types only: nothing of the server ends up in the bundle.
import type {
  Finding,
  GroupDiagnosis,
  LeaderBalance,
  PartitionRetention,
  TopicDiagnosis,
} from '../../../../server/collector/index.ts';
import type { ClusterPoint } from '../../../../server/store/cluster-series.ts';
import { apiPath, type Query, request, withQuery } from './client.ts';

export type { ClusterPoint, Finding, GroupDiagnosis, LeaderBalance, TopicDiagnosis };

export interface TopicDiagnosisDetail extends TopicDiagnosis {
  consumers: (PartitionRetention & { group: string })[];
}

export interface LaggingGroup {
  group: string;
  state: string;
  status: 'OK' | 'WARN' | 'ERR';
  lag: number | null;
  timeLagSeconds: number | null;
  lostMessages: number;
  findings: number;
  first: Finding | null;
}

export interface ClusterDiagnosisSummary {
  lagging: LaggingGroup[];
  topics: TopicDiagnosis[];
  leaders: LeaderBalance;
}

type Signal = AbortSignal | undefined;
const cluster = (c: string, ...rest: (string | number)[]) => apiPath('clusters', c, ...rest);

export const diagnosisApi = {
  cluster: (c: string, query: Query, signal?: Signal) =>
    request<ClusterDiagnosisSummary>(withQuery(cluster(c, 'diagnosis'), query), { signal }),
  group: (c: string, group: string, signal?: Signal) =>
    request<GroupDiagnosis>(cluster(c, 'groups', group, 'diagnosis'), { signal }),
  topic: (c: string, topic: string, signal?: Signal) =>
    request<TopicDiagnosisDetail>(cluster(c, 'topics', topic, 'diagnosis'), { signal }),
  leaders: (c: string, signal?: Signal) => request<LeaderBalance>(cluster(c, 'leader-balance'), { signal }),
  history: (c: string, query: Query, signal?: Signal) =>
    request<{ from: number; to: number; points: ClusterPoint[] }>(withQuery(cluster(c, 'history'), query), {
      signal,
    }),
};
