/**
 * Write cost of the history store at scale: 2,000 topics × 5 partitions, 1,000 groups each
 * consuming one topic (5,000 group-partitions), every offset and lag moving every cycle.
 * Prints JSON. `--hour` also writes a full hour of cycles with maintenance every 20 cycles,
 * then times the maintenance that rolls the hour up and expires its raw rows (slow: about a
 * minute).
 *
 *   npx tsx bench/store-write.ts [--hour]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, HistoryStore, type MaintenanceReport, openDatabase } from '../server/store/index.ts';
import { HOUR_MS } from '../server/store/time.ts';
import { type SyntheticShape, syntheticSnapshot } from '../test/support/snapshot-fixtures.ts';
import { median, round } from './stats.ts';

const SHAPE: SyntheticShape = { topics: 2_000, partitions: 5, groups: 1_000, intervalMs: 15_000 };
const WARMUP_CYCLES = 5;
const MEASURED_CYCLES = 10;
const WRITTEN = WARMUP_CYCLES + MEASURED_CYCLES;

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

function longestByPhase(reports: MaintenanceReport[]): Record<string, number> {
  const longest: Record<string, number> = {};
  for (const report of reports)
    for (const [phase, stats] of Object.entries(report.phases))
      longest[phase] = round(Math.max(longest[phase] ?? 0, stats?.longestBatchMs ?? 0));
  return longest;
}

const dir = mkdtempSync(join(tmpdir(), 'kestrel-bench-store-'));
const db = openDatabase(dir);
const store = new HistoryStore(db);
const file = join(dir, DATABASE_FILE);

const cpuMs: number[] = [];

/** Wall time of one write; its CPU time goes to cpuMs (other processes on the machine inflate only the former). */
function timeCycle(cycle: number): number {
  const snapshot = syntheticSnapshot(cycle, SHAPE);
  const cpu = process.cpuUsage();
  const started = performance.now();
  store.writeCycle(snapshot);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
  return wall;
}

// The first cycle also fills the name dictionaries and starts every end-offset run; the
// next few let the JIT settle. Reported apart from the steady state.
const warmupMs = Array.from({ length: WARMUP_CYCLES }, (_, i) => round(timeCycle(i)));
cpuMs.length = 0;
const times = Array.from({ length: MEASURED_CYCLES }, (_, i) => timeCycle(WARMUP_CYCLES + i));
const measuredCpu = [...cpuMs];
const lastAt = syntheticSnapshot(WRITTEN - 1, SHAPE).collectedAt;
const maintain = await store.maintain(lastAt);
db.pragma('wal_checkpoint(TRUNCATE)');

const result: Record<string, unknown> = {
  shape: { ...SHAPE, groupPartitions: SHAPE.groups * SHAPE.partitions },
  rowsPerCycle: {
    groupPartitionLag: SHAPE.groups * SHAPE.partitions,
    groupTopicLag: SHAPE.groups,
    topicStat: SHAPE.topics,
    endOffsetLog: SHAPE.topics * SHAPE.partitions, // every end offset moves every cycle
    brokerStat: 3,
  },
  warmupMs,
  writeCycleMs: {
    median: median(times),
    min: round(Math.min(...times)),
    max: round(Math.max(...times)),
  },
  writeCycleCpuMs: { median: median(measuredCpu), max: round(Math.max(...measuredCpu)) },
  loadAverage: loadavg().map(round),
  cycles: WRITTEN,
  fileBytes: sizeOf(file),
  bytesPerCycle: Math.round(sizeOf(file) / WRITTEN),
  maintainMs: round(maintain.totalMs),
};

if (process.argv.includes('--hour')) {
  const perHour = HOUR_MS / SHAPE.intervalMs!;
  const hourTimes: number[] = [];
  cpuMs.length = 0;
  // As the service would: maintenance every 20 cycles (5 minutes), between cycles.
  const periodic: MaintenanceReport[] = [];
  for (let cycle = WRITTEN; cycle < WRITTEN + perHour; cycle++) {
    hourTimes.push(timeCycle(cycle));
    if (cycle % 20 === 0) periodic.push(await store.maintain(syntheticSnapshot(cycle, SHAPE).collectedAt));
  }
  const filled = sizeOf(file) + sizeOf(`${file}-wal`);
  // Far enough ahead that the hour is rolled up and its raw rows expire.
  const later =
    syntheticSnapshot(WRITTEN + perHour, SHAPE).collectedAt + store.options.rawRetentionMs + HOUR_MS;
  const report = await store.maintain(later);
  result.hour = {
    cycles: perHour,
    writeCycleMs: { median: median(hourTimes), max: round(Math.max(...hourTimes)) },
    writeCycleCpuMs: { median: median(cpuMs), max: round(Math.max(...cpuMs)) },
    fileBytesBeforeMaintain: filled,
    periodicMaintain: {
      runs: periodic.length,
      maxTotalMs: round(Math.max(...periodic.map((r) => r.totalMs))),
      longestBatchMs: round(Math.max(...periodic.map((r) => r.longestBatchMs))),
      endOffsetLogRowsFolded: periodic.reduce((sum, r) => sum + r.deleted.endOffsetLogRows, 0),
      longestBatchMsByPhase: longestByPhase(periodic),
    },
    maintain: { ...report, totalMs: round(report.totalMs), longestBatchMs: round(report.longestBatchMs) },
  };
}

// What a restart costs: the collector's memory read back by a store that remembers nothing.
const fresh = new HistoryStore(db);
let started = performance.now();
const runs = fresh.loadEndOffsetRuns('test');
const runsMs = performance.now() - started;
started = performance.now();
const windows = fresh.loadLagWindows('test', 10);
result.restore = {
  endOffsetRuns: { partitions: runs.size, ms: round(runsMs) },
  lagWindows: {
    groups: windows.size,
    groupPartitions: [...windows.values()].reduce((n, w) => n + w.size, 0),
    ms: round(performance.now() - started),
  },
};

console.log(JSON.stringify(result, null, 2));
db.close();
rmSync(dir, { recursive: true, force: true });
