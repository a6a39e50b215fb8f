import type { Database, Statement } from 'better-sqlite3';
import { type Agg, average, latest, maximum, single, summary } from './aggregate.ts';
import { downsample, type Sample } from './downsample.ts';
import { hourCeil } from './time.ts';

export interface LagPoint {
  /** Start of the point's time bucket. */
  at: number;
  /** Average over the bucket. */
  lag: number | null;
  maxLag: number | null;
  maxTimeLagSeconds: number | null;
  /** Committed offsets summed over the partitions, at the end of the bucket. */
  committed: number | null;
}

export interface BrokerPoint {
  at: number;
  /** Share of the bucket's samples in which the broker was up, 0..1. */
  up: number | null;
  partitions: number | null;
  leaders: number | null;
  maxUnderReplicated: number | null;
  logDirBytes: number | null;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  messagesInPerSec: number | null;
}

export interface TopicPoint {
  at: number;
  sizeBytes: number | null;
  messageCount: number | null;
  endOffsetSum: number | null;
  /** Average messages per second appended over the bucket. */
  produceRate: number | null;
  maxProduceRate: number | null;
}

type Cell = number | null;
type Params = Record<string, number>;
interface LagRow {
  at: number;
  lag: Cell;
  timeLagMs: Cell;
  committed: Cell;
}
interface LagHourRow {
  hour: number;
  samples: number;
  avg: Cell;
  max: Cell;
  last: Cell;
  timeLagMs: Cell;
  committed: Cell;
}
interface BrokerRow {
  at: number;
  up: number;
  partitions: Cell;
  leaders: Cell;
  ur: Cell;
  logDir: Cell;
  in: Cell;
  out: Cell;
  msgs: Cell;
}
interface BrokerHourRow extends Omit<BrokerRow, 'at'> {
  hour: number;
  samples: number;
}
interface TopicRow {
  at: number;
  size: Cell;
  count: Cell;
  endSum: Cell;
  rate: Cell;
}
interface TopicHourRow extends Omit<TopicRow, 'at'> {
  hour: number;
  samples: number;
  maxRate: Cell;
}
type LagKey = 'lag' | 'timeLag' | 'committed';
type BrokerKey = 'up' | 'partitions' | 'leaders' | 'ur' | 'logDir' | 'in' | 'out' | 'msgs';
type TopicKey = 'size' | 'count' | 'endSum' | 'rate';

/** A raw value as a sample, leaving nulls out. */
function values<K extends string>(at: number, pairs: [K, number | null][]): Partial<Record<K, Agg>> {
  const out: Partial<Record<K, Agg>> = {};
  for (const [key, value] of pairs) if (value !== null) out[key] = single(value, at);
  return out;
}

/** An hourly roll-up metric as a sample: `avg` null means only the max/last were kept. */
function rolled(samples: number, avg: number | null, max: number | null, last: number | null, at: number) {
  const known = max ?? last ?? avg;
  if (known === null) return undefined;
  return summary(samples, avg ?? known, max ?? known, last ?? known, at);
}

function hourly<K extends string>(hour: number, pairs: [K, Agg | undefined][]): Sample<K> {
  const out: Partial<Record<K, Agg>> = {};
  for (const [key, agg] of pairs) if (agg) out[key] = agg;
  return { at: hour, values: out };
}

/**
 * Time series for charts: raw points where they are still kept, hourly roll-ups before
 * that, merged into at most `points` buckets.
 */
export class SeriesReader {
  private readonly sql: {
    cluster: Statement<[string], { id: number }>;
    topic: Statement<[number, string], { id: number }>;
    group: Statement<[number, string], { id: number }>;
    rawFrom: Statement<[number], { rawFrom: number }>;
    firstAt: Statement<[number, number], { first: number | null }>;
    groupLag: Statement<[Params], LagRow>;
    groupTopicLag: Statement<[Params], LagRow>;
    lagHour: Statement<[Params], LagHourRow>;
    broker: Statement<[Params], BrokerRow>;
    brokerHour: Statement<[Params], BrokerHourRow>;
    topicStat: Statement<[Params], TopicRow>;
    topicHour: Statement<[Params], TopicHourRow>;
  };

  constructor(db: Database) {
    const rawCycles = 'cycle c CROSS JOIN'; // cycles drive the join: one key seek per cycle
    const inRange = 'c.cluster_id = @cluster AND c.at >= @from AND c.at <= @to';
    const hours = 'hour > @hoursFrom - 3600000 AND hour <= @to AND hour < @boundary ORDER BY hour';
    this.sql = {
      cluster: db.prepare('SELECT id FROM cluster WHERE name = ?'),
      topic: db.prepare('SELECT id FROM topic WHERE cluster_id = ? AND name = ?'),
      group: db.prepare('SELECT id FROM consumer_group WHERE cluster_id = ? AND name = ?'),
      rawFrom: db.prepare('SELECT raw_from AS rawFrom FROM history_state WHERE cluster_id = ?'),
      // Roll-ups outlive raw cycles, so the oldest point is the older of the two.
      firstAt: db.prepare(
        `SELECT min(t) AS first FROM (SELECT min(at) AS t FROM cycle WHERE cluster_id = ?
           UNION ALL SELECT min(hour) AS t FROM broker_hour WHERE cluster_id = ?)`,
      ),
      groupLag: db.prepare(
        `SELECT c.at AS at, sum(g.lag) AS lag, max(g.time_lag_ms) AS timeLagMs, sum(g.committed_sum) AS committed
         FROM ${rawCycles} group_topic_lag g ON g.cycle_id = c.id AND g.group_id = @group
         WHERE ${inRange} GROUP BY c.id ORDER BY c.at`,
      ),
      groupTopicLag: db.prepare(
        `SELECT c.at AS at, g.lag AS lag, g.time_lag_ms AS timeLagMs, g.committed_sum AS committed
         FROM ${rawCycles} group_topic_lag g ON g.cycle_id = c.id AND g.group_id = @group AND g.topic_id = @topic
         WHERE ${inRange} ORDER BY c.at`,
      ),
      lagHour: db.prepare(
        `SELECT hour, samples, avg_lag AS avg, max_lag AS max, last_lag AS last, max_time_lag_ms AS timeLagMs,
           last_committed AS committed FROM lag_hour WHERE group_id = @group AND topic_id = @topic AND ${hours}`,
      ),
      broker: db.prepare(
        `SELECT c.at AS at, b.up AS up, b.partitions AS partitions, b.leaders AS leaders, b.under_replicated AS ur,
           b.log_dir_bytes AS logDir, b.bytes_in AS "in", b.bytes_out AS out, b.messages_in AS msgs
         FROM ${rawCycles} broker_stat b ON b.cycle_id = c.id AND b.broker_id = @broker
         WHERE ${inRange} ORDER BY c.at`,
      ),
      brokerHour: db.prepare(
        `SELECT hour, samples, up_ratio AS up, last_partitions AS partitions, last_leaders AS leaders,
           max_under_replicated AS ur, last_log_dir_bytes AS logDir, avg_bytes_in AS "in", avg_bytes_out AS out,
           avg_messages_in AS msgs
         FROM broker_hour WHERE cluster_id = @cluster AND broker_id = @broker AND ${hours}`,
      ),
      topicStat: db.prepare(
        `SELECT c.at AS at, t.size_bytes AS size, t.message_count AS count, t.end_offset_sum AS endSum,
           t.produce_rate AS rate
         FROM ${rawCycles} topic_stat t ON t.cycle_id = c.id AND t.topic_id = @topic
         WHERE ${inRange} ORDER BY c.at`,
      ),
      topicHour: db.prepare(
        `SELECT hour, samples, last_size_bytes AS size, last_message_count AS count, last_end_offset_sum AS endSum,
           avg_produce_rate AS rate, max_produce_rate AS maxRate
         FROM topic_hour WHERE topic_id = @topic AND ${hours}`,
      ),
    };
  }

  /** When the cluster's history begins (epoch ms); null when it has none yet. */
  firstAt(cluster: string): number | null {
    const clusterId = this.sql.cluster.get(cluster)?.id;
    if (clusterId === undefined) return null;
    return this.sql.firstAt.get(clusterId, clusterId)?.first ?? null;
  }

  lagSeries(
    cluster: string,
    group: string,
    topic: string | undefined,
    from: number,
    to: number,
    points: number,
  ): LagPoint[] {
    const clusterId = this.sql.cluster.get(cluster)?.id;
    const groupId = clusterId === undefined ? undefined : this.sql.group.get(clusterId, group)?.id;
    const topicId =
      topic === undefined || clusterId === undefined ? 0 : this.sql.topic.get(clusterId, topic)?.id;
    if (clusterId === undefined || groupId === undefined || topicId === undefined) return [];
    const params = { ...this.params(clusterId, from, to), group: groupId, topic: topicId };
    const raw = (topic === undefined ? this.sql.groupLag : this.sql.groupTopicLag).all(params);
    const samples: Sample<LagKey>[] = [
      ...this.sql.lagHour.all(params).map((r) =>
        hourly<LagKey>(Math.max(from, r.hour), [
          ['lag', rolled(r.samples, r.avg, r.max, r.last, r.hour)],
          ['timeLag', rolled(r.samples, null, seconds(r.timeLagMs), null, r.hour)],
          ['committed', rolled(r.samples, null, null, r.committed, r.hour)],
        ]),
      ),
      ...raw.map((r) => ({
        at: r.at,
        values: values<LagKey>(r.at, [
          ['lag', r.lag],
          ['timeLag', seconds(r.timeLagMs)],
          ['committed', r.committed],
        ]),
      })),
    ];
    return downsample(samples, { from, to, points }).map(({ at, values: v }) => ({
      at,
      lag: average(v.lag),
      maxLag: maximum(v.lag),
      maxTimeLagSeconds: maximum(v.timeLag),
      committed: latest(v.committed),
    }));
  }

  brokerSeries(cluster: string, brokerId: number, from: number, to: number, points: number): BrokerPoint[] {
    const clusterId = this.sql.cluster.get(cluster)?.id;
    if (clusterId === undefined) return [];
    const params = { ...this.params(clusterId, from, to), broker: brokerId };
    const keys: BrokerKey[] = ['up', 'partitions', 'leaders', 'ur', 'logDir', 'in', 'out', 'msgs'];
    const samples: Sample<BrokerKey>[] = [
      ...this.sql.brokerHour.all(params).map((r) => {
        const h = r.hour;
        const count = r.samples;
        return hourly<BrokerKey>(Math.max(from, h), [
          ['up', rolled(count, r.up, null, null, h)],
          ['partitions', rolled(count, null, null, r.partitions, h)],
          ['leaders', rolled(count, null, null, r.leaders, h)],
          ['ur', rolled(count, null, r.ur, null, h)],
          ['logDir', rolled(count, null, null, r.logDir, h)],
          ['in', rolled(count, r.in, null, null, h)],
          ['out', rolled(count, r.out, null, null, h)],
          ['msgs', rolled(count, r.msgs, null, null, h)],
        ]);
      }),
      ...this.sql.broker.all(params).map((r) => ({
        at: r.at,
        values: values<BrokerKey>(
          r.at,
          keys.map((k) => [k, r[k]]),
        ),
      })),
    ];
    return downsample(samples, { from, to, points }).map(({ at, values: v }) => ({
      at,
      up: average(v.up),
      partitions: latest(v.partitions),
      leaders: latest(v.leaders),
      maxUnderReplicated: maximum(v.ur),
      logDirBytes: latest(v.logDir),
      bytesInPerSec: average(v.in),
      bytesOutPerSec: average(v.out),
      messagesInPerSec: average(v.msgs),
    }));
  }

  topicSeries(cluster: string, topic: string, from: number, to: number, points: number): TopicPoint[] {
    const clusterId = this.sql.cluster.get(cluster)?.id;
    const topicId = clusterId === undefined ? undefined : this.sql.topic.get(clusterId, topic)?.id;
    if (clusterId === undefined || topicId === undefined) return [];
    const params = { ...this.params(clusterId, from, to), topic: topicId };
    const samples: Sample<TopicKey>[] = [
      ...this.sql.topicHour.all(params).map((r) => {
        const h = r.hour;
        const count = r.samples;
        return hourly<TopicKey>(Math.max(from, h), [
          ['size', rolled(count, null, null, r.size, h)],
          ['count', rolled(count, null, null, r.count, h)],
          ['endSum', rolled(count, null, null, r.endSum, h)],
          ['rate', rolled(count, r.rate, r.maxRate, null, h)],
        ]);
      }),
      ...this.sql.topicStat.all(params).map((r) => ({
        at: r.at,
        values: values<TopicKey>(r.at, [
          ['size', r.size],
          ['count', r.count],
          ['endSum', r.endSum],
          ['rate', r.rate],
        ]),
      })),
    ];
    return downsample(samples, { from, to, points }).map(({ at, values: v }) => ({
      at,
      sizeBytes: latest(v.size),
      messageCount: latest(v.count),
      endOffsetSum: latest(v.endSum),
      produceRate: average(v.rate),
      maxProduceRate: maximum(v.rate),
    }));
  }

  /**
   * Raw rows are read from the first whole hour at which they are complete; hours before it
   * come from the roll-ups, so no hour is counted twice or half.
   */
  private params(clusterId: number, from: number, to: number) {
    const rawFrom = this.sql.rawFrom.get(clusterId)?.rawFrom ?? 0;
    const boundary = hourCeil(rawFrom);
    return { cluster: clusterId, from: Math.max(from, boundary), to, boundary, hoursFrom: from };
  }
}

const seconds = (ms: Cell): Cell => (ms === null ? null : ms / 1000);
