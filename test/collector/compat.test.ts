// The core numbers on Kafka 3.9, in KRaft and in ZooKeeper mode (many production clusters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, createTopics, produce } from '../../local-kafka/client.ts';
import { type ClusterMode, type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import {
  kafkaConsumerGroups,
  kafkaMetadataQuorum,
  kafkaTopics,
  parseConsumerGroupDescribe,
  parseQuorumLeaderId,
  parseToolTable,
  parseTopicDescribe,
  zookeeperController,
} from '../kafka/tools.ts';
import { cycleUntil, type Watched, watch } from './support.ts';

describe.each<[ClusterMode, 1 | 3]>([
  ['kraft', 1],
  ['zookeeper', 3],
])('collector on Kafka 3.9 in %s mode', (mode, brokers) => {
  let kafka: KafkaCluster;
  let watched: Watched;

  beforeAll(async () => {
    kafka = await startCluster({ brokers, version: '3.9', mode });
    await createTopics(kafka, [{ topic: 'legacy', numPartitions: 4, replicationFactor: brokers }]);
    await produce(kafka, 'legacy', 40);
    await consume(kafka, 'legacy', 'legacy-readers', 15);
    watched = watch(kafka);
  });

  afterAll(async () => {
    await watched?.close();
    await kafka?.stop();
  });

  it('reports partitions, offsets and lag as Kafka’s own tools do', async () => {
    const topics = parseTopicDescribe(await kafkaTopics(kafka, ['--describe', '--topic', 'legacy']));
    const groups = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(kafka, ['--describe', '--group', 'legacy-readers']),
    );
    const snapshot = await watched.cycle();
    expect(snapshot.errors).toEqual([]);
    const legacy = snapshot.topics.find((t) => t.name === 'legacy')!;
    for (const row of topics) {
      const p = legacy.partitions[row.partition]!;
      expect([p.leader, p.replicas, [...p.isr].sort()]).toEqual([
        row.leader,
        row.replicas,
        [...row.isr].sort(),
      ]);
    }
    const group = snapshot.groups.find((g) => g.id === 'legacy-readers')!;
    for (const row of groups.filter((r) => r.currentOffset !== null)) {
      const p = group.partitions.find((x) => x.partition === row.partition)!;
      expect([p.committedOffset, p.endOffset, p.lag]).toEqual([row.currentOffset, row.logEndOffset, row.lag]);
    }
    expect(group.lag).toBe(groups.reduce((sum, r) => sum + (r.lag ?? 0), 0));
  });

  it('lists groups as classic with the state kafka-consumer-groups --state gives, without the new APIs', async () => {
    const [state] = parseToolTable(
      await kafkaConsumerGroups(kafka, ['--describe', '--group', 'legacy-readers', '--state']),
      'GROUP',
    );
    const snapshot = await watched.cycle();
    expect(snapshot.errors).toEqual([]);
    const group = snapshot.groups.find((g) => g.id === 'legacy-readers')!;
    expect([group.type, group.state, group.members.length]).toEqual([
      'classic',
      state!.STATE,
      Number(state!['#MEMBERS']),
    ]);
  });

  it('reports the real controller', async () => {
    const snapshot = await watched.cycle();
    if (mode === 'kraft') {
      const leader = parseQuorumLeaderId(await kafkaMetadataQuorum(kafka, ['describe', '--status']));
      expect(snapshot.controller).toMatchObject({ mode: 'kraft', id: leader });
      return;
    }
    expect(snapshot.controller).toMatchObject({ mode: 'zookeeper', id: await zookeeperController(kafka) });
    // It follows the controller when that broker dies.
    const old = snapshot.controller.id!;
    await kafka.killBroker(old);
    const next = await cycleUntil(
      watched,
      (s) => (s.controller.id !== null && s.controller.id !== old ? s.controller.id : undefined),
      60_000,
    );
    expect(next).toBe(await zookeeperController(kafka));
  });
});
