import type { Database, Statement } from 'better-sqlite3';
import { getOrInsert } from '../shared/maps.ts';
import { type Agg, addValue, average, latest, maximum } from './aggregate.ts';
import { HOUR_MS } from './time.ts';

type Cell = number | null;

interface LagAcc {
  samples: number;
  lag: Agg | undefined;
  timeLagMs: Agg | undefined;
  first: { at: number; committed: number } | undefined;
  last: { at: number; committed: number } | undefined;
}

const newLagAcc = (): LagAcc => ({
  samples: 0,
  lag: undefined,
  timeLagMs: undefined,
  first: undefined,
  last: undefined,
});

function addLag(acc: LagAcc, at: number, lag: Cell, timeLagMs: Cell, committed: number): void {
  acc.samples++;
  acc.lag = addValue(acc.lag, lag, at);
  acc.timeLagMs = addValue(acc.timeLagMs, timeLagMs, at);
  acc.first ??= { at, committed };
  acc.last = { at, committed };
}

/** Messages committed per second over the hour; null when offsets went back (a reset) or no time passed. */
function consumeRate({ first, last }: LagAcc): number | null {
  if (!first || !last || last.at <= first.at || last.committed < first.committed) return null;
  return ((last.committed - first.committed) * 1000) / (last.at - first.at);
}

/**
 * Rolls one hour of raw rows into hourly rows, in slices of entity ids so that no slice
 * reads more than about `batchRows` rows. Aggregation happens here rather than in SQL
 * because "last value of the hour" and per-cycle group totals are awkward there.
 * Writes are INSERT OR REPLACE, so re-running an interrupted hour is harmless.
 */
export class HourlyRollup {
  private readonly sql: {
    hourCycles: Statement<[number, number, number], { n: number }>;
    groupIds: Statement<[number], { id: number }>;
    topicIds: Statement<[number], { id: number }>;
    groupRows: Statement<[number, number, number, number, number]>;
    topicRows: Statement<[number, number, number, number, number]>;
    brokerRows: Statement<[number, number, number]>;
    lagHour: Statement<[number, number, number, number, Cell, Cell, Cell, Cell, Cell, Cell]>;
    topicHour: Statement<[number, number, number, Cell, Cell, Cell, Cell, Cell]>;
    brokerHour: Statement<[number, number, number, number, number, Cell, Cell, Cell, Cell, Cell, Cell, Cell]>;
  };

  constructor(db: Database) {
    const hourCycles = 'FROM cycle c CROSS JOIN';
    const inHour = 'c.cluster_id = ? AND c.at >= ? AND c.at < ?';
    this.sql = {
      hourCycles: db.prepare(`SELECT count(*) AS n FROM cycle c WHERE ${inHour}`),
      groupIds: db.prepare('SELECT id FROM consumer_group WHERE cluster_id = ? ORDER BY id'),
      topicIds: db.prepare('SELECT id FROM topic WHERE cluster_id = ? ORDER BY id'),
      groupRows: db.prepare(
        `SELECT c.id, c.offsets_at, g.group_id, g.topic_id, g.lag, g.time_lag_ms, g.committed_sum
         ${hourCycles} group_topic_lag g ON g.cycle_id = c.id AND g.group_id BETWEEN ? AND ?
         WHERE ${inHour} ORDER BY c.at, c.id, g.group_id`,
      ),
      topicRows: db.prepare(
        `SELECT c.at, t.topic_id, t.size_bytes, t.message_count, t.end_offset_sum, t.produce_rate
         ${hourCycles} topic_stat t ON t.cycle_id = c.id AND t.topic_id BETWEEN ? AND ?
         WHERE ${inHour} ORDER BY c.at, c.id`,
      ),
      brokerRows: db.prepare(
        `SELECT c.at, b.broker_id, b.up, b.partitions, b.leaders, b.under_replicated, b.log_dir_bytes,
           b.bytes_in, b.bytes_out, b.messages_in
         ${hourCycles} broker_stat b ON b.cycle_id = c.id
         WHERE ${inHour} ORDER BY c.at, c.id`,
      ),
      lagHour: db.prepare(
        `INSERT OR REPLACE INTO lag_hour (group_id, topic_id, hour, samples, avg_lag, max_lag, last_lag,
           max_time_lag_ms, last_committed, consume_rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      topicHour: db.prepare(
        `INSERT OR REPLACE INTO topic_hour (topic_id, hour, samples, last_size_bytes, last_message_count,
           last_end_offset_sum, avg_produce_rate, max_produce_rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      brokerHour: db.prepare(
        `INSERT OR REPLACE INTO broker_hour (cluster_id, broker_id, hour, samples, up_ratio, last_partitions,
           last_leaders, max_under_replicated, last_log_dir_bytes, avg_bytes_in, avg_bytes_out, avg_messages_in)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** Rolls up the hour starting at `hour`; yields after each slice with the rows it read. */
  *hour(clusterId: number, hour: number, batchRows: number): Generator<number, void> {
    const end = hour + HOUR_MS;
    const cycles = this.sql.hourCycles.get(clusterId, hour, end)?.n ?? 0;
    if (cycles === 0) return;
    const perSlice = Math.max(1, Math.floor(batchRows / cycles));
    for (const [lo, hi] of slices(this.sql.groupIds.all(clusterId), perSlice))
      yield this.groups(clusterId, hour, lo, hi);
    for (const [lo, hi] of slices(this.sql.topicIds.all(clusterId), perSlice))
      yield this.topics(clusterId, hour, lo, hi);
    yield this.brokers(clusterId, hour);
  }

  private groups(clusterId: number, hour: number, lo: number, hi: number): number {
    const rows = this.sql.groupRows.raw().all(lo, hi, clusterId, hour, hour + HOUR_MS) as [
      number,
      number,
      number,
      number,
      Cell,
      Cell,
      number,
    ][];
    const perTopic = new Map<string, { groupId: number; topicId: number; acc: LagAcc }>();
    const totals = new Map<number, LagAcc>();
    // Group totals are per cycle first (sum of lags, max of time lags), then over the hour.
    let current:
      | { cycle: number; at: number; group: number; lag: Cell; timeLag: Cell; committed: number }
      | undefined;
    const flush = () => {
      if (!current) return;
      const acc = getOrInsert(totals, current.group, newLagAcc);
      addLag(acc, current.at, current.lag, current.timeLag, current.committed);
    };
    for (const [cycle, at, groupId, topicId, lag, timeLag, committed] of rows) {
      const key = `${groupId},${topicId}`;
      const entry = getOrInsert(perTopic, key, () => ({ groupId, topicId, acc: newLagAcc() }));
      addLag(entry.acc, at, lag, timeLag, committed);
      if (current?.cycle !== cycle || current.group !== groupId) {
        flush();
        current = { cycle, at, group: groupId, lag: null, timeLag: null, committed: 0 };
      }
      if (lag !== null) current.lag = (current.lag ?? 0) + lag;
      if (timeLag !== null) current.timeLag = Math.max(current.timeLag ?? timeLag, timeLag);
      current.committed += committed;
    }
    flush();
    for (const { groupId, topicId, acc } of perTopic.values()) this.writeLag(groupId, topicId, hour, acc);
    for (const [groupId, acc] of totals) this.writeLag(groupId, 0, hour, acc);
    return rows.length;
  }

  private writeLag(groupId: number, topicId: number, hour: number, acc: LagAcc): void {
    this.sql.lagHour.run(
      groupId,
      topicId,
      hour,
      acc.samples,
      average(acc.lag),
      maximum(acc.lag),
      latest(acc.lag),
      maximum(acc.timeLagMs),
      acc.last?.committed ?? null,
      consumeRate(acc),
    );
  }

  private topics(clusterId: number, hour: number, lo: number, hi: number): number {
    const rows = this.sql.topicRows.raw().all(lo, hi, clusterId, hour, hour + HOUR_MS) as [
      number,
      number,
      Cell,
      Cell,
      Cell,
      Cell,
    ][];
    type TopicAcc = { samples: number; size?: Agg; count?: Agg; endSum?: Agg; rate?: Agg };
    const accs = new Map<number, TopicAcc>();
    for (const [at, topicId, size, count, endSum, rate] of rows) {
      const acc = getOrInsert(accs, topicId, (): TopicAcc => ({ samples: 0 }));
      acc.samples++;
      acc.size = addValue(acc.size, size, at);
      acc.count = addValue(acc.count, count, at);
      acc.endSum = addValue(acc.endSum, endSum, at);
      acc.rate = addValue(acc.rate, rate, at);
    }
    for (const [topicId, a] of accs) {
      this.sql.topicHour.run(
        topicId,
        hour,
        a.samples,
        latest(a.size),
        latest(a.count),
        latest(a.endSum),
        average(a.rate),
        maximum(a.rate),
      );
    }
    return rows.length;
  }

  private brokers(clusterId: number, hour: number): number {
    const rows = this.sql.brokerRows.raw().all(clusterId, hour, hour + HOUR_MS) as [
      number,
      number,
      number,
      number,
      number,
      number,
      Cell,
      Cell,
      Cell,
      Cell,
    ][];
    type BrokerAcc = {
      samples: number;
      up: number;
      partitions?: Agg;
      leaders?: Agg;
      ur?: Agg;
      logDir?: Agg;
      in?: Agg;
      out?: Agg;
      msgs?: Agg;
    };
    const accs = new Map<number, BrokerAcc>();
    for (const [at, brokerId, up, partitions, leaders, ur, logDir, bytesIn, bytesOut, msgs] of rows) {
      const a = getOrInsert(accs, brokerId, (): BrokerAcc => ({ samples: 0, up: 0 }));
      a.samples++;
      a.up += up;
      a.partitions = addValue(a.partitions, partitions, at);
      a.leaders = addValue(a.leaders, leaders, at);
      a.ur = addValue(a.ur, ur, at);
      a.logDir = addValue(a.logDir, logDir, at);
      a.in = addValue(a.in, bytesIn, at);
      a.out = addValue(a.out, bytesOut, at);
      a.msgs = addValue(a.msgs, msgs, at);
    }
    for (const [brokerId, a] of accs) {
      this.sql.brokerHour.run(
        clusterId,
        brokerId,
        hour,
        a.samples,
        a.up / a.samples,
        latest(a.partitions),
        latest(a.leaders),
        maximum(a.ur),
        latest(a.logDir),
        average(a.in),
        average(a.out),
        average(a.msgs),
      );
    }
    return rows.length;
  }
}

/** Consecutive id ranges of at most `size` ids each. */
function slices(ids: readonly { id: number }[], size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < ids.length; i += size)
    out.push([ids[i]!.id, ids[Math.min(ids.length, i + size) - 1]!.id]);
  return out;
}
