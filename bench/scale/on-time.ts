/** bench/scale --mode on-time: several clusters on real timers, each cycle's start against its schedule. */

import { cpus, loadavg } from 'node:os';
import { mb, round, summary } from '../stats.ts';
import { cycle, int, pause, peakRssBytes, SHAPE, STAND_IN, serve, setUp, shapeOut, timed } from './setup.ts';

/** K clusters on real timers, scheduled as ClusterPoller does (next start = last start + interval). */
export async function onTimeMode() {
  const env = setUp(int('clusters'), Date.now());
  const { app, base } = await serve(env);
  const endAt = Date.now() + int('minutes') * 60_000;
  const interval = SHAPE.intervalMs;
  const perCluster = await Promise.all(
    env.clusters.map(async (cluster, i) => {
      const starts: number[] = [];
      const durations: number[] = [];
      const delays: number[] = [];
      // Staggered as the service's timers are in practice (each poller starts at once).
      let scheduled = Date.now() + i * 10;
      while (scheduled < endAt) {
        const wait = scheduled - Date.now();
        if (wait > 0) await pause(wait);
        const started = Date.now();
        delays.push(started - scheduled);
        starts.push(started);
        const r = await cycle(env, cluster, 'real');
        durations.push(r.cycleMs + r.writeMs);
        // The poller schedules the next start one interval after this one started.
        scheduled = started + Math.max(interval, Date.now() - started);
      }
      const gaps = starts.slice(1).map((s, k) => s - starts[k]!);
      return {
        cluster: cluster.config.name,
        cycles: starts.length,
        startDelayMs: summary(delays),
        cycleAndWriteMs: summary(durations),
        gapBetweenStartsMs: summary(gaps),
        late: gaps.filter((g) => g > interval * 1.1).length,
      };
    }),
  );
  const scrape = await timed(`${base}/metrics`, 10, { 'accept-encoding': 'gzip' });
  const result = {
    bench: 'scale',
    mode: 'on-time',
    standIn: STAND_IN,
    shape: shapeOut(),
    clusters: env.clusters.length,
    intervalMs: interval,
    minutes: int('minutes'),
    node: process.version,
    machine: { cpus: cpus().length, loadavgAtEnd: loadavg().map(round) },
    goal: 'every cluster starts a cycle every interval (gaps <= 1.1 x interval)',
    allOnTime: perCluster.every((c) => c.late === 0),
    perCluster,
    rssMb: mb(process.memoryUsage().rss),
    peakRssMb: mb(peakRssBytes()),
    metricsGzipAfter: scrape,
  };
  await app.close();
  env.close();
  return result;
}
