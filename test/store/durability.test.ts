import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  DEFAULT_LAG_WINDOW,
  type EndOffsetRuns,
  LagWindow,
  recordEndOffset,
} from '../../server/collector/index.ts';
import { HistoryStore, openDatabase } from '../../server/store/index.ts';
import { syntheticSnapshot } from '../support/snapshot-fixtures.ts';
import { DURABILITY_SHAPE, DURABILITY_STORE_OPTIONS, ROWS_PER_CYCLE } from './durability-shape.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WRITER = join(ROOT, 'test/store/write-loop.ts');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the writer, kills it with SIGKILL once it reported `atLeast` more cycles (plus a random moment); returns the last cycle it reported. */
async function writeThenKill(dataDir: string, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let last = -1;
  let seen = 0;
  let buffered = '';
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  await new Promise<void>((enough, fail) => {
    child.on('exit', () => fail(new Error(`writer exited before it was killed: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        last = Number(line);
        if (++seen === atLeast) setTimeout(enough, Math.random() * 30);
      }
    });
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // Lines still in the pipe were printed, so committed, before the kill.
  for (const line of buffered.split('\n')) if (line) last = Number(line);
  return last;
}

/** The collector's memory after cycles 0..count-1, built as the collector builds it. */
function collectorModel(count: number) {
  const runs = new Map<string, EndOffsetRuns>();
  const windows = new Map<string, Map<string, LagWindow>>();
  for (let n = 0; n < count; n++) {
    const s = syntheticSnapshot(n, DURABILITY_SHAPE);
    for (const t of s.topics) {
      for (const p of t.partitions) {
        const key = `${t.name}\u0000${p.partition}`;
        if (!runs.has(key)) runs.set(key, []);
        recordEndOffset(runs.get(key)!, p.endOffset!, s.offsetsAt);
      }
    }
    for (const g of s.groups) {
      for (const p of g.partitions) {
        const byPartition = windows.get(g.id) ?? new Map<string, LagWindow>();
        const key = `${p.topic}\u0000${p.partition}`;
        const window = byPartition.get(key) ?? new LagWindow(DEFAULT_LAG_WINDOW);
        window.push({ at: s.offsetsAt, offset: p.committedOffset!, lag: p.lag! });
        byPartition.set(key, window);
        windows.set(g.id, byPartition);
      }
    }
  }
  return { runs, windows };
}

const sorted = <V>(map: Map<string, V>) =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('kill -9 durability', () => {
  it('every reported cycle is fully present after SIGKILL, and no cycle is partial', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kestrel-kill9-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    for (let round = 0; round < 4; round++) {
      const reported = await writeThenKill(dataDir, 15 + Math.floor(Math.random() * 25));
      const db = openDatabase(dataDir);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const cycles = db
          .prepare<[], { id: number; at: number }>('SELECT id, at FROM cycle ORDER BY id')
          .all();
        // Each reported cycle is there; at most one more committed before its number was printed.
        expect(cycles.length === reported + 1 || cycles.length === reported + 2).toBe(true);
        expect(cycles.map((c) => c.at)).toEqual(
          cycles.map((_, n) => syntheticSnapshot(n, DURABILITY_SHAPE).collectedAt),
        );
        for (const [table, rows] of Object.entries(ROWS_PER_CYCLE)) {
          const counts = db
            .prepare<[], { n: number }>(
              `SELECT count(*) AS n FROM cycle c LEFT JOIN ${table} t ON t.cycle_id = c.id GROUP BY c.id`,
            )
            .all()
            .map((r) => r.n);
          expect(new Set(counts), table).toEqual(new Set([rows]));
          const orphans = db
            .prepare(`SELECT 1 FROM ${table} WHERE cycle_id NOT IN (SELECT id FROM cycle)`)
            .all();
          expect(orphans, table).toEqual([]);
        }
        // What the collector would reload matches what it had built from exactly these cycles.
        const model = collectorModel(cycles.length);
        const store = new HistoryStore(db, DURABILITY_STORE_OPTIONS);
        expect(sorted(store.loadEndOffsetRuns('test'))).toEqual(sorted(model.runs));
        expect(sorted(store.loadLagWindows('test', DEFAULT_LAG_WINDOW))).toEqual(sorted(model.windows));
      } finally {
        db.close();
      }
    }
  });
});
