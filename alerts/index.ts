export * from './api.ts';
export { type CreateEngineOptions, createAlertsEngine } from './create.ts';
export { AlertsEngine } from './engine.ts';
export { defaultRules } from './rules/defaults.ts';
