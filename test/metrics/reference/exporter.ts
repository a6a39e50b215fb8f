// The exporter as it was before the exposition was written straight from the snapshot: every
// series a prom-client Gauge child, rebuilt on each snapshot. Frozen here as the reference the
// direct rendering is compared with, byte for byte (test/metrics/exposition-equivalence.test.ts).
// Not used by the service.

import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Counter, type Gauge, type LabelValues, Registry, type RegistryContentType } from 'prom-client';
import type { ClusterSnapshot, GroupSnapshot } from '../../../server/collector/index.ts';
import {
  type CollectErrorKind,
  GROUP_LAG_STATUSES,
  GROUP_STATES_BY_TYPE,
} from '../../../server/model/index.ts';
import { KESTREL_VERSION } from '../../../server/shared/package-root.ts';
import { fillDiagnosis } from './diagnosis-series.ts';
import { defineSeries, type Series, untyped } from './series.ts';

export type Granularity = 'partition' | 'topic';
export type MetricsFormat = 'prometheus' | 'openmetrics';

export const CONTENT_TYPES: Record<MetricsFormat, RegistryContentType> = {
  prometheus: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

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

/** Where snapshots come from: the Collector (or anything shaped like it). */
export interface SnapshotSource {
  readonly clusters: readonly string[];
  latest(cluster: string): ClusterSnapshot | undefined;
  onSnapshot(listener: (snapshot: ClusterSnapshot) => void): void;
}

interface ClusterState {
  granularity: Granularity;
  snapshot: ClusterSnapshot | undefined;
  lastSuccessAt: number | null;
  /** Every group still exported: the current ones and the recently vanished ones. */
  groups: Map<string, { group: GroupSnapshot; lastSeenAt: number }>;
}

const ERROR_KINDS: readonly CollectErrorKind[] = [
  'connection',
  'metadata',
  'quorum',
  'configs',
  'offsets',
  'groups',
  'group-offsets',
  'log-dirs',
  'timestamps',
  'jmx',
  'store',
];

const gzipAsync = promisify(gzip);

/**
 * The Prometheus exposition: one dedicated prom-client Registry, refreshed from each cluster's
 * latest snapshot when it arrives, so a scrape only renders (or re-sends) what is there and
 * never calls Kafka. The rendered text is cached per snapshot generation and format.
 *
 * Other modules (alerts) may register their own metrics on `registry`; they call
 * `invalidate()` after changing a value so the next scrape renders afresh.
 */
export class ReferenceMetrics {
  readonly registry = new Registry();
  private readonly series: Series;
  private readonly clusters = new Map<string, ClusterState>();
  private generation = 0;
  /** The latest finished rendering per format (and encoding), and the one under way. */
  private readonly rendered = new Map<string, { generation: number; body: Buffer }>();
  private readonly rendering = new Map<string, { generation: number; body: Promise<Buffer> }>();
  /** Formats scraped at least once: re-rendered right after each refresh. */
  private readonly warm = new Set<string>();
  private renderQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MetricsOptions) {
    this.series = defineSeries(this.registry);
    this.series.buildInfo.set({ version: options.version ?? KESTREL_VERSION, nodejs: process.version }, 1);
    for (const cluster of options.clusters) {
      this.clusters.set(cluster.name, {
        granularity: cluster.granularity,
        snapshot: undefined,
        lastSuccessAt: null,
        groups: new Map(),
      });
      // Zero from the start, so rate() and increase() see the first error.
      for (const kind of ERROR_KINDS) this.series.errors.inc({ cluster: cluster.name, kind }, 0);
      this.series.cycles.inc({ cluster: cluster.name }, 0);
    }
    this.refresh();
  }

  /** Follows a collector: takes the snapshots it already has, then every new one. */
  attach(source: SnapshotSource): void {
    for (const cluster of source.clusters) {
      const snapshot = source.latest(cluster);
      if (snapshot) this.update(snapshot);
    }
    source.onSnapshot((snapshot) => this.update(snapshot));
  }

  /** Takes a new snapshot of one cluster: counters advance, every gauge is rebuilt. */
  update(snapshot: ClusterSnapshot): void {
    let state = this.clusters.get(snapshot.cluster);
    if (!state) {
      state = { granularity: 'partition', snapshot: undefined, lastSuccessAt: null, groups: new Map() };
      this.clusters.set(snapshot.cluster, state);
    }
    if (state.snapshot && snapshot.collectedAt < state.snapshot.collectedAt) return;
    state.snapshot = snapshot;
    if (snapshot.reachable) state.lastSuccessAt = snapshot.collectedAt;
    for (const group of snapshot.groups)
      state.groups.set(group.id, { group, lastSeenAt: snapshot.collectedAt });
    for (const [id, { lastSeenAt }] of state.groups) {
      if (snapshot.collectedAt - lastSeenAt > this.options.groupExpiryMs) state.groups.delete(id);
    }
    this.count(snapshot);
    this.refresh();
  }

  /** Drops the cached renderings; for modules that changed their own metrics on `registry`. */
  invalidate(): void {
    this.generation++;
    for (const key of this.warm) {
      // Off the caller's path: the render runs once the current task is done.
      setImmediate(() => void this.renderKey(key).catch(() => undefined));
    }
  }

  /** The exposition in `format`, gzip-compressed when `gzip` is true; cached until the next refresh. */
  async render(format: MetricsFormat, gzipped = false): Promise<RenderedMetrics> {
    const key = `${format}${gzipped ? '+gzip' : ''}`;
    this.warm.add(key);
    return {
      contentType: CONTENT_TYPES[format],
      body: await this.renderKey(key, true),
      encoding: gzipped ? 'gzip' : null,
    };
  }

  /**
   * The cached body when it is current. While the current one is being rendered (right after
   * a refresh, for formats scraped before), a scrape that may take it gets the previous body
   * at once instead of waiting: one poll cycle older, and never slow. The caller that starts a
   * render waits for it.
   */
  private renderKey(key: string, previousWhileRendering = false): Promise<Buffer> {
    const generation = this.generation;
    const done = this.rendered.get(key);
    if (done?.generation === generation) return Promise.resolve(done.body);
    const running = this.rendering.get(key);
    if (running?.generation === generation)
      return previousWhileRendering && done ? Promise.resolve(done.body) : running.body;
    const [format, encoding] = key.split('+') as [MetricsFormat, string | undefined];
    const body =
      encoding === 'gzip'
        ? this.renderKey(format).then((plain) => gzipAsync(plain, { level: 4 }))
        : this.exclusive(() => this.renderText(format)).then((text) => Buffer.from(text));
    const entry = { generation, body };
    this.rendering.set(key, entry);
    body
      .then(
        (buffer) => {
          if ((this.rendered.get(key)?.generation ?? -1) < generation)
            this.rendered.set(key, { generation, body: buffer });
        },
        () => undefined, // a failed render is not kept: the next scrape tries again
      )
      .finally(() => {
        if (this.rendering.get(key) === entry) this.rendering.delete(key);
      });
    return body;
  }

  /**
   * What `registry.metrics()` writes, one metric family at a time with the event loop free in
   * between: at 10,000 partitions a whole render takes about a second of CPU, which would
   * otherwise hold up every other request. A refresh that lands mid-render starts it over
   * (twice at most; after that the mix of two consecutive snapshots is served, and the next
   * scrape renders afresh since the generation moved on).
   */
  private async renderText(format: MetricsFormat, attempt = 0): Promise<string> {
    const generation = this.generation;
    const openmetrics = format === 'openmetrics';
    const parts: string[] = [];
    for (const metric of this.registry.getMetricsAsArray()) {
      parts.push(
        openmetrics
          ? await this.renderOpenMetrics(metric)
          : await this.registry.getSingleMetricAsString(metric.name),
      );
      await new Promise((resolve) => setImmediate(resolve));
      if (this.generation !== generation && attempt < 2) return this.renderText(format, attempt + 1);
    }
    return openmetrics ? `${parts.join('\n')}\n# EOF\n` : `${parts.join('\n\n')}\n`;
  }

  /**
   * prom-client renders OpenMetrics by switching the registry's content type and, for counters,
   * by renaming the family (dropping `_total`) in place. Both are undone right after, so the
   * Prometheus text keeps its `_total` names; renders are serialized, so none sees the switch.
   */
  private async renderOpenMetrics(metric: { name: string }): Promise<string> {
    const name = metric.name;
    // Typed for one content type (what metrics may register on), switched for this render only.
    const switchable = this.registry as unknown as Registry<RegistryContentType>;
    switchable.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    untyped.name = 'unknown';
    if (metric instanceof Counter) metric.name = name.replace(/_total$/, '');
    try {
      return await this.registry.getSingleMetricAsString(name);
    } finally {
      metric.name = name;
      untyped.name = 'untyped';
      switchable.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.renderQueue.then(task, task);
    this.renderQueue = run.catch(() => undefined);
    return run;
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

  /** Rebuilds every gauge from the clusters' latest state. Counters are left as they are. */
  private refresh(): void {
    for (const [key, metric] of Object.entries(this.series)) {
      if (key === 'buildInfo' || metric instanceof Counter) continue;
      metric.reset();
    }
    for (const [name, state] of this.clusters) fill(this.series, name, state);
    this.invalidate();
  }
}

function fill(s: Series, cluster: string, state: ClusterState): void {
  const snapshot = state.snapshot;
  s.clusterUp.set({ cluster }, snapshot?.reachable ? 1 : 0);
  if (state.lastSuccessAt !== null) s.lastSuccess.set({ cluster }, state.lastSuccessAt / 1000);
  const byPartition = state.granularity === 'partition';
  if (snapshot) {
    s.lastCycle.set({ cluster }, snapshot.collectedAt / 1000);
    s.cycleDuration.set({ cluster }, snapshot.durationMs / 1000);
    s.cycleRequests.set({ cluster }, snapshot.stats.requests);
    if (snapshot.stats.buildMs !== undefined) s.buildDuration.set({ cluster }, snapshot.stats.buildMs / 1000);
  }
  if (snapshot?.reachable) {
    fillCluster(s, cluster, snapshot, byPartition);
    fillDiagnosis(s, cluster, snapshot);
  }
  for (const { group } of state.groups.values()) fillGroup(s, cluster, group, byPartition);
}

function fillCluster(s: Series, cluster: string, snapshot: ClusterSnapshot, byPartition: boolean): void {
  const controller = snapshot.controller;
  s.clusterInfo.set({ cluster, cluster_id: snapshot.clusterId ?? '', mode: controller.mode }, 1);
  s.controllerId.set({ cluster }, controller.id ?? -1);
  setKnown(s.quorumEpoch, { cluster }, controller.epoch);
  setKnown(s.quorumHighWatermark, { cluster }, controller.highWatermark);
  for (const voter of controller.voters)
    setKnown(s.quorumVoterLag, { cluster, voter: String(voter.id) }, voter.lag);
  for (const observer of controller.observers)
    setKnown(s.quorumObserverLag, { cluster, observer: String(observer.id) }, observer.lag);

  let up = 0;
  for (const broker of snapshot.brokers) {
    const labels = { cluster, broker: String(broker.id) };
    s.brokerUp.set(labels, broker.up ? 1 : 0);
    if (!broker.up) continue;
    up++;
    s.brokerInfo.set({ cluster, id: String(broker.id), address: `${broker.host}:${broker.port}` }, 1);
    s.brokerPartitions.set(labels, broker.partitions);
    s.brokerLeaders.set(labels, broker.leaders);
    s.brokerUnderReplicated.set(labels, broker.underReplicated);
    setKnown(s.brokerLogDirBytes, labels, broker.logDirBytes);
    const jmx = broker.jmx;
    if (jmx) {
      setKnown(s.jmxBytesIn, labels, jmx.bytesInPerSec);
      setKnown(s.jmxBytesOut, labels, jmx.bytesOutPerSec);
      setKnown(s.jmxMessagesIn, labels, jmx.messagesInPerSec);
      setKnown(s.jmxRequestHandlerIdle, labels, jmx.requestHandlerIdleRatio);
      setKnown(s.jmxActiveController, labels, jmx.activeControllerCount);
      setKnown(s.jmxIsrShrinks, labels, jmx.isrShrinksPerSec);
      setKnown(s.jmxIsrExpands, labels, jmx.isrExpandsPerSec);
      setKnown(s.jmxUnderReplicated, labels, jmx.underReplicatedPartitions);
    }
  }
  s.brokers.set({ cluster }, up);

  for (const topic of snapshot.topics) {
    const labels = { cluster, topic: topic.name };
    s.topicPartitions.set(labels, topic.partitionCount);
    s.topicUnderReplicated.set(labels, topic.underReplicated);
    s.topicUnderMinIsr.set(labels, topic.underMinIsr);
    s.topicOffline.set(labels, topic.offline);
    s.topicElr.set(labels, topic.elrPartitions);
    setKnown(s.topicSize, labels, topic.sizeBytes);
    setKnown(s.topicMessages, labels, topic.messageCount);
    setKnown(s.topicProduceRate, labels, topic.produceRate);
    if (!byPartition) continue;
    for (const p of topic.partitions) {
      const pl = { cluster, topic: topic.name, partition: String(p.partition) };
      setKnown(s.partitionCurrentOffset, pl, p.endOffset);
      setKnown(s.partitionOldestOffset, pl, p.startOffset);
      setKnown(s.partitionSize, pl, p.sizeBytes);
      s.partitionLeader.set(pl, p.leader);
      s.partitionReplicas.set(pl, p.replicas.length);
      s.partitionInSyncReplicas.set(pl, p.isr.length);
      s.partitionLeaderIsPreferred.set(pl, p.leaderIsPreferred ? 1 : 0);
      s.partitionUnderReplicated.set(pl, p.underReplicated ? 1 : 0);
      s.partitionUnderMinIsr.set(pl, p.underMinIsr ? 1 : 0);
      s.partitionOffline.set(pl, p.offline ? 1 : 0);
      setKnown(s.partitionElr, pl, p.eligibleLeaderReplicas?.length);
      setKnown(s.partitionLastKnownElr, pl, p.lastKnownElr?.length);
      s.partitionNoCleanLeader.set(pl, p.cleanLeaderPossible === false ? 1 : 0);
    }
  }
}

function fillGroup(s: Series, cluster: string, group: GroupSnapshot, byPartition: boolean): void {
  const gl = { cluster, consumergroup: group.id };
  const typed = { ...gl, type: group.type };
  s.groupMembers.set(gl, group.members.length);
  setKnown(s.groupMaxLagSeconds, typed, nonNegative(group.timeLagSeconds));
  setKnown(s.groupConsumeRate, typed, group.consumeRate);
  setKnown(s.groupCatchUp, typed, group.timeToCatchUpSeconds);
  for (const status of GROUP_LAG_STATUSES)
    s.groupStatus.set({ ...typed, status }, group.status === status ? 1 : 0);
  for (const state of GROUP_STATES_BY_TYPE[group.type])
    s.groupState.set({ ...typed, state }, group.state === state ? 1 : 0);
  for (const topic of group.topics) {
    const tl = { cluster, consumergroup: group.id, topic: topic.topic };
    s.groupCurrentOffsetSum.set(tl, topic.committedSum);
    setKnown(s.groupLagSum, tl, nonNegative(topic.lag));
    setKnown(s.groupTopicMaxLagSeconds, tl, nonNegative(topic.timeLagSeconds));
  }
  if (!byPartition) return;
  for (const p of group.partitions) {
    const pl = { cluster, consumergroup: group.id, topic: p.topic, partition: String(p.partition) };
    setKnown(s.groupCurrentOffset, pl, p.committedOffset);
    setKnown(s.groupLag, pl, nonNegative(p.lag));
    setKnown(s.groupLagSeconds, pl, nonNegative(p.timeLagSeconds));
  }
}

// Lag is clamped in the collector already; the exposition makes sure of it once more.
const nonNegative = (value: number | null): number | null => (value === null ? null : Math.max(0, value));

function setKnown<T extends string>(
  gauge: Gauge<T>,
  labels: LabelValues<T>,
  value: number | null | undefined,
): void {
  if (value !== null && value !== undefined && Number.isFinite(value)) gauge.set(labels, value);
}
