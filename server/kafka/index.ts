export { OperatorAdmin } from './admin/index.ts';
export { AdminRefusal, type NewTopic, type RefusalKind, TopicAdmin } from './admin.ts';
export { ClusterClient } from './client.ts';
export { type JmxCounters, scrapeBrokerJmx } from './jmx.ts';
