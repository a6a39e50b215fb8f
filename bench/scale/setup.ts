/**
 * What every mode of bench/scale shares: its arguments, the stand-in clusters with their own
 * SQLite history and exposition, one cycle as the service runs it, the HTTP app on loopback,
 * timed GETs from a client process of their own, and RSS sampling.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { ClusterCollection, type ClusterSnapshot } from '../../server/collector/index.ts';
import { type ClusterConfig, loadConfig } from '../../server/config/index.ts';
import { buildApp } from '../../server/http/index.ts';
import { KestrelMetrics } from '../../server/metrics/index.ts';
import { createLogger } from '../../server/shared/logger.ts';
import { DATABASE_FILE, HistoryStore, openDatabase } from '../../server/store/index.ts';
import { summary } from '../stats.ts';
import { SyntheticCluster, type SyntheticShape } from './synthetic-cluster.ts';

export const STAND_IN =
  'bench/scale/synthetic-cluster.ts (ClusterReader at full size; no Kafka, no kafkajs decoding)';

export const { values: args } = parseArgs({
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
export const int = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};
// Every number is checked before anything is set up: a bad one leaves no database behind.
const TEXT_OPTIONS = new Set(['mode', 'granularity', 'ui', 'ignore-topics', 'ignore-groups']);
for (const name of Object.keys(args) as (keyof typeof args)[]) if (!TEXT_OPTIONS.has(name)) int(name);
export const GRANULARITY = args.granularity === 'topic' ? 'topic' : 'partition';
export const SHAPE: SyntheticShape = {
  brokers: int('brokers'),
  topics: int('topics'),
  partitions: int('partitions'),
  groups: int('groups'),
  activeEvery: Math.max(1, int('active-every')),
  produce: 5,
  intervalMs: args.mode === 'day' ? int('day-interval-ms') : int('interval-ms'),
};

export const sizeOf = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const execFileAsync = promisify(execFile);

let peakRss = 0;
/** RSS is sampled every 100 ms (and by sampleRss) until stopRssSampling. */
export const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const rssTimer = setInterval(sampleRss, 100);
export const peakRssBytes = () => peakRss;
export const stopRssSampling = () => clearInterval(rssTimer);

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

export interface Cluster {
  config: ClusterConfig;
  reader: SyntheticCluster;
  collection: ClusterCollection;
  latest: ClusterSnapshot | undefined;
}

export function setUp(count: number, start?: number) {
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
export async function cycle(
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
export async function timed(url: string, times: number, headers: Record<string, string> = {}) {
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

export async function serve(env: ReturnType<typeof setUp>) {
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

export const shapeOut = () => ({
  ...SHAPE,
  partitionsTotal: SHAPE.topics * SHAPE.partitions,
  groupPartitions: SHAPE.groups * SHAPE.partitions,
  granularity: GRANULARITY,
  ignoreTopics: args['ignore-topics'] || null,
  ignoreGroups: args['ignore-groups'] || null,
});
