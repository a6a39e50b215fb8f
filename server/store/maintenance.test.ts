import type { Database } from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVERY, predictableCycle, T0 } from '../../test/support/snapshot-fixtures.ts';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import type { ClusterSnapshot } from '../collector/snapshot.ts';
import { HistoryStore } from './history-store.ts';
import type { MaintenanceReport } from './maintenance.ts';
import { openDatabase } from './open.ts';
import { HOUR_MS, MINUTE_MS } from './time.ts';

const tempDirs = useTempDirs();

const cycle = (i: number) => predictableCycle(i, T0);
const OPTIONS = {
  rawRetentionMs: 2 * HOUR_MS,
  hourlyRetentionMs: 5 * HOUR_MS,
  isrEventRetentionMs: 3 * HOUR_MS,
  rollupDelayMs: 5 * MINUTE_MS,
  maintenanceBatchRows: 5, // many small transactions, to prove batching changes nothing
};

const CYCLES = 96; // eight hours
const NOW = T0 + 8 * HOUR_MS + 10 * MINUTE_MS;
const inHour = (h: number) => Array.from({ length: 12 }, (_, k) => cycle(h * 12 + k));
const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const groupLag = (s: ClusterSnapshot, t?: string) => {
  const g = s.groups[0]!;
  return t
    ? g.topics.find((x) => x.topic === t)!
    : { lag: g.lag, committedSum: g.topics.reduce((n, x) => n + x.committedSum, 0) };
};

function rows<T>(db: Database, sql: string, ...params: (number | string)[]): T[] {
  return db.prepare<(number | string)[], T>(sql).all(...params);
}

describe('maintenance', () => {
  let db: Database;
  let store: HistoryStore;
  let first: MaintenanceReport;

  beforeAll(async () => {
    db = openDatabase(tempDirs('kestrel-maintain-'));
    store = new HistoryStore(db, OPTIONS);
    for (let i = 0; i < CYCLES; i++) store.writeCycle(cycle(i));
    first = await store.maintain(NOW);
  });

  it('rolls up the complete hours inside the hourly window, in many short transactions', () => {
    expect(first.rolledHours).toBe(4); // 4h..7h; hours before 4h would be deleted at once
    expect(first.batches).toBeGreaterThan(20);
    const hours = rows<{ hour: number }>(db, 'SELECT DISTINCT hour FROM topic_hour ORDER BY hour').map(
      (r) => r.hour,
    );
    expect(hours).toEqual([4, 5, 6, 7].map((h) => T0 + h * HOUR_MS));
  });

  it('keeps per-topic and whole-group lag aggregates of each hour', () => {
    for (const h of [4, 5, 6, 7]) {
      const cycles = inHour(h);
      const stored = rows<Record<string, number>>(
        db,
        `SELECT coalesce(t.name, '*') AS topic, l.samples, l.avg_lag AS avgLag, l.max_lag AS maxLag, l.last_lag AS lastLag,
           l.max_time_lag_ms AS maxTimeLagMs, l.last_committed AS lastCommitted, l.consume_rate AS consumeRate
         FROM lag_hour l LEFT JOIN topic t ON t.id = l.topic_id WHERE l.hour = ? ORDER BY topic`,
        T0 + h * HOUR_MS,
      );
      const expected = ['*', 'a', 'b'].map((t) => {
        const lags = cycles.map((s) => groupLag(s, t === '*' ? undefined : t));
        const times = cycles.map((s) => s.offsetsAt);
        const timeLags = cycles.flatMap((s) =>
          s.groups[0]!.partitions.filter((p) => t === '*' || p.topic === t).map((p) => p.timeLagSeconds ?? 0),
        );
        return {
          topic: t,
          samples: 12,
          avgLag: avg(lags.map((l) => l.lag!)),
          maxLag: Math.max(...lags.map((l) => l.lag!)),
          lastLag: lags[11]!.lag,
          maxTimeLagMs: Math.round(Math.max(...timeLags) * 1000),
          lastCommitted: lags[11]!.committedSum,
          consumeRate: ((lags[11]!.committedSum - lags[0]!.committedSum) * 1000) / (times[11]! - times[0]!),
        };
      });
      expect(stored).toEqual(expected);
    }
  });

  it('keeps topic and broker aggregates of each hour', () => {
    const h = 5;
    const cycles = inHour(h);
    const [topicA] = rows<Record<string, number | null>>(
      db,
      `SELECT samples, last_size_bytes AS size, last_message_count AS count, last_end_offset_sum AS endSum,
         avg_produce_rate AS avgRate, max_produce_rate AS maxRate
       FROM topic_hour JOIN topic ON topic.id = topic_id WHERE name = 'a' AND hour = ?`,
      T0 + h * HOUR_MS,
    );
    const last = cycles[11]!.topics[0]!;
    expect(topicA).toEqual({
      samples: 12,
      size: last.sizeBytes,
      count: last.messageCount,
      endSum: last.partitions.reduce((n, p) => n + p.endOffset!, 0),
      avgRate: avg(cycles.map((s) => s.topics[0]!.produceRate!)),
      maxRate: 71,
    });
    const brokers = rows<Record<string, number>>(
      db,
      `SELECT broker_id AS id, samples, up_ratio AS up, avg_bytes_in AS bytesIn FROM broker_hour WHERE hour = ? ORDER BY broker_id`,
      T0 + h * HOUR_MS,
    );
    expect(brokers).toEqual([
      { id: 1, samples: 12, up: 9 / 12, bytesIn: 100 },
      { id: 2, samples: 12, up: 1, bytesIn: 200 },
    ]);
  });

  it('deletes raw rows older than the raw window, cycles and roll-ups older than the hourly window', () => {
    const cycleAt = (i: number) => T0 + i * EVERY;
    const rawCutoff = NOW - OPTIONS.rawRetentionMs;
    const withRaw = rows<{ at: number; n: number }>(
      db,
      `SELECT c.at, (SELECT count(*) FROM group_partition_lag WHERE cycle_id = c.id) + (SELECT count(*) FROM group_topic_lag WHERE cycle_id = c.id)
         + (SELECT count(*) FROM topic_stat WHERE cycle_id = c.id) + (SELECT count(*) FROM broker_stat WHERE cycle_id = c.id) AS n
       FROM cycle c ORDER BY c.at`,
    );
    expect(withRaw.filter((r) => r.n > 0).map((r) => r.at)).toEqual(
      Array.from({ length: CYCLES }, (_, i) => cycleAt(i)).filter((at) => at >= rawCutoff),
    );
    expect(new Set(withRaw.filter((r) => r.n > 0).map((r) => r.n))).toEqual(new Set([3 + 2 + 2 + 2]));
    // Orphans would mean a cycle row went before its raw rows.
    expect(
      rows(db, 'SELECT cycle_id FROM group_partition_lag WHERE cycle_id NOT IN (SELECT id FROM cycle)'),
    ).toEqual([]);
    expect(withRaw.map((r) => r.at)).toEqual(
      Array.from({ length: CYCLES }, (_, i) => cycleAt(i)).filter(
        (at) => at >= NOW - OPTIONS.hourlyRetentionMs,
      ),
    );
    const isr = rows<{ at: number }>(db, 'SELECT at FROM isr_event ORDER BY at').map((r) => r.at);
    expect(isr).toEqual(
      Array.from({ length: CYCLES }, (_, i) => i)
        .filter((i) => i % 6 === 0 && cycleAt(i) >= NOW - OPTIONS.isrEventRetentionMs)
        .map(cycleAt),
    );
  });

  it('later runs expire roll-ups by hour and are idempotent', async () => {
    const again = await store.maintain(NOW);
    expect(again.rolledHours).toBe(0);
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
    const later = NOW + 2 * HOUR_MS;
    await store.maintain(later);
    const hours = rows<{ hour: number }>(db, 'SELECT DISTINCT hour FROM lag_hour ORDER BY hour').map(
      (r) => r.hour,
    );
    expect(hours).toEqual([6, 7].map((h) => T0 + h * HOUR_MS)); // 4h and 5h started before later − 5h
    expect(rows(db, 'SELECT 1 FROM group_topic_lag')).toEqual([]); // all raw is past the raw window now
    expect(rows(db, 'SELECT 1 FROM topic_hour WHERE hour < ?', later - OPTIONS.hourlyRetentionMs)).toEqual(
      [],
    );
    expect(rows(db, 'SELECT 1 FROM broker_hour WHERE hour < ?', later - OPTIONS.hourlyRetentionMs)).toEqual(
      [],
    );
  });

  it('a cluster silent for the whole hourly window leaves nothing behind', async () => {
    expect(store.loadEndOffsetRuns('test').size).toBe(3);
    const report = await store.maintain(NOW + 6 * HOUR_MS);
    expect(report.deleted.endOffsetLogRows).toBeGreaterThan(0);
    expect(store.loadEndOffsetRuns('test').size).toBe(0);
    for (const table of [
      'cycle',
      'lag_hour',
      'topic_hour',
      'broker_hour',
      'isr_event',
      'end_offset_log',
      'end_offset_checkpoint',
    ])
      expect(rows(db, `SELECT 1 FROM ${table}`), table).toEqual([]);
    expect(store.knownBrokers('test')).toHaveLength(2); // brokers are remembered for good
  });
});

describe('per-partition lag retention', () => {
  it('keeps per-partition rows for their own, shorter window and the Burrow windows intact', async () => {
    const db = openDatabase(tempDirs('kestrel-maintain-'));
    const store = new HistoryStore(db, { ...OPTIONS, partitionRawRetentionMs: HOUR_MS });
    for (let i = 0; i < CYCLES; i++) store.writeCycle(cycle(i));
    const windowsBefore = store.loadLagWindows('test', 10);
    await store.maintain(NOW);
    const oldest = (table: string) =>
      rows<{ at: number }>(db, `SELECT min(c.at) AS at FROM ${table} t JOIN cycle c ON c.id = t.cycle_id`)[0]!
        .at;
    expect(oldest('group_partition_lag')).toBe(T0 + 86 * EVERY); // NOW − 1h
    expect(oldest('group_topic_lag')).toBe(T0 + 74 * EVERY); // NOW − 2h
    expect(store.loadLagWindows('test', 10)).toEqual(windowsBefore);
    db.close();
  });

  it('may not outlive the raw window', () => {
    const db = openDatabase(tempDirs('kestrel-maintain-'));
    expect(
      () => new HistoryStore(db, { rawRetentionMs: HOUR_MS, partitionRawRetentionMs: 2 * HOUR_MS }),
    ).toThrow(/partitionRawRetentionMs/);
    db.close();
  });
});

describe('stopping maintenance', () => {
  it('stops after the current transaction when aborted, and the next run finishes the work', async () => {
    const db = openDatabase(tempDirs('kestrel-maintain-'));
    const store = new HistoryStore(db, OPTIONS);
    for (let i = 0; i < CYCLES; i++) store.writeCycle(cycle(i));
    const controller = new AbortController();
    const stopped = store.maintain(NOW, controller.signal);
    controller.abort();
    const first = await stopped;
    expect(first.aborted).toBe(true);
    expect(first.batches).toBe(1);
    const rest = await store.maintain(NOW);
    expect(rest.aborted).toBe(false);
    expect(rows(db, 'SELECT DISTINCT hour FROM topic_hour ORDER BY hour')).toHaveLength(4);
    expect(rows(db, 'SELECT 1 FROM group_topic_lag')).toHaveLength((CYCLES - 74) * 2);
    db.close();
  });
});
