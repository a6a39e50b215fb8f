/**
 * What the broker's JVM did during the measured cycles, from a JFR recording started with jcmd
 * (the harness JVMs run without perf data, so jstat cannot see them): GC pauses and CPU load.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { round } from './stats.ts';

const run = promisify(execFile);
const RECORDING = 'kestrel-bench';

interface JfrEvent {
  type: string;
  values: Record<string, unknown>;
}

export interface BrokerJvmReport {
  gcCount: number;
  gcPauseTotalMs: number;
  gcLongestPauseMs: number;
  gcByName: Record<string, { count: number; pauseMs: number }>;
  /** Mean over the recording, 0–100 % of all cores. */
  jvmCpuPct: number | null;
  machineCpuPct: number | null;
  heapUsedAfterGcMb: number | null;
}

export async function startBrokerRecording(pid: number): Promise<void> {
  await run('jcmd', [String(pid), 'JFR.start', `name=${RECORDING}`, 'settings=default']);
}

export async function stopBrokerRecording(pid: number): Promise<BrokerJvmReport> {
  const file = join(tmpdir(), `kestrel-bench-broker-${pid}.jfr`);
  try {
    await run('jcmd', [String(pid), 'JFR.stop', `name=${RECORDING}`, `filename=${file}`]);
    const { stdout } = await run(
      'jfr',
      ['print', '--json', '--events', 'jdk.GarbageCollection,jdk.CPULoad,jdk.GCHeapSummary', file],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    const events = (JSON.parse(stdout) as { recording: { events: JfrEvent[] } }).recording.events;
    return summarize(events);
  } finally {
    rmSync(file, { force: true });
  }
}

function summarize(events: JfrEvent[]): BrokerJvmReport {
  const gcs = events.filter((e) => e.type === 'jdk.GarbageCollection');
  const gcByName: BrokerJvmReport['gcByName'] = {};
  let total = 0;
  let longest = 0;
  for (const gc of gcs) {
    const pause = durationMs(gc.values.sumOfPauses);
    const name = String(gc.values.name);
    const entry = gcByName[name] ?? { count: 0, pauseMs: 0 };
    entry.count++;
    entry.pauseMs = round(entry.pauseMs + pause);
    gcByName[name] = entry;
    total += pause;
    longest = Math.max(longest, durationMs(gc.values.longestPause));
  }
  const cpu = events.filter((e) => e.type === 'jdk.CPULoad');
  const mean = (values: number[]) =>
    values.length ? round((100 * values.reduce((a, b) => a + b, 0)) / values.length) : null;
  const heaps = events.filter((e) => e.type === 'jdk.GCHeapSummary' && e.values.when === 'After GC');
  const lastHeap = heaps.at(-1)?.values.heapUsed;
  return {
    gcCount: gcs.length,
    gcPauseTotalMs: round(total),
    gcLongestPauseMs: round(longest),
    gcByName,
    jvmCpuPct: mean(cpu.map((e) => Number(e.values.jvmUser) + Number(e.values.jvmSystem))),
    machineCpuPct: mean(cpu.map((e) => Number(e.values.machineTotal))),
    heapUsedAfterGcMb: typeof lastHeap === 'number' ? round(lastHeap / 1024 / 1024) : null,
  };
}

/** JFR prints durations as ISO-8601 (`PT0.012345S`, `PT1M2.5S`). */
function durationMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(String(value));
  if (!match) return 0;
  const [, h, m, s] = match;
  return ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}
