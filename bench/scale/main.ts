/**
 * Kestrel at scale on a stand-in cluster (bench/scale/synthetic-cluster.ts: the collector's
 * ClusterReader answered at full size, no Kafka). One process holds what the service holds: the
 * collection of each cluster, the SQLite history, the Prometheus exposition and the HTTP API
 * (the real Fastify app on loopback). Prints JSON.
 *
 *   cycles   (default) cycles back to back on a simulated clock: cycle time (read + build),
 *            SQLite write, exposition render, RSS, under gzip scrapes as Prometheus's; then GET
 *            /metrics (gzip) and the API's topic and group lists over loopback, with
 *            percentiles; last a plain scraper: its first scrape, one more cycle, then GET
 *            /metrics plain.
 *   on-time  --clusters N on real timers at --interval-ms, for --minutes: each cycle's start
 *            delay against its schedule and its duration.
 *   day      a simulated day (--day-interval-ms between cycles) with maintenance every simulated
 *            5 minutes: database bytes per simulated hour, rolled up and expired as in service.
 *
 *   npx tsx bench/scale/main.ts --topics 20000 --partitions 5 --groups 50000 --brokers 3
 *   npx tsx bench/scale/main.ts --mode on-time --clusters 5 --topics 2000 --groups 1000 --minutes 3
 *   npx tsx bench/scale/main.ts --mode day --topics 20000 --groups 50000 --day-interval-ms 900000
 *
 * For RSS without tsx's loader, run it compiled: bench/scale/run-compiled.sh (same arguments).
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { getHeapSpaceStatistics } from 'node:v8';
import { ClusterCollection, type ClusterSnapshot } from '../../server/collector/index.ts';
import { type ClusterConfig, loadConfig } from '../../server/config/index.ts';
import { buildApp } from '../../server/http/index.ts';
import { KestrelMetrics } from '../../server/metrics/index.ts';
import { createLogger } from '../../server/shared/logger.ts';
import { DATABASE_FILE, HistoryStore, openDatabase } from '../../server/store/index.ts';
import { mb, median, round, summary } from '../stats.ts';
import { SyntheticCluster, type SyntheticShape } from './synthetic-cluster.ts';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'cycles' },
    topics: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '5' },
    groups: { type: 'string', default: '1000' },
    brokers: { type: 'string', default: '3' },
    clusters: { type: 'string', default: '1' },
    cycles: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    'interval-ms': { type: 'string', default: '15000' },
    'active-every': { type: 'string', default: '1' },
    granularity: { type: 'string', default: 'partition' },
    minutes: { type: 'string', default: '3' },
    'day-interval-ms': { type: 'string', default: '900000' },
    'day-hours': { type: 'string', default: '24' },
    requests: { type: 'string', default: '200' },
    ui: { type: 'boolean', default: false },
    'ui-runs': { type: 'string', default: '3' },
    'ignore-topics': { type: 'string', default: '' },
    'ignore-groups': { type: 'string', default: '' },
  },
});
const int = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};
const GRANULARITY = args.granularity === 'topic' ? 'topic' : 'partition';
const SHAPE: SyntheticShape = {
  brokers: int('brokers'),
  topics: int('topics'),
  partitions: int('partitions'),
  groups: int('groups'),
  activeEvery: Math.max(1, int('active-every')),
  produce: 5,
  intervalMs: args.mode === 'day' ? int('day-interval-ms') : int('interval-ms'),
};

const sizeOf = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const execFileAsync = promisify(execFile);

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const rssTimer = setInterval(sampleRss, 100);

function clusterConfigs(count: number): ClusterConfig[] {
  const { config } = loadConfig({ env: { KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_POLL_INTERVAL: '15s' } });
  const base = config.clusters[0]!;
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    name: count === 1 ? 'big' : `big-${i + 1}`,
    pollInterval: SHAPE.intervalMs,
    granularity: GRANULARITY,
    // The operator's cardinality control: what is ignored is listed by Kafka but not collected.
    topics: { allow: [], ignore: args['ignore-topics'] ? [args['ignore-topics']] : [] },
    groups: { allow: [], ignore: args['ignore-groups'] ? [args['ignore-groups']] : [] },
  }));
}

interface Cluster {
  config: ClusterConfig;
  reader: SyntheticCluster;
  collection: ClusterCollection;
  latest: ClusterSnapshot | undefined;
}

function setUp(count: number, start?: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kestrel-bench-scale-'));
  const db = openDatabase(dataDir);
  const store = new HistoryStore(db);
  const configs = clusterConfigs(count);
  const metrics = new KestrelMetrics({
    clusters: configs.map((c) => ({ name: c.name, granularity: c.granularity })),
    groupExpiryMs: 600_000,
  });
  const clusters: Cluster[] = configs.map((config) => {
    const reader = new SyntheticCluster(SHAPE, start);
    return { config, reader, collection: new ClusterCollection(config, reader), latest: undefined };
  });
  return {
    dataDir,
    db,
    store,
    metrics,
    clusters,
    dbFile: join(dataDir, DATABASE_FILE),
    close() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One cycle of one cluster as the service runs it: collect, write, then hand to the metrics. */
async function cycle(
  env: ReturnType<typeof setUp>,
  cluster: Cluster,
  clock: 'simulated' | 'real',
): Promise<{ cycleMs: number; readMs: number; writeMs: number; snapshot: ClusterSnapshot }> {
  const started = performance.now();
  const snapshot = await cluster.collection.cycle(
    clock === 'simulated' ? () => cluster.reader.now : Date.now,
  );
  const cycleMs = performance.now() - started;
  const writeStarted = performance.now();
  env.store.writeCycle(snapshot);
  const writeMs = performance.now() - writeStarted;
  env.metrics.update(snapshot);
  cluster.latest = snapshot;
  cluster.reader.advance();
  return { cycleMs, readMs: snapshot.durationMs, writeMs, snapshot };
}

/** `times` GETs of `url` one after the other, timed by bench/scale/http-client.ts in its own process. */
async function timed(url: string, times: number, headers: Record<string, string> = {}) {
  const client = fileURLToPath(
    new URL(`./http-client${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
  );
  // The bench's own node flags: tsx's loader when run through tsx, none of note when compiled.
  const { stdout } = await execFileAsync(
    process.execPath,
    [...process.execArgv, client, url, String(times), JSON.stringify(headers)],
    { maxBuffer: 1 << 20 },
  );
  const answer = JSON.parse(stdout) as { ms: number[]; status: number[]; bytes: number };
  const failed = answer.status.find((s) => s !== 200);
  if (failed !== undefined) throw new Error(`${url}: HTTP ${failed}`);
  return { ...summary(answer.ms), bytes: answer.bytes, requests: times };
}

async function serve(env: ReturnType<typeof setUp>) {
  const app = await buildApp({
    logger: createLogger('fatal'),
    clusterStatus: () => [],
    metrics: env.metrics,
    api: {
      status: () =>
        env.clusters.map((c) => ({
          cluster: c.config.name,
          lastSuccessAt: c.latest?.collectedAt ?? null,
          lastError: null,
          consecutiveFailures: 0,
          cycles: 1,
        })),
      latest: (name) => env.clusters.find((c) => c.config.name === name)?.latest,
      history: env.store,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const shapeOut = () => ({
  ...SHAPE,
  partitionsTotal: SHAPE.topics * SHAPE.partitions,
  groupPartitions: SHAPE.groups * SHAPE.partitions,
  granularity: GRANULARITY,
  ignoreTopics: args['ignore-topics'] || null,
  ignoreGroups: args['ignore-groups'] || null,
});

async function cyclesMode() {
  if (args.ui) await (await import('./ui.ts')).prepareUi();
  const env = setUp(1);
  const cluster = env.clusters[0]!;
  const { app, base } = await serve(env);
  const PROM = { accept: 'text/plain;version=0.0.4' };
  const GZIP = { ...PROM, 'accept-encoding': 'gzip' };
  const rssBefore = process.memoryUsage().rss;
  const records: { cycleMs: number; readMs: number; writeMs: number; renderMs: number; rssMb: number }[] = [];
  const total = int('cycles');
  const warmup = int('warmup');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  for (let c = 0; c < total; c++) {
    if (c === warmup) delay.enable();
    const r = await cycle(env, cluster, 'simulated');
    // What Prometheus's next scrape costs after this snapshot: the render (plain and gzip).
    const renderStarted = performance.now();
    await env.metrics.render('prometheus', true);
    const renderMs = performance.now() - renderStarted;
    sampleRss();
    records.push({
      cycleMs: round(r.cycleMs),
      readMs: r.readMs,
      writeMs: round(r.writeMs),
      renderMs: round(renderMs),
      rssMb: mb(process.memoryUsage().rss),
    });
    await pause(200);
  }
  delay.disable();
  const measured = records.slice(warmup);
  const snapshot = cluster.latest!;
  // Scrapes and API lists against the latest snapshot (cached renders, as between cycles).
  const metricsGzip = await timed(`${base}/metrics`, 20, GZIP);
  const n = int('requests');
  const api = {
    'topics by size, page 1': await timed(
      `${base}/api/v1/clusters/${cluster.config.name}/topics?sort=sizeBytes&order=desc&pageSize=50`,
      n,
    ),
    'topics by name, page 40, filter': await timed(
      `${base}/api/v1/clusters/${cluster.config.name}/topics?sort=name&pageSize=50&page=40&q=region-01`,
      n,
    ),
    'groups by lag, page 1': await timed(
      `${base}/api/v1/clusters/${cluster.config.name}/groups?sort=lag&order=desc&pageSize=50`,
      n,
    ),
    'groups by time lag, page 1': await timed(
      `${base}/api/v1/clusters/${cluster.config.name}/groups?sort=timeLagSeconds&order=desc&pageSize=50`,
      n,
    ),
  };
  // First rows of the topics and groups pages in Chromium (bench/scale/ui.ts; needs web/dist).
  const pages = args.ui
    ? await (await import('./ui.ts')).measurePages(base, cluster.config.name, int('ui-runs'))
    : undefined;
  // The cycles ran as Prometheus scrapes (gzip only). A plain scraper is measured last: its first
  // scrape inflates the gzip (here in this process, to nowhere); from the next rendering on the
  // renderings carry LZ4 blocks of the plain text, which the plain scrapes then stream.
  const rssBeforePlain = process.memoryUsage().rss;
  const firstPlainStarted = performance.now();
  const plain = await env.metrics.respond('prometheus', false);
  await pipeline(plain.body, new Writable({ write: (_chunk, _encoding, done) => done() }));
  const firstPlainMs = round(performance.now() - firstPlainStarted);
  await cycle(env, cluster, 'simulated');
  const lz4RenderStarted = performance.now();
  await env.metrics.render('prometheus', true);
  const renderWithPlainMs = round(performance.now() - lz4RenderStarted);
  const metricsPlain = await timed(`${base}/metrics`, 20, PROM);
  env.db.pragma('wal_checkpoint(TRUNCATE)');
  const memory = process.memoryUsage();
  const result = {
    bench: 'scale',
    mode: 'cycles',
    standIn: 'bench/scale/synthetic-cluster.ts (ClusterReader at full size; no Kafka, no kafkajs decoding)',
    shape: shapeOut(),
    node: process.version,
    execArgv: process.execArgv,
    machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
    cycles: { total, warmup },
    goals: {
      medianCycleMs: median(measured.map((r) => r.cycleMs)),
      // Under Prometheus's scrapes; the plain scrapes after it hold more (memory.rssMb).
      rssMb: mb(rssBeforePlain),
      peakRssMb: mb(peakRss),
      metricsPlainMedianMs: metricsPlain.median,
      metricsGzipMedianMs: metricsGzip.median,
      apiListP95Ms: Math.max(...Object.values(api).map((a) => a.p95 ?? 0)),
      pagesFirst50RowsColdMs:
        pages && Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, v.coldMs])),
    },
    pages,
    cycleMs: summary(measured.map((r) => r.cycleMs)),
    readMs: summary(measured.map((r) => r.readMs)),
    sqliteWriteMs: summary(measured.map((r) => r.writeMs)),
    renderAfterSnapshotMs: summary(measured.map((r) => r.renderMs)),
    firstPlainScrapeInProcessMs: firstPlainMs,
    renderWithPlainMs,
    eventLoopDelayMaxMs: round(delay.max / 1e6),
    metrics: { plain: metricsPlain, gzip: metricsGzip },
    api,
    memory: {
      rssMb: mb(memory.rss),
      peakRssMb: mb(peakRss),
      rssBeforeCyclesMb: mb(rssBefore),
      rssBeforePlainScrapesMb: mb(rssBeforePlain),
      heapUsedMb: mb(memory.heapUsed),
      heapTotalMb: mb(memory.heapTotal),
      heapSpacesMb: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)])),
      externalMb: mb(memory.external),
      arrayBuffersMb: mb(memory.arrayBuffers),
    },
    history: {
      dbBytes: sizeOf(env.dbFile),
      bytesPerCycle: Math.round(sizeOf(env.dbFile) / (total + 1)),
      cyclesWritten: total + 1,
    },
    snapshot: {
      topics: snapshot.topics.length,
      partitions: snapshot.topics.reduce((n, t) => n + t.partitions.length, 0),
      groups: snapshot.groups.length,
      groupPartitions: snapshot.groups.reduce((n, g) => n + g.partitions.length, 0),
      errors: snapshot.errors.length,
      requests: snapshot.stats.requests,
    },
    perCycle: records,
  };
  await app.close();
  env.close();
  return result;
}

/** K clusters on real timers, scheduled as ClusterPoller does (next start = last start + interval). */
async function onTimeMode() {
  const env = setUp(int('clusters'), Date.now());
  const { app, base } = await serve(env);
  const endAt = Date.now() + int('minutes') * 60_000;
  const interval = SHAPE.intervalMs;
  const perCluster = await Promise.all(
    env.clusters.map(async (cluster, i) => {
      const starts: number[] = [];
      const durations: number[] = [];
      const delays: number[] = [];
      // Staggered as the service's timers are in practice (each poller starts at once).
      let scheduled = Date.now() + i * 10;
      while (scheduled < endAt) {
        const wait = scheduled - Date.now();
        if (wait > 0) await pause(wait);
        const started = Date.now();
        delays.push(started - scheduled);
        starts.push(started);
        const r = await cycle(env, cluster, 'real');
        durations.push(r.cycleMs + r.writeMs);
        // The poller schedules the next start one interval after this one started.
        scheduled = started + Math.max(interval, Date.now() - started);
      }
      const gaps = starts.slice(1).map((s, k) => s - starts[k]!);
      return {
        cluster: cluster.config.name,
        cycles: starts.length,
        startDelayMs: summary(delays),
        cycleAndWriteMs: summary(durations),
        gapBetweenStartsMs: summary(gaps),
        late: gaps.filter((g) => g > interval * 1.1).length,
      };
    }),
  );
  const scrape = await timed(`${base}/metrics`, 10, { 'accept-encoding': 'gzip' });
  const result = {
    bench: 'scale',
    mode: 'on-time',
    standIn: 'bench/scale/synthetic-cluster.ts (ClusterReader at full size; no Kafka, no kafkajs decoding)',
    shape: shapeOut(),
    clusters: env.clusters.length,
    intervalMs: interval,
    minutes: int('minutes'),
    node: process.version,
    machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
    goal: 'every cluster starts a cycle every interval (gaps <= 1.1 x interval)',
    allOnTime: perCluster.every((c) => c.late === 0),
    perCluster,
    rssMb: mb(process.memoryUsage().rss),
    peakRssMb: mb(peakRss),
    metricsGzipAfter: scrape,
  };
  await app.close();
  env.close();
  return result;
}

/** A simulated day: cycles every --day-interval-ms, maintenance every simulated 5 minutes. */
async function dayMode() {
  const env = setUp(1);
  const cluster = env.clusters[0]!;
  const hours = int('day-hours');
  const cyclesPerHour = 3_600_000 / SHAPE.intervalMs;
  const perHour: { hour: number; dbMb: number; walMb: number; maintenanceMs: number; cycleMs: number }[] = [];
  let lastMaintenance = cluster.reader.now;
  let maintenanceMs = 0;
  const cycleMs: number[] = [];
  const abort = new AbortController();
  for (let c = 0; c < hours * cyclesPerHour; c++) {
    const r = await cycle(env, cluster, 'simulated');
    cycleMs.push(r.cycleMs + r.writeMs);
    const now = cluster.reader.now;
    if (now - lastMaintenance >= 5 * 60_000) {
      const started = performance.now();
      await env.store.maintain(now, abort.signal);
      maintenanceMs += performance.now() - started;
      lastMaintenance = now;
    }
    if ((c + 1) % cyclesPerHour === 0) {
      env.db.pragma('wal_checkpoint(TRUNCATE)');
      perHour.push({
        hour: (c + 1) / cyclesPerHour,
        dbMb: mb(sizeOf(env.dbFile)),
        walMb: mb(sizeOf(`${env.dbFile}-wal`)),
        maintenanceMs: Math.round(maintenanceMs),
        cycleMs: Math.round(median(cycleMs)),
      });
      maintenanceMs = 0;
      cycleMs.length = 0;
    }
  }
  const rows = Object.fromEntries(
    ['cycle', 'topic_stat', 'group_topic_lag', 'group_partition_lag', 'end_offset_run'].map((table) => {
      try {
        return [table, (env.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n];
      } catch {
        return [table, null];
      }
    }),
  );
  const result = {
    bench: 'scale',
    mode: 'day',
    standIn: 'bench/scale/synthetic-cluster.ts (ClusterReader at full size; no Kafka, no kafkajs decoding)',
    shape: shapeOut(),
    simulatedIntervalMs: SHAPE.intervalMs,
    retention: 'defaults: raw and per-partition 6 h, hourly roll-ups 30 d',
    node: process.version,
    machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
    perHour,
    rowsAtEnd: rows,
    dbBytesAtEnd: sizeOf(env.dbFile),
  };
  env.close();
  return result;
}

const modes: Record<string, () => Promise<unknown>> = {
  cycles: cyclesMode,
  'on-time': onTimeMode,
  day: dayMode,
};
const run = modes[args.mode ?? 'cycles'];
if (!run) throw new Error(`--mode must be one of ${Object.keys(modes).join(', ')}`);
const result = await run();
clearInterval(rssTimer);
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
