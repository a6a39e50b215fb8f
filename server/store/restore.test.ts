import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { broker, rawTopic, snapshot } from '../../test/support/snapshot-fixtures.ts';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import { buildSnapshot } from '../collector/build.ts';
import { DEFAULT_LAG_WINDOW } from '../collector/derive/lag-window.ts';
import type { RawCycle } from '../collector/raw.ts';
import type { ClusterSnapshot } from '../collector/snapshot.ts';
import { type CollectorState, emptyState } from '../collector/state.ts';
import type { DescribedGroup } from '../model/index.ts';
import { EndOffsetLog } from './end-offset-log.ts';
import { HistoryStore } from './history-store.ts';
import { openDatabase } from './open.ts';
import type { HistoryOptions } from './options.ts';

// The oracle is the collector itself, not a model of it: a run of the real pure half of the
// collector (buildSnapshot over RawCycles, as Kafka would answer them) keeps its memory in
// process, and what the store reads back from SQLite after a simulated restart must equal that
// memory exactly; after the restart, a collector with the restored memory must derive the same
// time lag, lag status and broker states as the one that never stopped.

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

const WINDOW = DEFAULT_LAG_WINDOW;
const BUILD = { lagWindow: WINDOW, maxBracketMs: 22_500 };
// The collector's own end-offset limit (the store's default matches it); small batches and an
// eager fold so the log is folded into checkpoints on every maintenance.
const OPTIONS: Partial<HistoryOptions> = {
  endOffsetFoldMinRows: 0,
  endOffsetFoldRowsPerPartition: 0,
  maintenanceBatchRows: 7,
};
const MAX_RUNS = 96;

function rawGroup(id: string): DescribedGroup {
  return {
    id,
    type: 'classic',
    state: 'Empty',
    protocolType: 'consumer',
    protocol: '',
    groupEpoch: null,
    assignmentEpoch: null,
    coordinator: 1,
    members: [],
  };
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * What Kafka answers, cycle after cycle, for a cluster whose partitions grow, stall, go
 * unread, shrink (topic recreated), disappear and come back, whose groups come and go, rewind
 * and miss commits, whose second broker drops out and moves, and which is sometimes unreachable.
 */
function* scenario(seed: number, cycles: number): Generator<RawCycle> {
  const next = random(seed);
  const ends = new Map<string, number>([
    [key('a', 0), 100],
    [key('a', 1), 5_000],
    [key('a', 2), 0],
    [key('b', 0), 42],
    [key('b', 1), 42],
    [key('c', 0), 7],
  ]);
  const committed = new Map<string, number>();
  for (let i = 0; i < cycles; i++) {
    const startedAt = 1_700_000_000_000 + i * 15_000;
    const reachable = next() > 0.08;
    const offsetsFailed = next() < 0.04;
    const withC = i % 60 < 40; // topic c is deleted for a while, then recreated
    if (i % 60 === 40) ends.set(key('c', 0), 0);
    const topics = [rawTopic('a', 3), rawTopic('b', 2), ...(withC ? [rawTopic('c', 1)] : [])];
    const endOffsets = new Map<string, number>();
    for (const t of topics) {
      for (const p of t.partitions) {
        const k = key(t.name, p.partition);
        const r = next();
        let end = ends.get(k)!;
        if (r < 0.7) end += 1 + Math.floor(next() * 50);
        else if (r < 0.75 && k === key('a', 2)) end = Math.floor(end / 3); // truncated
        ends.set(k, end);
        if (!offsetsFailed && r <= 0.93) endOffsets.set(k, end);
      }
    }
    const offsetsOf = (group: string, owned: [string, number][]) => {
      const offsets = new Map<string, number>();
      for (const [t, partition] of owned) {
        const k = key(t, partition);
        const end = ends.get(k)!;
        const r = next();
        let c = committed.get(`${group}/${k}`) ?? 0;
        if (r < 0.5) c = Math.min(end, c + Math.floor(next() * 80));
        else if (r < 0.53) c = Math.max(0, c - 10); // rewind
        c = Math.min(c, end);
        committed.set(`${group}/${k}`, c);
        if (r <= 0.95) offsets.set(k, c); // else: no commit read for it this cycle
      }
      return offsets;
    };
    const groups: [string, Map<string, number>][] = [
      [
        'g1',
        offsetsOf('g1', [
          ['a', 0],
          ['a', 1],
          ['a', 2],
        ]),
      ],
      ...(next() < 0.8
        ? [
            [
              'g2',
              offsetsOf('g2', [
                ['b', 0],
                ['b', 1],
              ]),
            ] as [string, Map<string, number>],
          ]
        : []),
      ...(withC ? [['g3', offsetsOf('g3', [['c', 0]])] as [string, Map<string, number>]] : []),
    ];
    const brokers = [
      { id: 1, host: 'broker-1', port: 9092, rack: null },
      ...(i < 100 && i % 7 !== 0
        ? [{ id: 2, host: i < 50 ? 'broker-2' : 'moved', port: 9092, rack: 'r2' }]
        : []),
    ];
    yield {
      startedAt,
      finishedAt: startedAt + 40,
      metadata: reachable ? { clusterId: 'abc', controllerId: 1, brokers, topics } : null,
      quorum: null,
      configs: new Map(),
      groups: reachable ? groups.map(([id]) => rawGroup(id)) : [],
      committed: new Map(reachable ? groups : []),
      shareOffsets: new Map(),
      startOffsets: new Map(),
      endOffsets: reachable ? endOffsets : new Map(),
      endOffsetsAt: startedAt + 20,
      logDirs: new Map(),
      recordTimestamps: new Map(),
      jmx: new Map(),
      errors: offsetsFailed && reachable ? [{ kind: 'offsets', message: 'ListOffsets failed' }] : [],
      requests: 5,
    } as RawCycle;
  }
}

type Memory = Pick<CollectorState, 'endOffsetRuns' | 'lagWindows' | 'knownBrokers'>;

/** The memory a restarted collector starts from: read from SQLite, as collector.ts does. */
function restoredMemory(db: Database): Memory {
  const store = new HistoryStore(db, OPTIONS);
  return {
    endOffsetRuns: store.loadEndOffsetRuns('test'),
    lagWindows: store.loadLagWindows('test', WINDOW),
    knownBrokers: new Map(
      store.knownBrokers('test').map((b) => [b.id, { host: b.host, port: b.port, rack: b.rack }]),
    ),
  };
}

const sorted = <V>(map: ReadonlyMap<string | number, V>) =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function expectRestored(db: Database, live: CollectorState): void {
  const restored = restoredMemory(db);
  expect(sorted(restored.endOffsetRuns)).toEqual(sorted(live.endOffsetRuns));
  expect(sorted(restored.lagWindows)).toEqual(sorted(live.lagWindows));
  expect(sorted(restored.knownBrokers)).toEqual(sorted(live.knownBrokers));
}

/** What the restored memory feeds: time lag, lag status and broker up/down. */
function derived(s: ClusterSnapshot) {
  return {
    brokers: s.brokers.map((b) => [b.id, b.host, b.up]),
    groups: s.groups.map((g) => ({
      id: g.id,
      status: g.status,
      timeLagSeconds: g.timeLagSeconds,
      partitions: g.partitions.map((p) => [
        p.topic,
        p.partition,
        p.lag,
        p.status,
        p.timeLagSeconds,
        p.timeLagSource,
      ]),
    })),
  };
}

/** The collector's pure half over a scenario: its memory stays in `state`, as in the service. */
function collector(state: CollectorState = emptyState()) {
  return { state, cycle: (raw: RawCycle) => buildSnapshot('test', raw, state, BUILD) };
}

const tempDirs = useTempDirs();
const tempDir = () => tempDirs('kestrel-store-');

describe('what the collector remembers survives a restart', () => {
  for (const seed of [1, 2, 3]) {
    it(`end-offset runs, lag windows and known brokers read back as the live collector holds them (seed ${seed})`, async () => {
      const dir = tempDir();
      let db = openDatabase(dir);
      let store = new HistoryStore(db, OPTIONS);
      const live = collector();
      let restarted: ReturnType<typeof collector> | undefined;
      const check = random(seed + 100);
      let i = 0;
      let compared = 0;
      for (const raw of scenario(seed, 400)) {
        const uninterrupted = live.cycle(raw);
        if (restarted) {
          // The restarted process writes its own snapshots; it must derive what the live one does.
          const after = restarted.cycle(raw);
          expect(derived(after)).toEqual(derived(uninterrupted));
          compared++;
          store.writeCycle(after);
        } else store.writeCycle(uninterrupted);
        if (check() < 0.15) await store.maintain(uninterrupted.collectedAt); // folds the log
        if (check() < 0.1) expectRestored(db, live.state);
        if (++i === 200) {
          // A restart in the middle: a new process, a new store, memory read from the file.
          db.close();
          db = openDatabase(dir);
          store = new HistoryStore(db, OPTIONS);
          expectRestored(db, live.state);
          restarted = collector({ ...emptyState(), ...restoredMemory(db) });
        }
      }
      expect(compared).toBe(200);
      // The scenario reached what it is for: history to restore, thinned runs, windows, brokers.
      expect(live.state.endOffsetRuns.size).toBeGreaterThan(0);
      expect(live.state.lagWindows.size).toBeGreaterThan(0);
      // ~260 end offsets seen per growing partition, at most MAX_RUNS kept: thinned, and restored thinned.
      const runCounts = [...live.state.endOffsetRuns.values()].map((runs) => runs.length / 3);
      expect(Math.max(...runCounts)).toBeGreaterThan(MAX_RUNS / 2);
      expect(Math.max(...runCounts)).toBeLessThanOrEqual(MAX_RUNS);
      expect(live.state.knownBrokers.get(2)).toEqual({ host: 'moved', port: 9092, rack: 'r2' });
      db.close();
      db = openDatabase(dir);
      expectRestored(db, live.state);
      db.close();
    }, 60_000);
  }

  it('a fold of the end-offset log cut short by a crash is simply redone', async () => {
    const db = openDatabase(tempDir());
    const store = new HistoryStore(db, OPTIONS);
    const live = collector();
    const cycles = scenario(4, 300);
    let now = 0;
    const writeSome = (n: number) => {
      for (let i = 0; i < n; i++) {
        const raw = cycles.next();
        if (raw.done) return;
        const s = live.cycle(raw.value);
        store.writeCycle(s);
        now = s.collectedAt;
      }
    };
    writeSome(60);
    for (const steps of [1, 2, 3, 5, 8, 13, 21]) {
      // Another fold, abandoned after a few committed steps, as a kill -9 would leave it.
      const fold = new EndOffsetLog(db, MAX_RUNS, { rowsPerPartition: 0, minRows: 0 }).fold(1, 3);
      for (let i = 0; i < steps; i++) if (db.transaction(() => fold.next()).immediate().done) break;
      expectRestored(db, live.state);
      writeSome(20);
      expectRestored(db, live.state);
    }
    await store.maintain(now);
    expectRestored(db, live.state);
    db.close();
  });

  it('a failed write leaves nothing behind and the next one is exact again', () => {
    const db = openDatabase(tempDir());
    const store = new HistoryStore(db, OPTIONS);
    const live = collector();
    const cycles = [...scenario(9, 30)].map((raw) => live.cycle(raw));
    for (const s of cycles.slice(0, 10)) store.writeCycle(s);
    const good = cycles[10]!;
    const withLag = good.groups.find((g) => g.partitions.length > 0)!;
    // The same partition twice violates the primary key halfway through the cycle.
    const bad = { ...good, groups: [...good.groups, withLag] };
    const before = db.prepare('SELECT count(*) AS n FROM cycle').get();
    expect(() => store.writeCycle(bad)).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT count(*) AS n FROM cycle').get()).toEqual(before);
    for (const s of cycles.slice(10)) store.writeCycle(s);
    expectRestored(db, live.state);
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
