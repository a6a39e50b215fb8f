// docker/: what can be checked without a Docker engine. The compose file's Kestrel environment is
// loaded by Kestrel's own config loader, the image's entry point is built and run the way the
// Dockerfile does, its HEALTHCHECK runs against a live server, and promtool checks Prometheus.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readEnv } from '../../server/config/env.ts';
import { CONFIG_FIELDS, loadConfig } from '../../server/config/index.ts';
import { buildApp } from '../../server/http/index.ts';
import { createLogger } from '../../server/shared/logger.ts';
import { binaryOrSkip, requireBinary, run } from '../metrics/support.ts';
import { copies, dockerignorePatterns, envOf, execForm, isIgnored, parseDockerfile } from './dockerfile.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCKER = join(ROOT, 'docker');

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  command?: string[];
};
const compose = parse(readFileSync(join(DOCKER, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const kestrel = services.kestrel!;
const dockerfile = parseDockerfile(readFileSync(join(DOCKER, 'Dockerfile'), 'utf8'));
const lastStage = dockerfile.slice(dockerfile.findLastIndex((i) => i.keyword === 'FROM'));
const instruction = (keyword: string) => lastStage.filter((i) => i.keyword === keyword);

/** The kestrel service's environment as a process sees it; variables without a value come from the shell. */
function kestrelEnv(shell: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(kestrel.environment ?? {})) {
    if (value !== null) env[name] = String(value);
    else if (shell[name] !== undefined) env[name] = shell[name];
  }
  return env;
}
const passThrough = Object.entries(kestrel.environment ?? {})
  .filter(([, value]) => value === null)
  .map(([name]) => name);
const adminToken = randomBytes(24).toString('base64url');

/** `host:container` of a bind or volume mount, with the host side resolved against docker/ for bind mounts. */
function mounts(service: Service): { source: string; target: string; bind: boolean }[] {
  return (service.volumes ?? []).map((volume) => {
    const [source = '', target = ''] = volume.split(':');
    const bind = source.startsWith('.') || source.startsWith('/');
    return { source: bind ? resolve(DOCKER, source) : source, target, bind };
  });
}

describe('docker/compose.yaml', () => {
  it('has a 3-node Kafka, Kestrel, Prometheus and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['grafana', 'kafka-1', 'kafka-2', 'kafka-3', 'kestrel', 'prometheus'].sort(),
    );
  });

  it('forms one 3-voter KRaft quorum in combined mode', () => {
    const kafka = ['kafka-1', 'kafka-2', 'kafka-3'].map((name) => ({
      name,
      env: services[name]!.environment!,
    }));
    const voters = String(kafka[0]!.env.KAFKA_CONTROLLER_QUORUM_VOTERS).split(',');
    expect(voters).toEqual(kafka.map((k) => `${k.env.KAFKA_NODE_ID}@${k.name}:9093`));
    for (const { name, env } of kafka) {
      expect(services[name]!.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(String(env.KAFKA_CONTROLLER_QUORUM_VOTERS)).toBe(voters.join(','));
      expect(String(env.KAFKA_ADVERTISED_LISTENERS)).toContain(`PLAINTEXT://${name}:9092`);
      expect(env.CLUSTER_ID).toBe(kafka[0]!.env.CLUSTER_ID);
    }
    // A Kafka cluster id is 16 bytes in URL-safe base64.
    expect(Buffer.from(String(kafka[0]!.env.CLUSTER_ID), 'base64url')).toHaveLength(16);
    expect(kafka.map((k) => k.env.KAFKA_NODE_ID)).toEqual([1, 2, 3]);
  });

  it('sets only variables that Kestrel knows on the kestrel service', () => {
    const env = kestrelEnv({ KESTREL_ADMIN_TOKEN: adminToken });
    expect(Object.keys(env).length).toBeGreaterThan(0);
    const { overrides, errors } = readEnv(CONFIG_FIELDS, env);
    expect(errors).toEqual([]);
    // KAFKA_* variables Kestrel does not know would be ignored silently: each must be claimed.
    expect(overrides.map((o) => o.variable).sort()).toEqual(Object.keys(env).sort());
  });

  it('configures Kestrel from exactly its environment (with and without an admin token)', () => {
    expect(passThrough).toEqual(['KESTREL_ADMIN_TOKEN']);
    const image = envOf(dockerfile);
    const withToken = loadConfig({
      env: { ...image, ...kestrelEnv({ KESTREL_ADMIN_TOKEN: adminToken }) },
    }).config;
    expect(withToken.adminToken).toBe(adminToken);
    const { config } = loadConfig({ env: { ...image, ...kestrelEnv() } });
    expect(config.adminToken).toBeUndefined();
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0]!.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092']);
    for (const broker of config.clusters[0]!.brokers) expect(services[broker.split(':')[0]!]).toBeDefined();
    // The port compose publishes, the image exposes and the health check asks is the configured one.
    expect(kestrel.ports).toEqual([`127.0.0.1:${config.port}:${config.port}`]);
    expect(instruction('EXPOSE').map((i) => i.args)).toEqual([String(config.port)]);
    // The history goes to the volume.
    expect(config.dataDir).toBe('/data');
    expect(instruction('VOLUME').map((i) => i.args)).toEqual([config.dataDir]);
    expect(mounts(kestrel).map((m) => m.target)).toEqual([config.dataDir]);
  });

  it('builds the image from this repository', () => {
    const context = resolve(DOCKER, kestrel.build!.context);
    expect(context).toBe(ROOT);
    expect(existsSync(join(context, kestrel.build!.dockerfile))).toBe(true);
  });

  it('mounts only files that exist, and declares every named volume', () => {
    for (const service of Object.values(services)) {
      for (const mount of mounts(service)) {
        if (mount.bind) expect(existsSync(mount.source), mount.source).toBe(true);
        else expect(compose.volumes).toHaveProperty(mount.source);
      }
    }
  });

  it('publishes ports on the loopback interface only', () => {
    for (const [name, service] of Object.entries(services))
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
  });

  it('has no default password', () => {
    const grafana = services.grafana!.environment!;
    expect(grafana.GF_SECURITY_ADMIN_PASSWORD).toBeUndefined();
    expect(grafana.GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION).toBe('true');
    expect(grafana.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    expect(kestrel.environment?.KESTREL_ADMIN_TOKEN).toBeNull();
  });
});

describe('docker/Dockerfile', () => {
  it('builds in one stage and runs as non-root on node:20-bookworm-slim in another', () => {
    const stages = dockerfile.filter((i) => i.keyword === 'FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const image = dockerfile.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(image?.args).toBe('NODE_IMAGE=node:20-bookworm-slim');
    const user = instruction('USER').map((i) => i.args);
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(instruction('HEALTHCHECK')).toHaveLength(1);
  });

  it('builds the web UI, and a build that cannot fails the image instead of shipping none', () => {
    const build = dockerfile.find((i) => i.keyword === 'RUN' && i.args.includes('npm run build:web'));
    expect(build?.args).toBeDefined();
    expect(build?.args).not.toContain('--if-present');
    expect(build?.args).not.toMatch(/mkdir -p web\/dist/);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const ignore = dockerignorePatterns(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
    const sources = copies(dockerfile)
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), `COPY ${source}`).toBe(true);
      expect(isIgnored(source, ignore), `COPY ${source} is in .dockerignore`).toBe(false);
    }
  });

  it('keeps node_modules, data, caches and build output out of the build context', () => {
    const ignore = dockerignorePatterns(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
    for (const path of [
      'node_modules',
      'web/node_modules',
      'data',
      'data/kestrel.db',
      '.cache',
      '.cache/kafka/4.4.0',
      'dist',
      'web/dist',
      '.git',
      '.env',
      'docker/.env.local',
    ])
      expect(isIgnored(path, ignore), path).toBe(true);
    // The matcher itself: a name is not a prefix of another name.
    expect(isIgnored('database.ts', ignore)).toBe(false);
    expect(isIgnored('server/data/x.ts', ignore)).toBe(false);
  });
});

describe('the image entry point', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('is what `npm run build` emits, and it accepts the compose environment', async () => {
    // The runtime stage's layout: package.json, migrations/, node_modules/ and dist/ under one root.
    const app = mkdtempSync(join(tmpdir(), 'kestrel-image-'));
    temp.push(app);
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    cpSync(join(ROOT, 'migrations'), join(app, 'migrations'), { recursive: true });
    for (const file of ['kestrel-server', 'node-production'])
      cpSync(join(ROOT, 'bin', file), join(app, 'bin', file));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const build = await run(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json', '--outDir', join(app, 'dist')],
      undefined,
      ROOT,
    );
    expect(build.code, build.stdout + build.stderr).toBe(0);

    const [entry, ...entryArgs] = execForm(instruction('ENTRYPOINT')[0]!.args);
    expect(entry).toBe('bin/kestrel-server'); // the launcher npm start runs too
    expect(instruction('COPY').map((c) => c.args)).toContain('bin/kestrel-server bin/node-production bin/');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        join(app, entry!),
        [...entryArgs, 'check-config'],
        { cwd: app, env: { PATH: process.env.PATH, ...envOf(dockerfile), ...kestrelEnv() } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('configuration is valid');
    expect(result.stdout).toContain('kafka-1:9092');
    expect(execForm(instruction('CMD')[0]!.args)).toEqual(['start']);
  }, 120_000);

  it('has a HEALTHCHECK that passes while /livez answers and fails once it does not', async () => {
    const command = execForm(instruction('HEALTHCHECK')[0]!.args);
    expect(command[0]).toBe('node');
    const app = await buildApp({
      logger: createLogger('silent'),
      clusterStatus: () => [],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const check = () =>
      new Promise<number>((done) =>
        execFile(
          process.execPath,
          command.slice(1),
          { env: { KESTREL_PORT: String(port) }, timeout: 10_000 },
          (error) => done(error ? Number(error.code ?? 1) : 0),
        ),
      );
    try {
      expect(await check()).toBe(0);
    } finally {
      await app.close();
    }
    expect(await check()).toBe(1);
  });
});

describe('docker/prometheus/prometheus.yml', () => {
  const prometheus = parse(readFileSync(join(DOCKER, 'prometheus/prometheus.yml'), 'utf8')) as {
    rule_files: string[];
    scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
  };

  it('scrapes Kestrel and loads the shipped rules, where compose mounts them', () => {
    const targets = prometheus.scrape_configs.flatMap((s) => s.static_configs.flatMap((c) => c.targets));
    const port = loadConfig({ env: { ...envOf(dockerfile), ...kestrelEnv() } }).config.port;
    expect(targets).toEqual([`kestrel:${port}`]);
    expect(prometheus.rule_files).toEqual(['kestrel-rules.yml']);
    const mounted = mounts(services.prometheus!);
    const config = mounted.find((m) => m.source === join(DOCKER, 'prometheus/prometheus.yml'))!;
    expect(services.prometheus!.command).toContain(`--config.file=${config.target}`);
    for (const rules of prometheus.rule_files) {
      expect(existsSync(join(DOCKER, 'prometheus', rules))).toBe(true);
      // Relative rule files are read next to the config file.
      const target = posix.join(posix.dirname(config.target), rules);
      expect(mounted.find((m) => m.target === target)?.source).toBe(join(DOCKER, 'prometheus', rules));
    }
  });

  const promtool = binaryOrSkip('promtool');
  it.skipIf(promtool.skip)(
    `passes promtool check config (which also checks the rules)${promtool.skipNote}`,
    async () => {
      const binary = requireBinary(promtool.path, 'promtool');
      const result = await run(
        binary,
        ['check', 'config', 'prometheus.yml'],
        undefined,
        join(DOCKER, 'prometheus'),
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout + result.stderr).toContain('SUCCESS: 1 rule files found');
    },
  );
});

describe('docker/grafana provisioning', () => {
  it('provisions Prometheus as the default data source and loads the shipped dashboard', () => {
    const grafana = mounts(services.grafana!);
    const provisioning = grafana.find((m) => m.target === '/etc/grafana/provisioning')!;
    const datasources = parse(
      readFileSync(join(provisioning.source, 'datasources/prometheus.yaml'), 'utf8'),
    ) as { datasources: { type: string; url: string; isDefault: boolean }[] };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
    ]);
    expect(services.prometheus).toBeDefined();

    const dashboards = parse(readFileSync(join(provisioning.source, 'dashboards/kestrel.yaml'), 'utf8')) as {
      providers: { type: string; options: { path: string } }[];
    };
    const dashboard = grafana.find((m) => m.source === join(DOCKER, 'grafana/kestrel-dashboard.json'))!;
    expect(dashboards.providers.map((p) => p.options.path)).toEqual([dirname(dashboard.target)]);
    // The dashboard asks for a Prometheus data source, which the default one satisfies.
    expect(readFileSync(dashboard.source, 'utf8')).toContain('"query": "prometheus"');
    expect(services.grafana!.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(dashboard.target);
  });
});
