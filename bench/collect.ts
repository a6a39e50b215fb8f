/**
 * One collection cycle at scale, against real Kafka: a single KRaft broker with 2,000 topics ×
 * 5 partitions and 1,000 consumer groups with committed offsets (group i reads topic i, a
 * quarter of them stalled). Between cycles every partition gets more messages and the moving
 * groups commit. Reports cycle wall time, Kafka requests (per API), SQLite write time and RSS.
 * Goals: median cycle ≤ 1 s, SQLite write ≤ 100 ms, RSS ≤ 300 MB. Prints JSON; not a timed test.
 *
 *   npx tsx bench/collect.ts [--cycles 12] [--warmup 2] [--interval-ms 1000]
 *       [--topics 2000] [--partitions 5] [--groups 1000] [--initial-messages 20] [--round-messages 1]
 *       [--detail]                        per cycle: every call's start and duration, requests per API
 *       [--profile]                       CPU profile of the measured cycles: top self time in the JSON
 *       [--broker-jfr]                    the broker's GC pauses and CPU load (JFR via jcmd)
 *       [--broker-java-options=-Xmx2g]    experiment: JVM flags over the harness's (see withBrokerJavaOptions)
 *
 * The load (topic creation, producing, committing) runs in a child process, bench/collect-load.ts,
 * so this process holds only what the service would: the collector, its client and the store.
 * Setup takes about a minute (10,000 partitions on one broker); the whole run two to three.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { type KafkaCluster, startCluster } from '../local-kafka/harness.ts';
import { ClusterCollection, type ClusterSnapshot } from '../server/collector/index.ts';
import { loadConfig } from '../server/config/index.ts';
import { ClusterClient } from '../server/kafka/index.ts';
import type { KafkaInternals } from '../server/kafka/protocol/index.ts';
import { DATABASE_FILE, HistoryStore, openDatabase } from '../server/store/index.ts';
import { CpuMeter } from './collect-cpu.ts';
import { type BrokerJvmReport, startBrokerRecording, stopBrokerRecording } from './collect-jvm.ts';
import type { LoadShape, SetupTimings } from './collect-load.ts';
import { LoadProcess } from './collect-load-process.ts';
import { type CycleRecord, cycleFigures, describeSnapshot, perCycleRow } from './collect-report.ts';
import { type CpuProfile, compactJson, RequestTally, TimedReader, topSelfTime } from './collect-timing.ts';
import { mb, percentile, round, summary } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    cycles: { type: 'string', default: '12' },
    warmup: { type: 'string', default: '2' },
    'interval-ms': { type: 'string', default: '1000' },
    topics: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '5' },
    groups: { type: 'string', default: '1000' },
    'initial-messages': { type: 'string', default: '20' },
    'round-messages': { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    detail: { type: 'boolean', default: false },
    'broker-jfr': { type: 'boolean', default: false },
    'broker-java-options': { type: 'string', default: '' },
  },
});

const int = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};
const CYCLES = int('cycles');
const WARMUP = int('warmup');
const INTERVAL_MS = int('interval-ms');
if (CYCLES <= WARMUP) throw new Error('--cycles must be more than --warmup');
const SHAPE: LoadShape = {
  topics: int('topics'),
  partitions: int('partitions'),
  groups: int('groups'),
  initialMessages: Math.max(10, int('initial-messages')),
  roundMessages: int('round-messages'),
};

/**
 * The harness's server.properties as they are. Its JVM flags (-Xmx512m, serial GC, C1 only) are
 * not enough for 10,000 partitions: the heap stays ~70 % full and full GCs of ~1 s land in
 * cycles; --broker-java-options=-Xmx2g shows the collector without them.
 */
const BROKER_CONFIG: Record<string, string> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The harness fixes every broker at -Xmx512m, serial GC and C1 only, and has no option to
 * change that. HotSpot reads _JAVA_OPTIONS after the command line, so for an experiment the
 * bench can override those flags in the environment the broker inherits.
 */
async function withBrokerJavaOptions<T>(options: string, start: () => Promise<T>): Promise<T> {
  if (!options) return start();
  const before = process.env._JAVA_OPTIONS;
  process.env._JAVA_OPTIONS = options;
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env._JAVA_OPTIONS;
    else process.env._JAVA_OPTIONS = before;
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function main(): Promise<Record<string, unknown>> {
  const benchStarted = performance.now();
  const dbDir = mkdtempSync(join(tmpdir(), 'kestrel-bench-collect-'));
  let cluster: KafkaCluster | undefined;
  let load: LoadProcess | undefined;
  let client: ClusterClient | undefined;
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    const rssAtStart = process.memoryUsage().rss;
    let at = performance.now();
    cluster = await withBrokerJavaOptions(args['broker-java-options'] ?? '', () =>
      startCluster({ brokers: 1, brokerConfig: BROKER_CONFIG }),
    );
    const brokerStartMs = Math.round(performance.now() - at);

    load = new LoadProcess();
    const { timings } = await load.ask(
      { type: 'setup', bootstrap: cluster.bootstrap, shape: SHAPE },
      'ready',
    );
    const setup: SetupTimings & { brokerStartMs: number; totalMs: number } = {
      brokerStartMs,
      ...timings,
      totalMs: Math.round(performance.now() - at),
    };

    const { config } = loadConfig({ env: { KAFKA_BROKERS: cluster.bootstrap, KAFKA_POLL_INTERVAL: '15s' } });
    const clusterConfig = config.clusters[0]!;
    client = new ClusterClient(clusterConfig, pino({ level: 'silent' }));
    // Per-API counts come from the client's own request events; ClusterClient keeps its
    // KafkaInternals private, so the bench reaches it the way a debugger would.
    const tally = new RequestTally();
    (client as unknown as { internals: KafkaInternals }).internals.onRequest(tally.listener);
    const reader = new TimedReader(client);
    const collection = new ClusterCollection(clusterConfig, reader);
    db = openDatabase(dbDir);
    const store = new HistoryStore(db);
    const rssBeforeCycles = process.memoryUsage().rss;
    const loadavgBeforeCycles = loadavg().map(round);

    const session = args.profile ? new Session() : undefined;
    const brokerPid = cluster.brokers[0]!.pid;
    let brokerJvm: BrokerJvmReport | { error: string } | undefined;
    const cycleCpu = new CpuMeter({ broker: brokerPid, bench: process.pid, load: load.pid });
    const measuredCpu = new CpuMeter({ broker: brokerPid, bench: process.pid, load: load.pid });
    const cycles: CycleRecord[] = [];
    let last: ClusterSnapshot | undefined;
    at = performance.now();
    for (let c = 0; c < CYCLES; c++) {
      if (session && c === WARMUP) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
      }
      if (args['broker-jfr'] && brokerPid !== undefined && c === WARMUP)
        await startBrokerRecording(brokerPid);
      if (c === WARMUP) measuredCpu.start();
      tally.take();
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      cycleCpu.start();
      const started = performance.now();
      const snapshot = await collection.cycle();
      const wallMs = performance.now() - started;
      const machineCpu = cycleCpu.stop();
      const busy = performance.eventLoopUtilization(elu);
      const used = process.cpuUsage(cpu);
      const calls = reader.takeSpans(started);
      const requestsByApi = tally.take();
      const writeStarted = performance.now();
      store.writeCycle(snapshot);
      const writeMs = performance.now() - writeStarted;
      cycles.push({
        cycle: c,
        wallMs: round(wallMs),
        readMs: snapshot.durationMs,
        buildMs: round(wallMs - snapshot.durationMs),
        cpuMs: round((used.user + used.system) / 1000),
        eventLoopBusy: Math.round(busy.utilization * 100) / 100,
        requests: snapshot.stats.requests,
        requestsByApi,
        calls,
        writeMs: round(writeMs),
        errors: snapshot.errors.length,
        machineCpu,
      });
      last = snapshot;
      if (c < CYCLES - 1) {
        const between = await load.ask({ type: 'round' }, 'round-done');
        cycles[c]!.between = { produceMs: between.produceMs, commitMs: between.commitMs };
        await sleep(INTERVAL_MS);
      }
    }
    const collectionMs = Math.round(performance.now() - at);
    const measuredPhaseCpu = measuredCpu.stop();
    if (args['broker-jfr'] && brokerPid !== undefined)
      brokerJvm = await stopBrokerRecording(brokerPid).catch((error: unknown) => ({ error: String(error) }));

    let profile: Record<string, unknown> | undefined;
    if (session) {
      const { profile: cpuProfile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      const file = join(tmpdir(), `kestrel-bench-collect-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpuProfile));
      profile = {
        file,
        note: 'measured cycles, the SQLite writes and the waits between them',
        topSelfTime: topSelfTime(cpuProfile, 25),
      };
    }

    const memory = process.memoryUsage();
    const measured = cycles.slice(WARMUP);
    const dbFile = join(dbDir, DATABASE_FILE);
    const result = {
      bench: 'collect',
      shape: { ...SHAPE, brokers: 1 },
      experiments: {
        brokerJavaOptions: args['broker-java-options'] || null,
      },
      kafkaVersion: cluster.version,
      machine: { cpus: cpus().length, loadavgBeforeCycles, loadavgAfterCycles: loadavg().map(round) },
      cycles: {
        total: CYCLES,
        warmup: WARMUP,
        measured: measured.length,
        intervalMs: INTERVAL_MS,
        collectionMs,
      },
      goals: {
        medianCycleMs: {
          goal: 1000,
          value: percentile(
            measured.map((c) => c.wallMs),
            50,
          ),
        },
        medianSqliteWriteMs: {
          goal: 100,
          value: percentile(
            measured.map((c) => c.writeMs),
            50,
          ),
        },
        rssMb: { goal: 300, value: mb(memory.rss), peak: mb(process.resourceUsage().maxRSS * 1024) },
      },
      ...cycleFigures(measured, measuredPhaseCpu),
      sqliteWriteMs: summary(measured.map((c) => c.writeMs)),
      memory: {
        rssMb: mb(memory.rss),
        peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
        heapUsedMb: mb(memory.heapUsed),
        heapTotalMb: mb(memory.heapTotal),
        externalMb: mb(memory.external),
        arrayBuffersMb: mb(memory.arrayBuffers),
        rssAtStartMb: mb(rssAtStart),
        rssBeforeCyclesMb: mb(rssBeforeCycles),
      },
      db: {
        fileBytes: fileSize(dbFile),
        walBytes: fileSize(`${dbFile}-wal`),
        cyclesWritten: CYCLES,
      },
      lastSnapshot: last && describeSnapshot(last),
      setupMs: setup,
      betweenCyclesMs: {
        produce: summary(cycles.flatMap((c) => (c.between ? [c.between.produceMs] : []))),
        commit: summary(cycles.flatMap((c) => (c.between ? [c.between.commitMs] : []))),
      },
      perCycle: cycles.map((c) => perCycleRow(c, args.detail === true)),
      brokerJvm,
      profile,
      benchMs: Math.round(performance.now() - benchStarted),
      processRunMs: 0,
    };
    return result;
  } finally {
    await client?.close().catch(() => undefined);
    db?.close();
    await load?.close();
    await cluster?.stop();
    rmSync(dbDir, { recursive: true, force: true });
  }
}

const result = await main();
// From process start, including module loading and stopping the broker.
result.processRunMs = Math.round(performance.now());
process.stdout.write(`${compactJson(result, 190)}\n`);
