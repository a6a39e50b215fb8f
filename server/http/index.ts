export { type AppDeps, buildApp } from './app.ts';
export { type ClusterHealth, type HealthReport, healthReport } from './health.ts';
