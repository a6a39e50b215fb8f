// Environment variables over the file: KESTREL_* for every key, KAFKA_* for one cluster, *_FILE secrets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, useConfigFiles } from '../../test/support/kestrel-config.ts';
import { CONFIG_FIELDS, envVariableName, loadConfig } from './index.ts';

const { tempDir, file } = useConfigFiles();

describe('environment', () => {
  it('overrides the file', () => {
    const path = file(
      'port: 9000\nlogLevel: warn\nclusters:\n  - {name: prod, brokers: [k1:9092], pollInterval: 30s}\n',
    );
    const { config } = loadConfig({
      configPath: path,
      env: {
        KESTREL_PORT: '9100',
        KESTREL_HOST: '127.0.0.1',
        KESTREL_DATA_DIR: '/tmp/k',
        KESTREL_LOG_LEVEL: 'debug',
        KESTREL_CLUSTERS_0_POLL_INTERVAL: '5s',
        KAFKA_BROKERS: 'e1:9092,e2:9092',
      },
    });
    expect(config).toMatchObject({ port: 9100, host: '127.0.0.1', dataDir: '/tmp/k', logLevel: 'debug' });
    expect(config.clusters[0]).toMatchObject({
      name: 'prod',
      brokers: ['e1:9092', 'e2:9092'],
      pollInterval: 5000,
    });
  });

  it('KESTREL_CONFIG names the file and --config wins over it', () => {
    const a = file('port: 1111\n');
    const b = file('port: 2222\n');
    expect(loadConfig({ env: { KESTREL_CONFIG: a } }).config.port).toBe(1111);
    expect(loadConfig({ env: { KESTREL_CONFIG: a }, configPath: b }).config.port).toBe(2222);
  });

  it('KAFKA_* is a shorthand for one cluster, with SASL, TLS and *_FILE secrets', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pw'), 'from-file\n');
    writeFileSync(join(dir, 'ca.pem'), 'ca');
    const { config } = loadConfig({
      env: {
        KAFKA_BROKERS: 'h1:9092,h2:9092',
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'kestrel',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'pw'),
        KAFKA_TLS_ENABLED: 'true',
        KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_TLS_INSECURE_SKIP_VERIFY: 'false',
        KAFKA_HEAP_OPTS: '-Xmx1g', // Kafka's own variables are not ours and are ignored
      },
    });
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0]).toMatchObject({
      name: 'local',
      brokers: ['h1:9092', 'h2:9092'],
      sasl: { mechanism: 'scram-sha-256', username: 'kestrel', password: 'from-file' },
      tls: { enabled: true, caFile: join(dir, 'ca.pem'), insecureSkipVerify: false },
    });
  });

  it('indexed KESTREL_CLUSTERS_<n>_* describe several clusters', () => {
    const { config } = loadConfig({
      env: {
        KESTREL_CLUSTERS_0_NAME: 'east',
        KESTREL_CLUSTERS_0_BROKERS: 'e1:9092',
        KESTREL_CLUSTERS_1_NAME: 'west',
        KESTREL_CLUSTERS_1_BROKERS: 'w1:9092,w2:9092',
        KESTREL_CLUSTERS_1_TOPICS_IGNORE: '^__,^_schemas$',
      },
    });
    expect(config.clusters.map((c) => c.name)).toEqual(['east', 'west']);
    expect(config.clusters[1]).toMatchObject({
      brokers: ['w1:9092', 'w2:9092'],
      topics: { ignore: ['^__', '^_schemas$'] },
    });
  });

  it('admin token from KESTREL_ADMIN_TOKEN_FILE', () => {
    const path = join(tempDir(), 'token');
    writeFileSync(path, 'an-admin-token-of-32-characters!\n');
    expect(loadConfig({ env: { KESTREL_ADMIN_TOKEN_FILE: path } }).config.adminToken).toBe(
      'an-admin-token-of-32-characters!',
    );
  });

  it.each([
    [{ KESTREL_PORT: 'abc' }, 'port (from KESTREL_PORT): Invalid input: expected number'],
    [{ KESTREL_PORT: '0' }, 'port (from KESTREL_PORT): Too small'],
    [
      {
        KAFKA_BROKERS: 'a:1',
        KAFKA_SASL_MECHANISM: 'md5',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      },
      'clusters[0].sasl.mechanism (from KAFKA_SASL_MECHANISM)',
    ],
    [
      { KESTREL_CLUSTERS_1_NAME: 'b' },
      'clusters[1].brokers (clusters[1] is set by KESTREL_CLUSTERS_1_NAME): required',
    ],
    [{ KESTREL_PROT: '1' }, 'KESTREL_PROT: unknown configuration variable'],
    [
      { KESTREL_ADMIN_TOKEN_FILE: '/nope/token' },
      'KESTREL_ADMIN_TOKEN_FILE: cannot read secret file /nope/token',
    ],
    [{ KAFKA_BROKERS: 'a:1', KESTREL_CLUSTERS_0_BROKERS: 'b:1' }, 'sets the same key (clusters[0].brokers)'],
    [
      { KESTREL_CLUSTERS_0_TLS_INSECURE_SKIP_VERIFY: 'maybe', KAFKA_BROKERS: 'a:1' },
      'clusters[0].tls.insecureSkipVerify (from KESTREL_CLUSTERS_0_TLS_INSECURE_SKIP_VERIFY)',
    ],
  ])('bad variable %j names it', (env, expected) => {
    expect(errorOf(() => loadConfig({ env }))).toContain(expected);
  });

  it('every schema field has an environment variable', () => {
    const names = CONFIG_FIELDS.filter((f) => f.kind !== 'map').map((f) => envVariableName(f));
    expect(names).toContain('KESTREL_PORT');
    expect(names).toContain('KESTREL_ADMIN_TOKEN');
    expect(names).toContain('KESTREL_CLUSTERS_0_SASL_PASSWORD');
    expect(new Set(names).size).toBe(names.length);
  });
});
