import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consume,
  createTopics,
  type PartitionState,
  partitionStates,
  pollUntil,
  produce,
  withAdmin,
} from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { processState } from '../../local-kafka/jvm-process.ts';
import { brokerIdsSeenBy } from '../../local-kafka/metadata-probe.ts';
import {
  kafkaConsumerGroups,
  kafkaMetadataQuorum,
  kafkaTopics,
  parseConsumerGroupDescribe,
  parseQuorumLeaderId,
  parseTopicDescribe,
} from './tools.ts';

// Version from env KAFKA_VERSION (CI may run a matrix), newest pinned 4.x otherwise.

describe('a 1-node KRaft cluster', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startCluster({ brokers: 1, jmx: true });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('round-trips messages, and Kafka’s consumer-groups tool sees the committed offsets', async () => {
    await createTopics(cluster, [{ topic: 'orders', numPartitions: 2 }]);
    await produce(cluster, 'orders', 25);
    const values = await consume(cluster, 'orders', 'billing', 25);
    expect(values.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `value-${i}`).sort());

    const rows = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(cluster, ['--describe', '--group', 'billing']),
    );
    expect(rows.map((r) => r.partition).sort()).toEqual([0, 1]);
    for (const row of rows) {
      expect(row).toMatchObject({ group: 'billing', topic: 'orders', lag: 0 });
      expect(row.currentOffset).toBe(row.logEndOffset);
    }
    expect(rows.reduce((sum, row) => sum + (row.currentOffset ?? 0), 0)).toBe(25);
  });

  it('is its own metadata quorum leader', async () => {
    const status = await kafkaMetadataQuorum(cluster, ['describe', '--status']);
    expect(parseQuorumLeaderId(status)).toBe(1);
  });

  it('serves broker metrics through the JMX exporter', async () => {
    const broker = cluster.brokers[0]!;
    expect(broker.jmxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = await (await fetch(broker.jmxUrl!)).text();
    expect(metrics).toMatch(/^kafka_server_replicamanager_underreplicatedpartitions 0\.0$/m);
  });

  it('keeps the broker log in a file', () => {
    expect(readFileSync(cluster.brokers[0]!.logFile, 'utf8')).toMatch(/Kafka Server started/);
  });
});

describe('a 3-node KRaft cluster', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startCluster({ brokers: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const fullIsr = (states: PartitionState[]): boolean =>
    states.every((s) => s.isr.join() === s.replicas.join());

  it('drops a killed follower from exactly the ISRs it was in, and takes it back after a restart', async () => {
    expect(cluster.bootstrap.split(',')).toHaveLength(3);
    await createTopics(cluster, [
      { topic: 'replicated', numPartitions: 3, replicationFactor: 3 },
      // Each broker is missing from one partition, whose ISR must not change.
      {
        topic: 'pairs',
        replicaAssignment: [
          { partition: 0, replicas: [1, 2] },
          { partition: 1, replicas: [2, 3] },
          { partition: 2, replicas: [3, 1] },
        ],
      },
    ]);
    await produce(cluster, 'replicated', 30);
    expect(await consume(cluster, 'replicated', 'before-kill', 30)).toHaveLength(30);

    // A quorum follower: killing the quorum leader would add an election to what we measure.
    const quorumLeader = parseQuorumLeaderId(await kafkaMetadataQuorum(cluster, ['describe', '--status']));
    const victim = cluster.brokers.find((b) => b.id !== quorumLeader)!.id;

    await withAdmin(cluster, async (admin) => {
      const topics = ['replicated', 'pairs'];
      const before = await pollUntil(() => partitionStates(admin, topics), fullIsr, 30_000);
      expect(before.ok, `ISR not full at start: ${JSON.stringify(before.value)}`).toBe(true);
      const expected = before.value!.map((s) => ({ ...s, isr: s.isr.filter((id) => id !== victim) }));

      await cluster.killBroker(victim);
      expect(cluster.brokers.find((b) => b.id === victim)!.pid).toBeUndefined();

      const isrOf = (states: PartitionState[]) =>
        states.map(({ topic, partition, isr }) => ({ topic, partition, isr }));
      const shrunk = await pollUntil(
        () => partitionStates(admin, topics),
        (states) => JSON.stringify(isrOf(states)) === JSON.stringify(isrOf(expected)),
        30_000,
      );
      expect(isrOf(shrunk.value ?? [])).toEqual(isrOf(expected));
      // Leadership moved away from the dead broker.
      expect(shrunk.value!.every((s) => s.leader !== victim)).toBe(true);

      // Kafka's own tool agrees.
      const described = parseTopicDescribe(await kafkaTopics(cluster, ['--describe', '--topic', 'pairs']));
      for (const row of described) expect(row.isr.includes(victim)).toBe(false);

      await cluster.startBroker(victim);
      const healed = await pollUntil(() => partitionStates(admin, topics), fullIsr, 60_000);
      expect(healed.ok, `ISR not full after restart: ${JSON.stringify(healed.value)}`).toBe(true);
    });

    await produce(cluster, 'replicated', 30);
    expect(await consume(cluster, 'replicated', 'after-restart', 60)).toHaveLength(60);
  });

  it('pauses and resumes a broker JVM', async () => {
    const broker = cluster.brokers[2]!;
    await cluster.pauseBroker(broker.id);
    try {
      expect(processState(broker.pid!)).toBe('T');
      // A frozen broker keeps its socket open but answers nothing.
      await expect(brokerIdsSeenBy(broker.port, 1000)).rejects.toThrow(/no Metadata answer/);
    } finally {
      await cluster.resumeBroker(broker.id);
    }
    expect(processState(broker.pid!)).not.toBe('T');
    expect(await brokerIdsSeenBy(broker.port)).toContain(broker.id);
  });

  it('stops a broker gracefully and starts it again', async () => {
    const broker = cluster.brokers[1]!;
    const other = cluster.brokers[0]!;
    const pid = broker.pid!;
    await cluster.stopBroker(broker.id);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(readFileSync(broker.logFile, 'utf8')).toMatch(/Beginning controlled shutdown/);
    // A controlled shutdown unregisters the broker at once, no session timeout involved.
    const seen = await pollUntil(
      () => brokerIdsSeenBy(other.port),
      (ids) => !ids.includes(broker.id),
      15_000,
    );
    expect(seen.value?.sort()).toEqual([1, 2, 3].filter((id) => id !== broker.id));

    await cluster.startBroker(broker.id);
    for (const { port } of cluster.brokers) expect((await brokerIdsSeenBy(port)).sort()).toEqual([1, 2, 3]);
  });
});

describe('startCluster', () => {
  it('refuses ZooKeeper mode for Kafka 4', async () => {
    await expect(startCluster({ brokers: 1, version: '4', mode: 'zookeeper' })).rejects.toThrow(
      /no ZooKeeper mode/,
    );
  });
});
