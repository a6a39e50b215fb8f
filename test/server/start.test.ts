// The production start: bin/kestrel-server runs the compiled server (what `npm run build` emits)
// by plain node with its memory settings, with neither npm nor tsx in its process tree,
// collecting from a real broker. `npm start` and the Docker image run this same launcher (the
// image's entry point is checked in test/docker).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { run } from '../metrics/support.ts';
import { eventually, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The command line of a process and of every process below it (Linux /proc). */
function processTree(pid: number): string[] {
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return [cmdline, ...children.flatMap(processTree)];
}

describe('the compiled server', () => {
  let kafka: KafkaCluster;
  let kestrel: KestrelProcess | undefined;
  const app = mkdtempSync(join(tmpdir(), 'kestrel-dist-'));

  beforeAll(async () => {
    // The layout `npm start` and the image run in: package.json, migrations/, node_modules/, dist/.
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    cpSync(join(ROOT, 'migrations'), join(app, 'migrations'), { recursive: true });
    for (const file of ['kestrel-server', 'node-production'])
      cpSync(join(ROOT, 'bin', file), join(app, 'bin', file));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const [build, cluster] = await Promise.all([
      run(
        process.execPath,
        [tsc, '-p', 'tsconfig.build.json', '--outDir', join(app, 'dist')],
        undefined,
        ROOT,
      ),
      startCluster({ brokers: 1 }),
    ]);
    kafka = cluster;
    expect(build.code, build.stdout + build.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await kestrel?.stop();
    await kafka?.stop();
    rmSync(app, { recursive: true, force: true });
  });

  it('is what npm start runs: the launcher, built first when the sources changed', () => {
    expect(scripts.start).toBe('exec bin/kestrel-server');
    expect(scripts.prestart).toContain('node bin/build-if-stale.js');
  });

  it('starts with plain node, collects from Kafka and answers /healthz, with no npm or tsx in its process tree', async () => {
    kestrel = await startKestrel({
      command: join(app, 'bin/kestrel-server'),
      cwd: app,
      config: { clusters: [{ name: 'local', brokers: [kafka.bootstrap], pollInterval: '2s' }] },
    });
    const health = await eventually(
      async () => {
        const response = await fetch(`${kestrel!.url}/healthz`);
        return response.status === 200 ? ((await response.json()) as { status: string }) : undefined;
      },
      60_000,
      `/healthz to answer 200 once the first cycle reached ${kafka.bootstrap}`,
    );
    expect(health.status).toBe('ok');
    const tree = processTree(kestrel.child.pid!);
    // The launcher execs node: one process, with V8's heap settings and glibc's.
    expect(tree).toEqual([
      `node --max-semi-space-size=4 --heap-growing-percent=50 ${app}/bin/../dist/server/main.js --config ${tree[0]!.split(' --config ')[1]}`,
    ]);
    const environment = readFileSync(`/proc/${kestrel.child.pid}/environ`, 'utf8').split('\0');
    expect(environment).toEqual(
      expect.arrayContaining(['MALLOC_ARENA_MAX=1', 'MALLOC_TRIM_THRESHOLD_=131072']),
    );
    expect(tree.join(' ')).not.toMatch(/tsx|npm/);
    const metrics = await (await fetch(`${kestrel.url}/metrics`)).text();
    expect(metrics).toContain('kestrel_cluster_up{cluster="local"} 1');
  }, 90_000);
});
