/**
 * Kestrel at scale on a stand-in cluster (bench/scale/synthetic-cluster.ts: the collector's
 * ClusterReader answered at full size, no Kafka). One process holds what the service holds: the
 * collection of each cluster, the SQLite history, the Prometheus exposition and the HTTP API
 * (the real Fastify app on loopback). Prints JSON.
 *
 *   cycles   (default) cycles back to back on a simulated clock: cycle time (read + build),
 *            SQLite write, exposition render, RSS, under gzip scrapes as Prometheus's; then GET
 *            /metrics (gzip) and the API's topic and group lists over loopback, with
 *            percentiles; last a plain scraper: its first scrape, one more cycle, then GET
 *            /metrics plain.
 *   on-time  --clusters N on real timers at --interval-ms, for --minutes: each cycle's start
 *            delay against its schedule and its duration.
 *   day      a simulated day (--day-interval-ms between cycles) with maintenance every simulated
 *            5 minutes: database bytes per simulated hour, rolled up and expired as in service.
 *
 *   npx tsx bench/scale/main.ts --topics 20000 --partitions 5 --groups 50000 --brokers 3
 *   npx tsx bench/scale/main.ts --mode on-time --clusters 5 --topics 2000 --groups 1000 --minutes 3
 *   npx tsx bench/scale/main.ts --mode day --topics 20000 --groups 50000 --day-interval-ms 900000
 *
 * For RSS without tsx's loader, run it compiled: bench/scale/run-compiled.sh (same arguments).
 */

import { cyclesMode } from './cycles.ts';
import { dayMode } from './day.ts';
import { onTimeMode } from './on-time.ts';
import { args, stopRssSampling } from './setup.ts';

const modes: Record<string, () => Promise<unknown>> = {
  cycles: cyclesMode,
  'on-time': onTimeMode,
  day: dayMode,
};
const run = modes[args.mode ?? 'cycles'];
if (!run) throw new Error(`--mode must be one of ${Object.keys(modes).join(', ')}`);
const result = await run();
stopRssSampling();
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
