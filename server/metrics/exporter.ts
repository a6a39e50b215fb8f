import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { uncompressSync } from 'lz4-napi';
import { Registry } from 'prom-client';
import type { ClusterSnapshot, GroupSnapshot } from '../collector/index.ts';
import { COLLECT_ERROR_KINDS } from '../model/index.ts';
import { KESTREL_VERSION } from '../shared/package-root.ts';
import {
  ChunkWriter,
  expositionEnd,
  FamilySamples,
  familyHeader,
  familySeparator,
  label,
  type TextFormat,
} from './exposition.ts';
import type { ClusterView, Granularity } from './families/types.ts';
import { CONTENT_TYPES, registeredMetrics, renderPromClientMetric } from './prom-client-adapter.ts';
import { RenderCache, type Rendering } from './render-cache.ts';
import { definePromSeries, type PromSeries, SERIES_LAYOUT } from './series.ts';

export type { Granularity } from './families/types.ts';
export type MetricsFormat = TextFormat;
export { CONTENT_TYPES } from './prom-client-adapter.ts';

export interface MetricsOptions {
  clusters: readonly { name: string; granularity: Granularity }[];
  /** A group missing from the snapshots keeps its last values this long, then is dropped. */
  groupExpiryMs: number;
  version?: string;
}

export interface RenderedMetrics {
  contentType: string;
  body: Buffer;
  /** 'gzip' when the body is compressed. */
  encoding: 'gzip' | null;
}

/** What GET /metrics sends: a plain body is inflated from the cache as it goes out. */
export interface MetricsResponse extends Omit<RenderedMetrics, 'body'> {
  body: Buffer | Readable;
  /** The body's length: known before a streamed plain body is inflated. */
  bytes: number;
}

/** Large output chunks: a 350 MB body in 16 KiB pieces spends its time in stream calls. */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/**
 * A rendering's plain text as a stream, inflated block by block as it goes out: from its LZ4
 * blocks, or from its gzip on the first plain scrape of a format (renderings carry the LZ4
 * blocks from the next one on).
 */
function plainText(rendering: Rendering): Readable {
  if (rendering.plain) return Readable.from(inflateLz4(rendering.plain), { objectMode: false });
  const inflating = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  inflating.end(rendering.gzip);
  return inflating;
}

function* inflateLz4(blocks: readonly Buffer[]): Generator<Buffer> {
  for (const block of blocks) yield uncompressSync(block);
}

/** Where snapshots come from: the Collector (or anything shaped like it). */
export interface SnapshotSource {
  readonly clusters: readonly string[];
  latest(cluster: string): ClusterSnapshot | undefined;
  onSnapshot(listener: (snapshot: ClusterSnapshot) => void): void;
}

interface ClusterState extends ClusterView {
  /** Every group still exported: the current ones and the recently vanished ones. */
  exported: Map<string, { group: GroupSnapshot; lastSeenAt: number }>;
}

/**
 * The Prometheus exposition. Each cluster's latest snapshot is kept as it arrives; a scrape
 * renders (or re-sends, from the render cache) what is there and never calls Kafka. The gauges
 * that mirror the snapshot are written straight from it (families/); counters, build info and
 * what other modules (alerts) register on `registry` are rendered by prom-client, through
 * prom-client-adapter.ts. Those modules call `invalidate()` after changing a value so the next
 * scrape renders afresh.
 */
export class KestrelMetrics {
  readonly registry = new Registry();
  private readonly series: PromSeries;
  private readonly clusters = new Map<string, ClusterState>();
  private readonly cache = new RenderCache((format) => this.renderText(format as TextFormat));

  constructor(private readonly options: MetricsOptions) {
    this.series = definePromSeries(this.registry);
    this.series.buildInfo.set({ version: options.version ?? KESTREL_VERSION, nodejs: process.version }, 1);
    for (const cluster of options.clusters) {
      this.state(cluster.name, cluster.granularity);
      // Zero from the start, so rate() and increase() see the first error.
      for (const kind of COLLECT_ERROR_KINDS) this.series.errors.inc({ cluster: cluster.name, kind }, 0);
      this.series.cycles.inc({ cluster: cluster.name }, 0);
    }
  }

  /** Follows a collector: takes the snapshots it already has, then every new one. */
  attach(source: SnapshotSource): void {
    for (const cluster of source.clusters) {
      const snapshot = source.latest(cluster);
      if (snapshot) this.update(snapshot);
    }
    source.onSnapshot((snapshot) => this.update(snapshot));
  }

  /** Takes a new snapshot of one cluster: counters advance, the gauges show it from now on. */
  update(snapshot: ClusterSnapshot): void {
    const state = this.clusters.get(snapshot.cluster) ?? this.state(snapshot.cluster, 'partition');
    if (state.snapshot && snapshot.collectedAt < state.snapshot.collectedAt) return;
    state.snapshot = snapshot;
    if (snapshot.reachable) state.lastSuccessAt = snapshot.collectedAt;
    for (const group of snapshot.groups)
      state.exported.set(group.id, { group, lastSeenAt: snapshot.collectedAt });
    for (const [id, { lastSeenAt }] of state.exported) {
      if (snapshot.collectedAt - lastSeenAt > this.options.groupExpiryMs) state.exported.delete(id);
    }
    this.count(snapshot);
    this.invalidate();
  }

  /** Drops the cached renderings; for modules that changed their own metrics on `registry`. */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** The exposition in `format` for GET /metrics: the cached gzip, or the plain text streamed. */
  async respond(format: MetricsFormat, gzipped: boolean): Promise<MetricsResponse> {
    const rendering = await this.cache.latest(format, !gzipped);
    return {
      contentType: CONTENT_TYPES[format],
      body: gzipped ? rendering.gzip : plainText(rendering),
      bytes: gzipped ? rendering.gzip.length : rendering.plainBytes,
      encoding: gzipped ? 'gzip' : null,
    };
  }

  /** The exposition in `format` as one buffer, for readers in this process (tests, benchmarks). */
  async render(format: MetricsFormat, gzipped = false): Promise<RenderedMetrics> {
    const { body, contentType, encoding } = await this.respond(format, gzipped);
    return {
      contentType,
      encoding,
      body: Buffer.isBuffer(body) ? body : Buffer.concat(await body.toArray()),
    };
  }

  private state(name: string, granularity: Granularity): ClusterState {
    const exported = new Map<string, { group: GroupSnapshot; lastSeenAt: number }>();
    const state: ClusterState = {
      name,
      clusterLabel: label('cluster', name),
      granularity,
      snapshot: undefined,
      lastSuccessAt: null,
      exported,
      groups: { [Symbol.iterator]: () => Array.from(exported.values(), (e) => e.group)[Symbol.iterator]() },
    };
    this.clusters.set(name, state);
    return state;
  }

  /**
   * The whole exposition, one family at a time with the event loop free in between: at 100,000
   * partitions a render takes seconds of CPU, which would otherwise hold up every other
   * request. The render cache starts it over when a snapshot lands under it.
   */
  private async *renderText(format: TextFormat): AsyncGenerator<Buffer> {
    const ours = new Set<unknown>(Object.values(this.series));
    const others = registeredMetrics(this.registry).filter((m) => !ours.has(m));
    const separator = familySeparator(format);
    const writer = new ChunkWriter();
    let first = true;
    const begin = (text: string) => {
      writer.write(first ? text : `${separator}${text}`);
      first = false;
    };
    for (const entry of SERIES_LAYOUT) {
      if (typeof entry === 'string') {
        begin(await renderPromClientMetric(this.registry, this.series[entry], format));
      } else {
        begin(familyHeader(entry.def, format));
        const out = new FamilySamples(entry.def.name, writer, entry.dedupe === true);
        for (const state of this.clusters.values()) {
          if (!entry.perPartition || state.granularity === 'partition') entry.write(state, out);
        }
        out.flush();
      }
      yield* writer.take();
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const metric of others) {
      begin(await renderPromClientMetric(this.registry, metric, format));
      yield* writer.take();
      await new Promise((resolve) => setImmediate(resolve));
    }
    writer.write(expositionEnd(format));
    yield* writer.take();
  }

  private count(snapshot: ClusterSnapshot): void {
    const cluster = snapshot.cluster;
    const s = this.series;
    s.cycles.inc({ cluster });
    for (const error of snapshot.errors) s.errors.inc({ cluster, kind: error.kind });
    for (const change of snapshot.isrChanges) {
      const counter = change.kind === 'shrink' ? s.isrShrinks : s.isrExpands;
      for (const broker of change.brokers)
        counter.inc({ cluster, topic: change.topic, broker: String(broker) });
    }
  }
}
