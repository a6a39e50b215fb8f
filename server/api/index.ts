export { API_PREFIX, ApiError, type ApiSource, type ErrorBody, registerApiRoutes } from './routes.ts';
export type { ClusterSummary, GroupRow, TopicConsumer, TopicRow } from './views.ts';
