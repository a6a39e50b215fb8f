export { type RuleConfig, ruleSchema } from './alert-rules.ts';
export { type AlertsConfig, alertsSchema, type ReceiverConfig } from './alerts.ts';
export { envVariableName, formatPath } from './env.ts';
export { type ConfigField, configFields } from './fields.ts';
export { CONFIG_FIELDS, ConfigError, type LoadedConfig, type LoadOptions, loadConfig } from './load.ts';
export { REDACTED, redactConfig, secretValues } from './redact.ts';
export {
  type AuthConfig,
  type BrowseConfig,
  type ClusterConfig,
  type Config,
  configSchema,
  type SaslConfig,
  type TlsConfig,
  type ViewerConfig,
} from './schema.ts';
