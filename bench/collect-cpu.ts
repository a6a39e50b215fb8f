/**
 * Who used the machine's CPUs during a cycle, from /proc (Linux): the broker, this process,
 * the load process, and everything else. Other work on a shared 2-core machine shows up as
 * "others" and explains cycles that waited without anyone in the bench being busy.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ; 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;
const TICK_MS = 1000 / TICKS_PER_SECOND;

interface CpuSample {
  busyTicks: number;
  totalTicks: number;
  byPid: Map<number, number>;
}

export interface CpuShare {
  /** Busy share of all cores, 0–100. */
  machineBusyPct: number;
  /** CPU time per named process, ms. */
  ms: Record<string, number>;
  /** CPU time of everything else on the machine, ms. */
  othersMs: number;
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function sample(pids: readonly number[]): CpuSample | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return {
      busyTicks: total - idle,
      totalTicks: total,
      byPid: new Map(pids.map((p) => [p, processTicks(p)])),
    };
  } catch {
    return undefined;
  }
}

/** Measures the CPU use of `processes` (name → pid) and of the rest of the machine between start() and stop(). */
export class CpuMeter {
  private started: CpuSample | undefined;

  constructor(private readonly processes: Record<string, number | undefined>) {}

  private get pids(): number[] {
    return Object.values(this.processes).filter((p): p is number => p !== undefined);
  }

  start(): void {
    this.started = sample(this.pids);
  }

  stop(): CpuShare | undefined {
    const end = sample(this.pids);
    const start = this.started;
    if (!start || !end || end.totalTicks === start.totalTicks) return undefined;
    const ms: Record<string, number> = {};
    let ours = 0;
    for (const [name, pid] of Object.entries(this.processes)) {
      if (pid === undefined) continue;
      const ticks = (end.byPid.get(pid) ?? 0) - (start.byPid.get(pid) ?? 0);
      ours += ticks;
      ms[name] = ticks * TICK_MS;
    }
    const busy = end.busyTicks - start.busyTicks;
    return {
      machineBusyPct: Math.round((100 * busy) / (end.totalTicks - start.totalTicks)),
      ms,
      othersMs: Math.max(0, busy - ours) * TICK_MS,
    };
  }
}
