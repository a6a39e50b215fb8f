/**
 * Re-measures issue 14's table against real Kafka (one KRaft broker, default 4.4): per group,
 * Kafka's own `kafka-consumer-groups --describe --state/--offsets` next to what Kestrel's API
 * (the groups list rows, from the snapshot) and /metrics say. Groups: classic and
 * `group.protocol=consumer`, each consumed part and left; and one live consumer-protocol member.
 * Prints JSON; not a test (test/collector/group-types.test.ts asserts the same equalities).
 *
 *   npx tsx bench/group-truth.ts [--version 4|3.9]
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createTopics, produce } from '../local-kafka/client.ts';
import { startCluster } from '../local-kafka/harness.ts';
import { sortedGroupRows } from '../server/api/views.ts';
import { ClusterCollection } from '../server/collector/index.ts';
import { loadConfig } from '../server/config/index.ts';
import { ClusterClient } from '../server/kafka/index.ts';
import { KestrelMetrics } from '../server/metrics/index.ts';
import { type BackgroundConsumer, consumeAndLeave, startConsoleConsumer } from '../test/kafka/clients.ts';
import { kafkaConsumerGroups, parseConsumerGroupDescribe, parseToolTable } from '../test/kafka/tools.ts';

const { values: args } = parseArgs({ options: { version: { type: 'string' } } });
const cluster = await startCluster({ brokers: 1, version: args.version });
let live: BackgroundConsumer | undefined;
try {
  await createTopics(cluster, [{ topic: 'orders', numPartitions: 3, replicationFactor: 1 }]);
  await produce(cluster, 'orders', 3000);
  const groups = ['classic-left', 'consumer-left', 'consumer-live'];
  await consumeAndLeave(cluster, {
    topic: 'orders',
    group: 'classic-left',
    protocol: 'classic',
    messages: 500,
  });
  // 3.9 has no GA consumer protocol: its row shows what such a broker gives instead.
  const kafka4 = cluster.version.startsWith('4.');
  if (kafka4) {
    await consumeAndLeave(cluster, {
      topic: 'orders',
      group: 'consumer-left',
      protocol: 'consumer',
      messages: 500,
    });
    live = startConsoleConsumer(cluster, { topic: 'orders', group: 'consumer-live', protocol: 'consumer' });
  }
  const { config } = loadConfig({ env: { KAFKA_BROKERS: cluster.bootstrap, KAFKA_POLL_INTERVAL: '1s' } });
  const clusterConfig = config.clusters[0]!;
  const client = new ClusterClient(clusterConfig, pino({ level: 'silent' }));
  const collection = new ClusterCollection(clusterConfig, client);
  try {
    const deadline = Date.now() + 120_000;
    let snapshot = await collection.cycle();
    while (
      kafka4 &&
      Date.now() < deadline &&
      snapshot.groups.find((g) => g.id === 'consumer-live')?.lag !== 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      snapshot = await collection.cycle();
    }
    const present = kafka4 ? groups : ['classic-left'];
    const groupArgs = present.flatMap((g) => ['--group', g]);
    const states = parseToolTable(
      await kafkaConsumerGroups(cluster, ['--describe', ...groupArgs, '--state']),
      'GROUP',
    );
    const offsets = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(cluster, ['--describe', ...groupArgs]),
    );
    snapshot = await collection.cycle();
    const metrics = new KestrelMetrics({
      clusters: [{ name: clusterConfig.name, granularity: 'partition' }],
      groupExpiryMs: 600_000,
      version: 'bench',
    });
    metrics.update(snapshot);
    const text = (await metrics.render('prometheus')).body.toString();
    const sample = (name: string, group: string, extra = '') => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && l.includes(`consumergroup="${group}"`) && l.includes(extra));
      return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const rows = sortedGroupRows(snapshot, 'id', 'asc');
    console.log(
      JSON.stringify(
        {
          kafka: cluster.version,
          errors: snapshot.errors,
          table: present.map((id) => {
            const tool = states.find((s) => s.GROUP === id);
            const row = rows.find((r) => r.id === id);
            const stateLine = text
              .split('\n')
              .find(
                (l) =>
                  l.startsWith('kestrel_consumergroup_state{') &&
                  l.includes(`consumergroup="${id}"`) &&
                  l.endsWith(' 1'),
              );
            return {
              group: id,
              kafkaTool: {
                state: tool?.STATE ?? null,
                members: tool ? Number(tool['#MEMBERS']) : null,
                lag: offsets.filter((o) => o.group === id).reduce((sum, o) => sum + (o.lag ?? 0), 0),
              },
              kestrelApi: row
                ? { type: row.type, state: row.state, members: row.members, lag: row.lag, status: row.status }
                : null,
              kestrelMetrics: {
                members: sample('kafka_consumergroup_members', id),
                lagSum: sample('kafka_consumergroup_lag_sum', id),
                state: stateLine ? /state="([^"]+)"/.exec(stateLine)?.[1] : null,
                type: stateLine ? /type="([^"]+)"/.exec(stateLine)?.[1] : null,
              },
            };
          }),
        },
        null,
        2,
      ),
    );
  } finally {
    await client.close();
  }
} finally {
  await live?.stop();
  await cluster.stop();
}
