import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { broker, group, type PartitionLag, snapshot, topic } from '../../test/support/snapshot-fixtures.ts';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import { type EndOffsetRuns, type LagObservation, recordEndOffset, slideWindow } from '../collector/index.ts';
import type { ClusterSnapshot } from '../collector/snapshot.ts';
import { getOrInsert } from '../shared/maps.ts';
import { EndOffsetLog } from './end-offset-log.ts';
import { HistoryStore } from './history-store.ts';
import { openDatabase } from './open.ts';
import type { HistoryOptions } from './options.ts';

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_RUNS = 5;
const WINDOW = 4;
// Small enough to thin runs often and fold the log on every maintenance.
const OPTIONS: Partial<HistoryOptions> = {
  endOffsetMaxRuns: MAX_RUNS,
  endOffsetFoldMinRows: 0,
  endOffsetFoldRowsPerPartition: 0,
  maintenanceBatchRows: 7,
};

/** What the collector keeps in memory, maintained exactly as build-topics.ts and build-groups.ts do. */
class CollectorModel {
  readonly runs = new Map<string, EndOffsetRuns>();
  readonly windows = new Map<string, LagObservation[]>();

  observe(s: ClusterSnapshot): void {
    if (!s.reachable) return;
    const seen = new Set<string>();
    for (const t of s.topics) {
      for (const p of t.partitions) {
        const key = `${t.name}\u0000${p.partition}`;
        seen.add(key);
        if (p.endOffset === null) continue;
        const runs = getOrInsert(this.runs, key, (): EndOffsetRuns => []);
        recordEndOffset(runs, p.endOffset, s.offsetsAt, MAX_RUNS);
      }
    }
    for (const key of this.runs.keys()) if (!seen.has(key)) this.runs.delete(key);
    const seenWindows = new Set<string>();
    for (const g of s.groups) {
      for (const p of g.partitions) {
        if (p.committedOffset === null || p.lag === null) continue;
        const key = `${g.id}\u0000${p.topic}\u0000${p.partition}`;
        this.windows.set(
          key,
          slideWindow(
            this.windows.get(key) ?? [],
            { at: s.offsetsAt, offset: p.committedOffset, lag: p.lag },
            WINDOW,
          ),
        );
        seenWindows.add(key);
      }
    }
    for (const key of this.windows.keys()) if (!seenWindows.has(key)) this.windows.delete(key);
  }
}

/**
 * A cluster whose partitions change, stall, go unobserved, shrink (topic recreated),
 * disappear and come back, and which is sometimes unreachable.
 */
function* scenario(seed: number, cycles: number, start = 0): Generator<ClusterSnapshot> {
  const next = random(seed);
  const ends = new Map<string, number>([
    ['a/0', 100],
    ['a/1', 5_000],
    ['a/2', 0],
    ['b/0', 42],
    ['b/1', 42],
    ['c/0', 7],
  ]);
  const committed = new Map<string, number>();
  for (let i = start; i < start + cycles; i++) {
    const at = 1_700_000_000_000 + i * 15_000;
    const reachable = next() > 0.08;
    const offsetsFailed = next() < 0.04;
    const withC = i % 60 < 40; // topic c is deleted for a while, then recreated
    if (i % 60 === 40) ends.set('c/0', 0);
    const endOf = (key: string): number | null => {
      const r = next();
      let end = ends.get(key)!;
      if (r < 0.35) end += 1 + Math.floor(next() * 50);
      else if (r < 0.38) end = Math.floor(end / 3); // truncated or recreated
      ends.set(key, end);
      return offsetsFailed || r > 0.93 ? null : end;
    };
    const topics = [
      topic('a', [endOf('a/0'), endOf('a/1'), endOf('a/2')]),
      topic('b', [endOf('b/0'), endOf('b/1')]),
      ...(withC ? [topic('c', [endOf('c/0')])] : []),
    ];
    const lagOf = (g: string, t: string, partition: number): PartitionLag => {
      const end = topics.find((x) => x.name === t)?.partitions[partition]?.endOffset ?? null;
      const key = `${g}/${t}/${partition}`;
      const r = next();
      let c = committed.get(key) ?? 0;
      if (r < 0.5 && end !== null) c = Math.min(end, c + Math.floor(next() * 80));
      else if (r < 0.53) c = Math.max(0, c - 10); // rewind
      committed.set(key, c);
      return { topic: t, partition, committed: r > 0.95 ? null : c, end };
    };
    const groups = [
      group('g1', [lagOf('g1', 'a', 0), lagOf('g1', 'a', 1), lagOf('g1', 'a', 2)]),
      ...(next() < 0.8 ? [group('g2', [lagOf('g2', 'b', 0), lagOf('g2', 'b', 1)])] : []),
      ...(withC ? [group('g3', [lagOf('g3', 'c', 0)])] : []),
    ];
    yield snapshot({ at, reachable, topics, groups, brokers: [broker(1, reachable)] });
  }
}

const sorted = <V>(map: Map<string, V>) =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const tempDirs = useTempDirs();
const tempDir = () => tempDirs('kestrel-store-');

function expectRestored(db: Database, model: CollectorModel): void {
  // A store with fresh memory reads everything back from the file.
  const fresh = new HistoryStore(db, OPTIONS);
  expect(sorted(fresh.loadEndOffsetRuns('test'))).toEqual(sorted(model.runs));
  expect(sorted(fresh.loadLagWindows('test', WINDOW))).toEqual(sorted(model.windows));
}

describe('what the collector remembers survives a restart', () => {
  for (const seed of [1, 2, 3]) {
    it(`end-offset runs and lag windows round-trip exactly (seed ${seed})`, async () => {
      const dir = tempDir();
      let db = openDatabase(dir);
      let store = new HistoryStore(db, OPTIONS);
      const model = new CollectorModel();
      const check = random(seed + 100);
      let i = 0;
      for (const s of scenario(seed, 400)) {
        store.writeCycle(s);
        model.observe(s);
        if (check() < 0.15) await store.maintain(s.collectedAt); // folds the log into checkpoints
        if (check() < 0.1) expectRestored(db, model);
        if (++i === 200) {
          // A restart in the middle: the new store picks up where the file says.
          db.close();
          db = openDatabase(dir);
          store = new HistoryStore(db, OPTIONS);
          expectRestored(db, model);
        }
      }
      expect(model.runs.size).toBeGreaterThan(0);
      expect(model.windows.size).toBeGreaterThan(0);
      expect([...model.runs.values()].some((runs) => runs.length === MAX_RUNS * 3)).toBe(true);
      db.close();
      db = openDatabase(dir);
      expectRestored(db, model);
      db.close();
    });
  }

  it('a fold of the end-offset log cut short by a crash is simply redone', async () => {
    const db = openDatabase(tempDir());
    const store = new HistoryStore(db, OPTIONS);
    const model = new CollectorModel();
    const cycles = scenario(4, 300);
    let now = 0;
    const writeSome = (n: number) => {
      for (let i = 0; i < n; i++) {
        const s = cycles.next();
        if (s.done) return;
        store.writeCycle(s.value);
        model.observe(s.value);
        now = s.value.collectedAt;
      }
    };
    writeSome(60);
    for (const steps of [1, 2, 3, 5, 8, 13, 21]) {
      // Another fold, abandoned after a few committed steps, as a kill -9 would leave it.
      const fold = new EndOffsetLog(db, MAX_RUNS, { rowsPerPartition: 0, minRows: 0 }).fold(1, 3);
      for (let i = 0; i < steps; i++) if (db.transaction(() => fold.next()).immediate().done) break;
      expectRestored(db, model);
      writeSome(20);
      expectRestored(db, model);
    }
    await store.maintain(now);
    expectRestored(db, model);
    db.close();
  });

  it('a failed write leaves nothing behind and the next one is exact again', () => {
    const db = openDatabase(tempDir());
    const store = new HistoryStore(db, OPTIONS);
    const model = new CollectorModel();
    const cycles = [...scenario(9, 30)];
    for (const s of cycles.slice(0, 10)) {
      store.writeCycle(s);
      model.observe(s);
    }
    const good = cycles[10]!;
    // The same partition twice violates the primary key halfway through the cycle.
    const bad = { ...good, groups: [...good.groups, good.groups[0]!] };
    const before = db.prepare('SELECT count(*) AS n FROM cycle').get();
    expect(() => store.writeCycle(bad)).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT count(*) AS n FROM cycle').get()).toEqual(before);
    for (const s of cycles.slice(10)) {
      store.writeCycle(s);
      model.observe(s);
    }
    expectRestored(db, model);
    db.close();
  });

  it('known brokers survive reopening the file, with when each was first and last seen', () => {
    const dir = tempDir();
    let db = openDatabase(dir);
    const store = new HistoryStore(db);
    store.writeCycle(snapshot({ at: 1000, brokers: [broker(1), broker(2), broker(3)] }));
    store.writeCycle(
      snapshot({ at: 2000, brokers: [broker(1), broker(2, true, { host: 'moved' }), broker(3, false)] }),
    );
    store.writeCycle(snapshot({ at: 3000, reachable: false }));
    store.writeCycle(snapshot({ cluster: 'other', at: 3000, brokers: [broker(9)] }));
    db.close();
    db = openDatabase(dir);
    expect(new HistoryStore(db).knownBrokers('test')).toEqual([
      { id: 1, host: 'broker-1', port: 9092, rack: null, firstSeen: 1000, lastSeen: 2000 },
      { id: 2, host: 'moved', port: 9092, rack: null, firstSeen: 1000, lastSeen: 2000 },
      { id: 3, host: 'broker-3', port: 9092, rack: null, firstSeen: 1000, lastSeen: 1000 },
    ]);
    expect(new HistoryStore(db).knownBrokers('nowhere')).toEqual([]);
    db.close();
  });
});
