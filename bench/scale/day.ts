/** bench/scale --mode day: a simulated day of cycles and maintenance, the database bytes per hour. */

import { cpus, loadavg } from 'node:os';
import { mb, median, round } from '../stats.ts';
import { cycle, int, SHAPE, STAND_IN, setUp, shapeOut, sizeOf } from './setup.ts';

/** A simulated day: cycles every --day-interval-ms, maintenance every simulated 5 minutes. */
export async function dayMode() {
  const env = setUp(1);
  const cluster = env.clusters[0]!;
  const hours = int('day-hours');
  const cyclesPerHour = 3_600_000 / SHAPE.intervalMs;
  const perHour: { hour: number; dbMb: number; walMb: number; maintenanceMs: number; cycleMs: number }[] = [];
  let lastMaintenance = cluster.reader.now;
  let maintenanceMs = 0;
  const cycleMs: number[] = [];
  const abort = new AbortController();
  for (let c = 0; c < hours * cyclesPerHour; c++) {
    const r = await cycle(env, cluster, 'simulated');
    cycleMs.push(r.cycleMs + r.writeMs);
    const now = cluster.reader.now;
    if (now - lastMaintenance >= 5 * 60_000) {
      const started = performance.now();
      await env.store.maintain(now, abort.signal);
      maintenanceMs += performance.now() - started;
      lastMaintenance = now;
    }
    if ((c + 1) % cyclesPerHour === 0) {
      env.db.pragma('wal_checkpoint(TRUNCATE)');
      perHour.push({
        hour: (c + 1) / cyclesPerHour,
        dbMb: mb(sizeOf(env.dbFile)),
        walMb: mb(sizeOf(`${env.dbFile}-wal`)),
        maintenanceMs: Math.round(maintenanceMs),
        cycleMs: Math.round(median(cycleMs)),
      });
      maintenanceMs = 0;
      cycleMs.length = 0;
    }
  }
  const rows = Object.fromEntries(
    ['cycle', 'topic_stat', 'group_topic_lag', 'group_partition_lag', 'end_offset_run'].map((table) => {
      try {
        return [table, (env.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n];
      } catch {
        return [table, null];
      }
    }),
  );
  const result = {
    bench: 'scale',
    mode: 'day',
    standIn: STAND_IN,
    shape: shapeOut(),
    simulatedIntervalMs: SHAPE.intervalMs,
    retention: 'defaults: raw and per-partition 6 h, hourly roll-ups 30 d',
    node: process.version,
    machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
    perHour,
    rowsAtEnd: rows,
    dbBytesAtEnd: sizeOf(env.dbFile),
  };
  env.close();
  return result;
}
