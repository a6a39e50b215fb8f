import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import {
  CONFIG_FIELDS,
  ConfigError,
  envVariableName,
  loadConfig,
  REDACTED,
  redactConfig,
  secretValues,
} from './index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/kestrel.js');

const tempDirs = useTempDirs();
function tempDir(): string {
  return tempDirs('kestrel-config-');
}

function file(content: string, name = 'kestrel.yaml'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

function checkConfig(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, 'check-config', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
}

describe('defaults', () => {
  it('monitors localhost:9092 as cluster "local" with no config at all', () => {
    const { config, file: used } = loadConfig({ env: {} });
    expect(used).toBeUndefined();
    expect(config.port).toBe(8048);
    expect(config.dataDir).toBe('./data');
    expect(config.adminToken).toBeUndefined();
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0]).toMatchObject({
      name: 'local',
      brokers: ['localhost:9092'],
      pollInterval: 15_000,
    });
  });

  it('gives each cluster its own default lists (no shared mutable defaults)', () => {
    const { config } = loadConfig({
      env: {},
      configPath: file('clusters:\n  - {name: a, brokers: [a:1]}\n  - {name: b, brokers: [b:1]}\n'),
    });
    expect(config.clusters[0]!.topics.allow).not.toBe(config.clusters[1]!.topics.allow);
  });
});

describe('YAML file', () => {
  it('reads several clusters with SASL, TLS, JMX and filters', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.pem'), 'ca');
    writeFileSync(join(dir, 'pw'), 's3cret-from-file\n');
    const path = file(`
port: 9000
dataDir: /var/lib/kestrel
clusters:
  - name: prod
    brokers: [k1:9093, k2:9093]
    pollInterval: 30s
    sasl: { mechanism: scram-sha-512, username: kestrel, passwordFile: ${join(dir, 'pw')} }
    tls: { caFile: ${join(dir, 'ca.pem')} }
    jmx: { urlTemplate: "http://{host}:7071/metrics" }
    topics: { ignore: ["^__", "^_schemas$"] }
  - name: staging
    brokers: "s1:9092,s2:9092"
    groups: { allow: ["^team-a-"] }
`);
    const { config } = loadConfig({ env: {}, configPath: path });
    expect(config.port).toBe(9000);
    const [prod, staging] = config.clusters;
    expect(prod).toMatchObject({
      name: 'prod',
      brokers: ['k1:9093', 'k2:9093'],
      pollInterval: 30_000,
      sasl: { mechanism: 'scram-sha-512', username: 'kestrel', password: 's3cret-from-file' },
      tls: { enabled: true, insecureSkipVerify: false },
      topics: { allow: [], ignore: ['^__', '^_schemas$'] },
    });
    expect(staging).toMatchObject({ brokers: ['s1:9092', 's2:9092'], groups: { allow: ['^team-a-'] } });
  });

  it.each([
    ['missing brokers', 'clusters:\n  - name: a\n', 'clusters[0].brokers: required'],
    [
      'empty brokers',
      'clusters:\n  - {name: a, brokers: []}\n',
      'clusters[0].brokers: at least one broker is required',
    ],
    [
      'bad broker address',
      'clusters:\n  - {name: a, brokers: ["k1"]}\n',
      'clusters[0].brokers[0]: expected host:port',
    ],
    ['bad port', 'port: 70000\n', 'port: Too big'],
    [
      'port of the wrong type',
      'port: eighty\n',
      'port: Invalid input: expected number, received string (got "eighty")',
    ],
    ['unknown key', 'prot: 8080\n', 'prot: unknown key'],
    [
      'unknown nested key',
      'clusters:\n  - {name: a, brokers: [a:1], sasl: {mechanism: plain, username: u, password: p, extra: 1}}\n',
      'clusters[0].sasl.extra: unknown key',
    ],
    [
      'bad SASL mechanism',
      'clusters:\n  - {name: a, brokers: [a:1], sasl: {mechanism: gssapi, username: u, password: p}}\n',
      'clusters[0].sasl.mechanism: Invalid option',
    ],
    [
      'bad poll interval',
      'clusters:\n  - {name: a, brokers: [a:1], pollInterval: soon}\n',
      'clusters[0].pollInterval: expected a poll interval',
    ],
    [
      'bad regex',
      'clusters:\n  - {name: a, brokers: [a:1], topics: {allow: ["(("]}}\n',
      'clusters[0].topics.allow[0]: not a valid regular expression',
    ],
    [
      'duplicate cluster names',
      'clusters:\n  - {name: a, brokers: [a:1]}\n  - {name: a, brokers: [b:1]}\n',
      'clusters[1].name: duplicate cluster name "a"',
    ],
    ['short admin token', 'adminToken: abc\n', 'adminToken: must be at least 16 characters'],
    ['bad log level', 'logLevel: loud\n', 'logLevel: Invalid option'],
    [
      'metrics on the dashboard port',
      'port: 9000\nmetrics: {port: 9000}\n',
      'metrics.port: metrics.port must differ from port',
    ],
  ])('%s names the key and the file', (_case, yaml, expected) => {
    const path = file(yaml);
    const message = errorOf(() => loadConfig({ env: {}, configPath: path }));
    expect(message).toContain(expected);
    expect(message).toContain(path);
  });

  it('reports invalid YAML with its line', () => {
    const path = file('port: 1\nclusters: [\n  - a\n');
    const message = errorOf(() => loadConfig({ env: {}, configPath: path }));
    expect(message).toMatch(/is not valid YAML at line \d+/);
    expect(message).toContain(path);
  });

  it('reports a missing config file', () => {
    expect(errorOf(() => loadConfig({ env: {}, configPath: '/nonexistent/kestrel.yaml' }))).toContain(
      'cannot read config file /nonexistent/kestrel.yaml',
    );
  });

  it('reports an unreadable secret file without revealing anything', () => {
    const path = file(
      'clusters:\n  - {name: a, brokers: [a:1], sasl: {mechanism: plain, username: u, passwordFile: /nope/pw}}\n',
    );
    expect(errorOf(() => loadConfig({ env: {}, configPath: path }))).toContain(
      'clusters[0].sasl.passwordFile: cannot read secret file /nope/pw (ENOENT)',
    );
  });

  it('refuses a secret given both inline and as a file', () => {
    const path = file('adminToken: aaaaaaaaaaaaaaaa\nadminTokenFile: /x\n');
    expect(errorOf(() => loadConfig({ env: {}, configPath: path }))).toContain(
      'adminTokenFile: set either adminToken or adminTokenFile',
    );
  });

  it('checks that TLS files are readable', () => {
    const path = file('clusters:\n  - {name: a, brokers: [a:1], tls: {caFile: /nope/ca.pem}}\n');
    expect(errorOf(() => loadConfig({ env: {}, configPath: path }))).toContain(
      'clusters[0].tls.caFile: cannot read /nope/ca.pem',
    );
  });

  it('does not echo a bad secret value in the error', () => {
    const path = file('adminToken: short-secret\n');
    const message = errorOf(() => loadConfig({ env: {}, configPath: path }));
    expect(message).toContain('adminToken');
    expect(message).not.toContain('short-secret');
  });
});

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

describe('kestrel check-config', () => {
  it('exits non-zero naming the key and the file', () => {
    const path = file(
      'clusters:\n  - {name: a, brokers: [a:1], sasl: {mechanism: gssapi, username: u, password: p}}\n',
    );
    const result = checkConfig(['--config', path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('clusters[0].sasl.mechanism');
    expect(result.stderr).toContain(path);
    expect(result.stdout).toBe('');
  });

  it('exits non-zero on an unreadable config file', () => {
    const path = file('port: 1\n');
    chmodSync(path, 0o000);
    // root can read anything; a directory is unreadable as a file for everyone
    const result = checkConfig(['--config', process.getuid?.() === 0 ? tempDir() : path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot read config file');
  });

  it('exits 2 on an unknown command', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });

  it('checks a file given as a plain argument, as it does with --config', () => {
    const path = file('clusters:\n  - {name: a, brokers: [a:1], pollInterval: soon}\n');
    const result = checkConfig([path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('clusters[0].pollInterval');
    expect(result.stderr).toContain(path);
    const good = checkConfig([file('clusters:\n  - {name: plain-arg, brokers: [a:1]}\n')]);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('name: plain-arg');
  });

  it.each([[['--confg', 'x.yaml']], [['a.yaml', 'b.yaml']], [['a.yaml', '--config', 'b.yaml']]])(
    'exits 2 with a usage line on %j',
    (args) => {
      const result = checkConfig(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: kestrel');
      expect(result.stdout).toBe('');
    },
  );

  it('exits 2 when hash-password is given arguments it does not take', () => {
    const result = spawnSync(process.execPath, [BIN, 'hash-password', 'secret'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unexpected argument');
  });
});

describe('durations', () => {
  it('format back to their shortest exact form', async () => {
    const { formatDuration, parseDuration } = await import('./duration.ts');
    for (const text of ['6h', '30d', '15s', '1500ms', '2m'])
      expect(formatDuration(parseDuration(text)!)).toBe(text);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
