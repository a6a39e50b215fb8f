/**
 * What telling every group type costs per cycle, against real Kafka (one KRaft broker, 4.4):
 * N classic groups (offsets committed without joining), N consumer-protocol groups and M share
 * groups (each made by a real member that joined, read, committed and left: bench/GroupMaker.java,
 * as kafkajs speaks neither protocol). Reports per API the requests and milliseconds one cycle
 * spends (median over the measured cycles), and the cycle's wall time. Prints JSON; not a test.
 *
 *   npx tsx bench/group-types.ts [--groups 1000] [--share-groups 1000] [--cycles 5] [--threads 16]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createTopics, produce } from '../local-kafka/client.ts';
import { startCluster } from '../local-kafka/harness.ts';
import { javaArgs } from '../local-kafka/jvm.ts';
import { runJvmToCompletion } from '../local-kafka/jvm-process.ts';
import { kafkaJars, REPO_ROOT } from '../local-kafka/versions.ts';
import { ClusterCollection } from '../server/collector/index.ts';
import { loadConfig } from '../server/config/index.ts';
import { ClusterClient } from '../server/kafka/index.ts';
import type { KafkaInternals } from '../server/kafka/protocol/index.ts';
import { RequestTally } from './collect-timing.ts';
import { percentile, round } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    groups: { type: 'string', default: '1000' },
    'share-groups': { type: 'string', default: '1000' },
    cycles: { type: 'string', default: '5' },
    threads: { type: 'string', default: '16' },
  },
});
const GROUPS = Number(args.groups);
const SHARE_GROUPS = Number(args['share-groups']);
const CYCLES = Number(args.cycles);
const TOPIC = 'bench';

const cluster = await startCluster({ brokers: 1 });
try {
  const setupStarted = performance.now();
  await createTopics(cluster, [{ topic: TOPIC, numPartitions: 4, replicationFactor: 1 }]);
  await produce(cluster, TOPIC, 4000);
  const makeGroups = async (prefix: string, count: number, kind: 'classic' | 'consumer' | 'share') => {
    if (count === 0) return;
    const result = await runJvmToCompletion(
      javaArgs({
        jars: kafkaJars(cluster.version),
        classpath: 'libs',
        clusterDir: cluster.dataDir,
        mainClass: join(REPO_ROOT, 'bench', 'GroupMaker.java'),
        args: [cluster.bootstrap, TOPIC, prefix, String(count), kind, args.threads],
        heap: '512m',
        logLevel: 'ERROR',
        logTo: 'stderr',
      }),
      30 * 60_000,
    );
    if (result.code !== 0)
      throw new Error(`GroupMaker ${kind} failed:\n${result.stdout}${result.stderr.slice(-4000)}`);
  };
  await makeGroups('consumer-', GROUPS, 'consumer');
  await makeGroups('share-', SHARE_GROUPS, 'share');
  await makeGroups('classic-', GROUPS, 'classic');
  const setupMs = performance.now() - setupStarted;

  const { config } = loadConfig({ env: { KAFKA_BROKERS: cluster.bootstrap, KAFKA_POLL_INTERVAL: '5s' } });
  const clusterConfig = config.clusters[0]!;
  const client = new ClusterClient(clusterConfig, pino({ level: 'silent' }));
  const tally = new RequestTally();
  (client as unknown as { internals: KafkaInternals }).internals.onRequest(tally.listener);
  const collection = new ClusterCollection(clusterConfig, client);
  try {
    await collection.cycle(); // warm-up: connections, API versions, timestamp caches
    tally.take();
    const cycles: { wallMs: number; byApi: ReturnType<RequestTally['take']> }[] = [];
    let last: Awaited<ReturnType<ClusterCollection['cycle']>> | undefined;
    for (let i = 0; i < CYCLES; i++) {
      const started = performance.now();
      last = await collection.cycle();
      cycles.push({ wallMs: performance.now() - started, byApi: tally.take() });
    }
    const apis = [...new Set(cycles.flatMap((c) => Object.keys(c.byApi)))].sort();
    const perApi = Object.fromEntries(
      apis.map((api) => {
        const of = cycles.map((c) => c.byApi[api] ?? { count: 0, totalMs: 0, maxMs: 0 });
        return [
          api,
          {
            requests: percentile(
              of.map((e) => e.count),
              50,
            ),
            ms: percentile(
              of.map((e) => e.totalMs),
              50,
            ),
            maxRequestMs: round(Math.max(...of.map((e) => e.maxMs))),
          },
        ];
      }),
    );
    const types: Record<string, number> = {};
    for (const g of last?.groups ?? [])
      types[`${g.type}/${g.state}`] = (types[`${g.type}/${g.state}`] ?? 0) + 1;
    console.log(
      JSON.stringify(
        {
          kafka: cluster.version,
          groups: { classic: GROUPS, consumer: GROUPS, share: SHARE_GROUPS },
          seen: types,
          errors: last?.errors.length ?? null,
          setupMs: round(setupMs),
          cycleWallMs: {
            median: percentile(
              cycles.map((c) => c.wallMs),
              50,
            ),
          },
          // requests and ms summed over one cycle's requests of each API (ms add up across
          // requests sent in parallel, so they can exceed the wall time).
          perCycleByApi: perApi,
        },
        null,
        2,
      ),
    );
  } finally {
    await client.close();
  }
} finally {
  await cluster.stop();
}
