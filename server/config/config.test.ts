// Loading the config: what holds with none at all, and the YAML file with each error it names.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, useConfigFiles } from '../../test/support/kestrel-config.ts';
import { loadConfig } from './index.ts';

const { tempDir, file } = useConfigFiles();

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
