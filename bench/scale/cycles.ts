/** bench/scale --mode cycles: cycles back to back on a simulated clock, then scrapes and API lists. */

import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { mb, median, round, summary } from '../stats.ts';
import {
  args,
  cycle,
  int,
  pause,
  peakRssBytes,
  STAND_IN,
  sampleRss,
  serve,
  setUp,
  shapeOut,
  sizeOf,
  timed,
} from './setup.ts';

export async function cyclesMode() {
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
    // What Prometheus's next scrape costs after this snapshot: the render (gzip, as it asks).
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
  // What is live once garbage is collected, when node runs with --expose-gc.
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const liveHeapMb = collect ? mb(process.memoryUsage().heapUsed) : null;
  const result = {
    bench: 'scale',
    mode: 'cycles',
    standIn: STAND_IN,
    shape: shapeOut(),
    node: process.version,
    execArgv: process.execArgv,
    machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
    cycles: { total, warmup },
    goals: {
      medianCycleMs: median(measured.map((r) => r.cycleMs)),
      // Under Prometheus's scrapes; the plain scrapes after it hold more (memory.rssMb).
      rssMb: mb(rssBeforePlain),
      peakRssMb: mb(peakRssBytes()),
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
      peakRssMb: mb(peakRssBytes()),
      rssBeforeCyclesMb: mb(rssBefore),
      rssBeforePlainScrapesMb: mb(rssBeforePlain),
      heapUsedMb: mb(memory.heapUsed),
      liveHeapMb,
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
