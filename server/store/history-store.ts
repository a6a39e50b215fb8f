import type { Database } from 'better-sqlite3';
import type { EndOffsetRuns, LagWindow } from '../collector/index.ts';
import type { ClusterSnapshot } from '../collector/snapshot.ts';
import { partitionKey } from '../model/index.ts';
import { type ClusterPoint, ClusterSeriesReader } from './cluster-series.ts';
import { CycleWriter } from './cycle-writer.ts';
import { EndOffsetLog } from './end-offset-log.ts';
import { NameIds } from './ids.ts';
import { type IsrEventQuery, IsrEventReader, type StoredIsrEvent } from './isr-events.ts';
import { Maintenance, type MaintenanceReport } from './maintenance.ts';
import { type HistoryOptions, historyOptions } from './options.ts';
import { CollectorMemory, type KnownBroker } from './restore.ts';
import { HourlyRollup } from './rollup.ts';
import { type BrokerPoint, type LagPoint, SeriesReader, type TopicPoint } from './series.ts';

/**
 * Kafka history in SQLite: one transaction per poll cycle, what the collector must
 * remember across restarts, hourly roll-ups with retention, and series for charts.
 * Expects a database opened with openDatabase() (WAL, migrations applied) and to be its
 * only writer.
 */
export class HistoryStore {
  readonly options: HistoryOptions;
  private readonly ids: NameIds;
  private readonly endOffsets: EndOffsetLog;
  private readonly writer: CycleWriter;
  private readonly memory: CollectorMemory;
  private readonly series: SeriesReader;
  private readonly clusterTotals: ClusterSeriesReader;
  private readonly isr: IsrEventReader;
  private readonly maintenance: Maintenance;
  private readonly writeTransaction: (snapshot: ClusterSnapshot) => number;

  constructor(db: Database, options: Partial<HistoryOptions> = {}) {
    this.options = historyOptions(options);
    this.ids = new NameIds(db);
    this.endOffsets = new EndOffsetLog(db, this.options.endOffsetMaxRuns, {
      rowsPerPartition: this.options.endOffsetFoldRowsPerPartition,
      minRows: this.options.endOffsetFoldMinRows,
    });
    this.writer = new CycleWriter(db, this.ids, this.endOffsets);
    this.memory = new CollectorMemory(db);
    this.series = new SeriesReader(db);
    this.clusterTotals = new ClusterSeriesReader(db);
    this.isr = new IsrEventReader(db);
    this.maintenance = new Maintenance(db, new HourlyRollup(db), this.endOffsets, this.options);
    const write = db.transaction((snapshot: ClusterSnapshot) => this.writer.write(snapshot));
    this.writeTransaction = (snapshot) => write.immediate(snapshot);
  }

  /** Writes the whole cycle or, if anything fails, nothing. Returns the cycle's id. */
  writeCycle(snapshot: ClusterSnapshot): number {
    try {
      return this.writeTransaction(snapshot);
    } catch (error) {
      // The rolled-back transaction may have handed out ids and moved runs that do not exist.
      this.ids.forget();
      this.endOffsets.forget();
      this.writer.discard();
      throw error;
    }
  }

  knownBrokers(cluster: string): KnownBroker[] {
    return this.memory.knownBrokers(cluster);
  }

  /** The collector's time-lag history, keyed "topic\0partition", as it was before the restart. */
  loadEndOffsetRuns(cluster: string): Map<string, EndOffsetRuns> {
    const clusterId = this.ids.findCluster(cluster);
    const runs = new Map<string, EndOffsetRuns>();
    if (clusterId === undefined) return runs;
    const names = this.ids.topicNames(clusterId);
    for (const p of this.endOffsets.load(clusterId).partitions.values()) {
      const topic = names.get(p.topicId);
      if (topic !== undefined && p.runs.length > 0) runs.set(partitionKey(topic, p.partition), p.runs);
    }
    return runs;
  }

  /** The collector's Burrow windows, per group, then per "topic\0partition", at most `size` observations each. */
  loadLagWindows(cluster: string, size: number): Map<string, Map<string, LagWindow>> {
    const clusterId = this.ids.findCluster(cluster);
    if (clusterId === undefined) return new Map();
    return this.memory.lagWindows(clusterId, size, {
      topics: this.ids.topicNames(clusterId),
      groups: this.ids.groupNames(clusterId),
    });
  }

  /**
   * Rolls up complete hours and applies retention in short transactions; call every few
   * minutes. Aborting `signal` (on shutdown) stops it after the current transaction.
   */
  maintain(now: number, signal?: AbortSignal): Promise<MaintenanceReport> {
    return this.maintenance.run(now, signal);
  }

  /** When the cluster's history begins (epoch ms): where a "since the first point" chart starts. */
  firstAt(cluster: string): number | null {
    return this.series.firstAt(cluster);
  }

  lagSeries(
    cluster: string,
    group: string,
    topic: string | undefined,
    from: number,
    to: number,
    points: number,
  ): LagPoint[] {
    return this.series.lagSeries(cluster, group, topic, from, to, points);
  }

  brokerSeries(cluster: string, brokerId: number, from: number, to: number, points: number): BrokerPoint[] {
    return this.series.brokerSeries(cluster, brokerId, from, to, points);
  }

  /** Messages in and total lag of a cluster over the last hours (raw cycles only). */
  clusterSeries(cluster: string, from: number, to: number, points: number): ClusterPoint[] {
    return this.clusterTotals.series(cluster, from, to, points);
  }

  topicSeries(cluster: string, topic: string, from: number, to: number, points: number): TopicPoint[] {
    return this.series.topicSeries(cluster, topic, from, to, points);
  }

  isrEvents(cluster: string, query: IsrEventQuery): StoredIsrEvent[] {
    return this.isr.events(cluster, query);
  }
}
