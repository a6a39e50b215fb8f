export { type AppDeps, buildApp } from './app.ts';
export { type ClusterHealth, type HealthReport, healthReport, type MigrationsHealth } from './health.ts';
