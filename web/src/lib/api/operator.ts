// The operator actions' endpoints (server/api/offsets-routes.ts, config-routes.ts). Every one
// needs the admin token: even previews ask Kafka, not the snapshot.
import { apiPath, request } from './client.ts';

export type ResetStrategy =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'datetime'; timestamp: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number };

export type ResetScope = { topic: string; partitions?: number[] }[] | undefined;

export interface GroupStatus {
  groupId: string;
  exists: boolean;
  type: string | null;
  state: string;
  members: number;
}

export interface PlanRow {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
  logStart: number;
  logEnd: number;
  lagBefore: number | null;
  lagAfter: number;
}

export interface ResetPreview {
  group: GroupStatus;
  plan: PlanRow[];
  confirmation: string;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface TopicConfig {
  name: string;
  value: string | null;
  source: string;
  sensitive: boolean;
  readOnly: boolean;
  synonyms: { name: string; value: string | null; source: string }[];
}

export type ConfigEdit =
  | { name: string; operation: 'set'; value: string }
  | { name: string; operation: 'delete' };

export interface PlannedConfigChange {
  name: string;
  operation: 'set' | 'delete';
  oldValue: string | null;
  oldSource: string;
  newValue: string | null;
  newSource: string;
  inheritedFrom: string | null;
  sensitive: boolean;
}

const group = (c: string, g: string, ...rest: string[]) => apiPath('clusters', c, 'groups', g, ...rest);
const topic = (c: string, t: string, ...rest: string[]) => apiPath('clusters', c, 'topics', t, ...rest);

export const operatorApi = {
  previewReset: (c: string, g: string, strategy: ResetStrategy, scope: ResetScope, token: string) =>
    request<ResetPreview>(group(c, g, 'offsets', 'reset', 'preview'), {
      method: 'POST',
      body: { strategy, scope },
      token,
    }),
  /** Sends back exactly what the preview showed, with its confirmation. */
  executeReset: (
    c: string,
    g: string,
    strategy: ResetStrategy,
    scope: ResetScope,
    shown: ResetPreview,
    token: string,
  ) =>
    request<{ group: GroupStatus; plan: PlanRow[] }>(group(c, g, 'offsets', 'reset'), {
      method: 'POST',
      body: {
        strategy,
        scope,
        plan: shown.plan.map(({ topic, partition, currentOffset, newOffset }) => ({
          topic,
          partition,
          currentOffset,
          newOffset,
        })),
        confirmation: shown.confirmation,
      },
      token,
    }),
  previewDeleteOffsets: (c: string, g: string, t: string, token: string) =>
    request<{ group: GroupStatus; topic: string; offsets: CommittedOffset[] }>(
      group(c, g, 'offsets', t, 'delete', 'preview'),
      { method: 'POST', token },
    ),
  deleteOffsets: (c: string, g: string, t: string, token: string) =>
    request<{ deleted: CommittedOffset[] }>(group(c, g, 'offsets', t), {
      method: 'DELETE',
      body: { confirm: t },
      token,
    }),
  previewDeleteGroup: (c: string, g: string, token: string) =>
    request<{ group: GroupStatus; offsets: CommittedOffset[] }>(group(c, g, 'delete', 'preview'), {
      method: 'POST',
      token,
    }),
  deleteGroup: (c: string, g: string, token: string) =>
    request<{ deleted: string }>(group(c, g), { method: 'DELETE', body: { confirm: g }, token }),
  topicConfigs: (c: string, t: string, token: string) =>
    request<{ topic: string; configs: TopicConfig[] }>(topic(c, t, 'configs'), { token }),
  previewConfigs: (c: string, t: string, changes: ConfigEdit[], token: string) =>
    request<{ changes: PlannedConfigChange[]; confirmation: string }>(topic(c, t, 'configs', 'preview'), {
      method: 'POST',
      body: { changes },
      token,
    }),
  applyConfigs: (c: string, t: string, changes: ConfigEdit[], confirmation: string, token: string) =>
    request<{ changes: PlannedConfigChange[] }>(topic(c, t, 'configs'), {
      method: 'POST',
      body: { changes, confirmation },
      token,
    }),
};
