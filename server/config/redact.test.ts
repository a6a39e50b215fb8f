// Secrets: redacted from the effective config and never shown by `kestrel check-config`.
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../test/support/kestrel-config.ts';
import { loadConfig, REDACTED, redactConfig, secretValues } from './index.ts';

describe('secrets', () => {
  const env = {
    KESTREL_ADMIN_TOKEN: 'admin-token-value-0123456789',
    KAFKA_BROKERS: 'a:1',
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: 'user',
    KAFKA_SASL_PASSWORD: 'sasl-password-value',
    KAFKA_TLS_KEY_PASSWORD: 'tls-key-password-value',
  };

  it('are redacted from the effective config', () => {
    const { config } = loadConfig({ env });
    expect(secretValues(config).sort()).toEqual(
      [env.KAFKA_SASL_PASSWORD, env.KAFKA_TLS_KEY_PASSWORD, env.KESTREL_ADMIN_TOKEN].sort(),
    );
    const redacted = JSON.stringify(redactConfig(config));
    for (const secret of secretValues(config)) expect(redacted).not.toContain(secret);
    expect(redactConfig(config).adminToken).toBe(REDACTED);
    expect(config.adminToken).toBe(env.KESTREL_ADMIN_TOKEN); // the original is untouched
  });

  it('never appear in check-config output', () => {
    const result = checkConfig([], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('configuration is valid');
    expect(result.stdout).toContain(REDACTED);
    expect(result.stdout).toContain('username: user');
    for (const secret of [env.KESTREL_ADMIN_TOKEN, env.KAFKA_SASL_PASSWORD, env.KAFKA_TLS_KEY_PASSWORD]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });
});
