export {
  CONTENT_TYPES,
  type Granularity,
  KestrelMetrics,
  type MetricsFormat,
  type MetricsOptions,
  type RenderedMetrics,
  type SnapshotSource,
} from './exporter.ts';
export { acceptsGzip, negotiateFormat } from './negotiate.ts';
export { buildMetricsServer, type MetricsEndpoint, registerMetricsRoute } from './route.ts';
export { PARTITION_SERIES } from './series.ts';
