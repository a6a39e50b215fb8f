export * from './api.ts';
export { type AlertsConfig, alertsSchema, type ReceiverConfig } from './config.ts';
export { type CreateEngineOptions, createAlertsEngine } from './create.ts';
export { AlertsEngine } from './engine.ts';
export { defaultRules } from './rules/defaults.ts';
export { type RuleConfig, ruleSchema } from './rules/schema.ts';
