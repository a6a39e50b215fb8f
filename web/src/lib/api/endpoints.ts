import { apiPath, type Query, request, withQuery } from './client.ts';
import type {
  AlertHistoryEntry,
  AlertsStatus,
  AlertView,
  AuditEntry,
  AuthInfo,
  BrokerSnapshot,
  ClusterSummary,
  ControllerSnapshot,
  DeliveryResult,
  GroupRow,
  GroupSnapshot,
  IsrChangeEvent,
  Items,
  LagHistory,
  MessagesPage,
  NewSilence,
  NewTopic,
  NotificationLogEntry,
  Page,
  ReceiverView,
  RuleView,
  SilenceView,
  TopicDetail,
  TopicHistory,
  TopicRow,
} from './types.ts';

type Signal = AbortSignal | undefined;
const cluster = (c: string, ...rest: (string | number)[]) => apiPath('clusters', c, ...rest);

export const api = {
  clusters: (signal?: Signal) => request<Items<ClusterSummary>>('/clusters', { signal }),
  brokers: (c: string, signal?: Signal) => request<Items<BrokerSnapshot>>(cluster(c, 'brokers'), { signal }),
  controller: (c: string, signal?: Signal) =>
    request<ControllerSnapshot>(cluster(c, 'controller'), { signal }),
  topics: (c: string, query: Query, signal?: Signal) =>
    request<Page<TopicRow>>(withQuery(cluster(c, 'topics'), query), { signal }),
  topic: (c: string, topic: string, signal?: Signal) =>
    request<TopicDetail>(cluster(c, 'topics', topic), { signal }),
  topicHistory: (c: string, topic: string, query: Query, signal?: Signal) =>
    request<TopicHistory>(withQuery(cluster(c, 'topics', topic, 'history'), query), { signal }),
  isrEvents: (c: string, query: Query, signal?: Signal) =>
    request<{ items: IsrChangeEvent[] }>(withQuery(cluster(c, 'isr-events'), query), { signal }),
  groups: (c: string, query: Query, signal?: Signal) =>
    request<Page<GroupRow>>(withQuery(cluster(c, 'groups'), query), { signal }),
  group: (c: string, group: string, signal?: Signal) =>
    request<GroupSnapshot>(cluster(c, 'groups', group), { signal }),
  groupHistory: (c: string, group: string, query: Query, signal?: Signal) =>
    request<LagHistory>(withQuery(cluster(c, 'groups', group, 'history'), query), { signal }),

  /** The admin token when one was typed; otherwise the browser's viewer sign-in, if any. */
  messages: (c: string, topic: string, query: Query, token: string, signal?: Signal) =>
    request<MessagesPage>(withQuery(cluster(c, 'topics', topic, 'messages'), query), { signal, token }),

  auth: (signal?: Signal) => request<AuthInfo>('/auth', { signal }),
  audit: (query: Query, signal?: Signal) =>
    request<Items<AuditEntry>>(withQuery('/audit', query), { signal }),
  alertsStatus: (signal?: Signal) => request<AlertsStatus>('/alerts/status', { signal }),
  alerts: (query: Query, signal?: Signal) =>
    request<Items<AlertView>>(withQuery('/alerts', query), { signal }),
  alertHistory: (query: Query, signal?: Signal) =>
    request<Items<AlertHistoryEntry>>(withQuery('/alerts/history', query), { signal }),
  rules: (signal?: Signal) => request<Items<RuleView>>('/alerts/rules', { signal }),
  notifications: (query: Query, signal?: Signal) =>
    request<Items<NotificationLogEntry>>(withQuery('/alerts/notifications', query), { signal }),
  silences: (signal?: Signal) => request<Items<SilenceView>>('/silences', { signal }),
  receivers: (signal?: Signal) => request<Items<ReceiverView>>('/receivers', { signal }),

  createTopic: (c: string, topic: NewTopic, token: string) =>
    request<{ name: string }>(cluster(c, 'topics'), { method: 'POST', body: topic, token }),
  deleteTopic: (c: string, topic: string, token: string) =>
    request<{ deleted: string }>(cluster(c, 'topics', topic), {
      method: 'DELETE',
      body: { confirm: topic },
      token,
    }),
  addPartitions: (c: string, topic: string, count: number, token: string) =>
    request<{ name: string; partitions: number }>(cluster(c, 'topics', topic, 'partitions'), {
      method: 'POST',
      body: { count },
      token,
    }),
  createSilence: (silence: NewSilence, token: string) =>
    request<SilenceView>('/silences', { method: 'POST', body: silence, token }),
  expireSilence: (id: string, token: string) =>
    request<SilenceView>(apiPath('silences', id), { method: 'DELETE', token }),
  testReceiver: (name: string, token: string) =>
    request<{ results: DeliveryResult[] }>(apiPath('receivers', name, 'test'), { method: 'POST', token }),
};
