export { ApiError } from './errors.ts';
export type { ErrorBody } from './responses.ts';
export { API_PREFIX, registerApiRoutes } from './routes.ts';
export type { ApiSource, AuditPort, TopicAdminPort } from './source.ts';
export type { ClusterSummary, GroupRow, TopicConsumer, TopicRow } from './views.ts';
