/**
 * The production process on real Kafka: the compiled server (dist/, `npm run build`) run by
 * plain node, as `npm start` and the Docker image run it, polling a single KRaft broker with
 * 2,000 topics × 5 partitions and 1,000 groups with commits (bench/collect-load.ts, in its own
 * process; between cycles every partition gets a message and three groups in four commit).
 * Reports, per cycle, what the server itself says (kestrel_collector_cycle_duration_seconds:
 * from the cycle's first request to its last response; kestrel_collector_build_duration_seconds:
 * turning the answers into the snapshot; the cycle is both) and the server's RSS from /proc, and
 * the /metrics scrape time (gzip, as Prometheus asks) over loopback; and the RSS once a second
 * over the measured cycles, between them as well as right after. Prints JSON.
 *
 *   npm run build && npx tsx bench/service.ts [--cycles 12] [--poll 5s] [--topics 2000] [--groups 1000]
 *     [--profile DIR]   the server writes a V8 CPU profile (.cpuprofile) into DIR when it stops
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { startCluster } from '../local-kafka/harness.ts';
import { freePort } from '../local-kafka/ports.ts';
import { LoadProcess } from './collect-load-process.ts';
import { median, percentile, round } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    cycles: { type: 'string', default: '12' },
    poll: { type: 'string', default: '5s' },
    topics: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '5' },
    groups: { type: 'string', default: '1000' },
    profile: { type: 'string' },
  },
});
const ROOT = resolve(import.meta.dirname, '..');
const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? round(Number(line[1]) / 1024) : null;
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function scrape(url: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  // fetch decodes gzip itself; a body that is still gzip would start with 0x1f 0x8b.
  const text = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString() : body.toString();
  return { ms, text };
}
const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
};

const cluster = await startCluster({ brokers: 1 });
const load = new LoadProcess();
const dataDir = mkdtempSync(join(tmpdir(), 'kestrel-bench-service-'));
let server: ChildProcess | undefined;
try {
  await load.ask(
    {
      type: 'setup',
      bootstrap: cluster.bootstrap,
      shape: {
        topics: Number(args.topics),
        partitions: Number(args.partitions),
        groups: Number(args.groups),
        initialMessages: 20,
        roundMessages: 1,
      },
    },
    'ready',
  );
  const port = await freePort();
  const configFile = join(dataDir, 'kestrel.yaml');
  writeFileSync(
    configFile,
    stringify({
      host: '127.0.0.1',
      port,
      dataDir,
      logLevel: 'warn',
      clusters: [{ name: 'bench', brokers: [cluster.bootstrap], pollInterval: args.poll }],
    }),
  );
  // What `npm start` and the Docker image run; it execs node, so the pid is the server's. A
  // profile needs node's own flags (NODE_OPTIONS refuses --cpu-prof): the launcher it uses, then.
  const [command, ...commandArgs] = args.profile
    ? ['bin/node-production', '--cpu-prof', `--cpu-prof-dir=${resolve(args.profile)}`, 'dist/server/main.js']
    : ['bin/kestrel-server'];
  server = spawn(join(ROOT, command!), [...commandArgs, '--config', configFile], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 2],
  });
  const url = `http://127.0.0.1:${port}`;
  const cycles: {
    cycle: number;
    cycleMs: number | null;
    readMs: number | null;
    buildMs: number | null;
    rssMb: number | null;
    scrapeMs: number;
  }[] = [];
  // RSS once a second from the third cycle on: what ps or a container's memory graph shows,
  // between cycles as well as right after them.
  const sampled: number[] = [];
  const sampler = setInterval(() => {
    const mb = cycles.length > 2 ? rssMb(server!.pid!) : null;
    if (mb !== null) sampled.push(mb);
  }, 1000);
  let seen = 0;
  const deadline = Date.now() + 15 * 60_000;
  while (cycles.length < Number(args.cycles) && Date.now() < deadline) {
    await pause(500);
    let answer: { ms: number; text: string };
    try {
      answer = await scrape(url);
    } catch {
      continue; // not listening yet
    }
    const done = sample(answer.text, 'kestrel_collector_cycles_total{cluster="bench"}') ?? 0;
    if (done <= seen) continue;
    seen = done;
    const read = sample(answer.text, 'kestrel_collector_cycle_duration_seconds{cluster="bench"}');
    const build = sample(answer.text, 'kestrel_collector_build_duration_seconds{cluster="bench"}');
    cycles.push({
      cycle: done,
      cycleMs: read === null || build === null ? null : round((read + build) * 1000),
      readMs: read === null ? null : round(read * 1000),
      buildMs: build === null ? null : round(build * 1000),
      rssMb: rssMb(server.pid!),
      scrapeMs: round(answer.ms),
    });
    await load.ask({ type: 'round' }, 'round-done');
  }
  clearInterval(sampler);
  const measured = cycles.slice(2);
  const rss = measured.map((c) => c.rssMb ?? 0);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'service',
        process: `bin/kestrel-server: node dist/server/main.js (pid ${server.pid}), no npm, no tsx`,
        shape: {
          topics: Number(args.topics),
          partitions: Number(args.partitions),
          groups: Number(args.groups),
        },
        kafkaVersion: cluster.version,
        pollInterval: args.poll,
        machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
        goals: {
          medianCycleMs: { goal: 300, value: median(measured.map((c) => c.cycleMs ?? 0)) },
          rssMb: { goal: 150, median: median(rss), max: Math.max(...rss) },
          rssEverySecondMb: {
            median: median(sampled),
            p95: percentile(sampled, 95),
            max: Math.max(...sampled),
            samples: sampled.length,
          },
        },
        readMedianMs: median(measured.map((c) => c.readMs ?? 0)),
        buildMedianMs: median(measured.map((c) => c.buildMs ?? 0)),
        scrapeGzipMedianMs: median(measured.map((c) => c.scrapeMs)),
        perCycle: cycles,
      },
      null,
      1,
    )}\n`,
  );
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server!.once('exit', r));
  await load.close();
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
