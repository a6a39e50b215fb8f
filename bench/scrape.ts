/**
 * Scrape cost of GET /metrics at scale: 10,000 partitions and 1,000 groups in one synthetic
 * ClusterSnapshot (no Kafka), served by the real Fastify app over loopback HTTP. Two shapes:
 * 2,000 topics × 5 partitions with each group on one topic (5,000 group-partitions), and
 * 500 topics × 20 partitions (20,000 group-partitions). For each granularity it reports the
 * refresh on snapshot arrival, the first (uncached) render after it, and the median of 20 GETs
 * (plain, gzip, OpenMetrics), with sizes and series counts, and the longest event-loop stall
 * during a render. Prints JSON.
 *
 *   npx tsx bench/scrape.ts
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../server/http/index.ts';
import { type Granularity, KestrelMetrics, type MetricsFormat } from '../server/metrics/index.ts';
import { createLogger } from '../server/shared/logger.ts';
import { type SyntheticShape, syntheticSnapshot } from '../test/support/snapshot-fixtures.ts';
import { median, round } from './stats.ts';

const SHAPES: Record<string, SyntheticShape> = {
  'narrow-2000x5': { cluster: 'bench', topics: 2_000, partitions: 5, groups: 1_000 },
  'wide-500x20': { cluster: 'bench', topics: 500, partitions: 20, groups: 1_000 },
};
const GETS = 20;

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
};

const ACCEPT: Record<MetricsFormat, string> = {
  prometheus: 'text/plain;version=0.0.4',
  openmetrics: 'application/openmetrics-text;version=1.0.0',
};

function get(url: string, accept: string, gzip: boolean): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { accept, 'accept-encoding': gzip ? 'gzip' : 'identity' } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ ms: performance.now() - start, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function medianGet(url: string, format: MetricsFormat, gzip: boolean) {
  const runs: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < GETS; i++) runs.push(await get(url, ACCEPT[format], gzip));
  return {
    medianMs: round(median(runs.map((r) => r.ms))),
    maxMs: round(Math.max(...runs.map((r) => r.ms))),
    bytes: runs[0]!.bytes,
  };
}

async function measure(shape: SyntheticShape, granularity: Granularity) {
  const metrics = new KestrelMetrics({ clusters: [{ name: 'bench', granularity }], groupExpiryMs: 600_000 });
  const refreshMs: number[] = [];
  const renderMs: number[] = [];
  let cycle = 0;
  for (; cycle < 5; cycle++) {
    const snapshot = syntheticSnapshot(cycle, shape);
    refreshMs.push((await time(() => metrics.update(snapshot)))[1]);
    renderMs.push((await time(() => metrics.render('prometheus')))[1]);
  }
  // The render yields between metric families: the longest the event loop waits during one.
  metrics.update(syntheticSnapshot(cycle++, shape));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  await metrics.render('prometheus');
  delay.disable();
  const longestEventLoopStallDuringRenderMs = round(delay.max / 1e6);
  const [gzipped, gzipMs] = await time(() => metrics.render('prometheus', true));
  const [om, omMs] = await time(() => metrics.render('openmetrics'));
  const text = (await metrics.render('prometheus')).body.toString();
  const series = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;

  const app = await buildApp({
    logger: createLogger('fatal'),
    clusterStatus: () => [],
    metrics,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`;
  await get(url, ACCEPT.prometheus, false); // warm-up: connection, JIT
  const plain = await medianGet(url, 'prometheus', false);
  const gzip = await medianGet(url, 'prometheus', true);
  const openmetrics = await medianGet(url, 'openmetrics', false);

  // A scrape right after a refresh, while the new body renders: it gets the previous one.
  metrics.update(syntheticSnapshot(cycle, shape));
  const afterSnapshot = await get(url, ACCEPT.prometheus, true);
  await app.close();

  return {
    granularity,
    series,
    bytes: { prometheus: Buffer.byteLength(text), gzip: gzipped.body.length, openmetrics: om.body.length },
    refreshOnSnapshotMs: median(refreshMs),
    longestEventLoopStallDuringRenderMs,
    firstRenderAfterSnapshotMs: {
      prometheus: median(renderMs),
      gzip: round(gzipMs),
      openmetrics: round(omMs),
    },
    httpMedianOf20: { prometheus: plain, prometheusGzip: gzip, openmetrics },
    httpScrapeWhileRerenderingGzipMs: round(afterSnapshot.ms),
  };
}

const results: Record<string, unknown[]> = {};
for (const [name, shape] of Object.entries(SHAPES)) {
  results[name] = [];
  for (const granularity of ['partition', 'topic'] as const) {
    results[name].push({
      partitions: shape.topics * shape.partitions,
      groups: shape.groups,
      groupPartitions: shape.groups * shape.partitions,
      ...(await measure(shape, granularity)),
    });
  }
}
console.log(
  JSON.stringify(
    { node: process.version, loadavg: loadavg().map((l) => round(l)), gets: GETS, results },
    null,
    2,
  ),
);
