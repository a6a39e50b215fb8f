// Kafka 3.9, the last line with ZooKeeper mode, in both of its modes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, createTopics, produce } from '../../local-kafka/client.ts';
import { type ClusterMode, type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { KAFKA_39_VERSION } from '../../local-kafka/versions.ts';
import { kafkaConsumerGroups, parseConsumerGroupDescribe } from './tools.ts';

describe.each<ClusterMode>(['kraft', 'zookeeper'])('Kafka 3.9 in %s mode', (mode) => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startCluster({ brokers: 1, version: '3.9', mode });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs the pinned 3.9 release in the requested mode', () => {
    expect(cluster.version).toBe(KAFKA_39_VERSION);
    expect(cluster.mode).toBe(mode);
  });

  it('round-trips messages and reports the group’s committed offsets', async () => {
    await createTopics(cluster, [{ topic: 'legacy', numPartitions: 3 }]);
    await produce(cluster, 'legacy', 20);
    const values = await consume(cluster, 'legacy', 'legacy-readers', 20);
    expect(new Set(values).size).toBe(20);

    const rows = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(cluster, ['--describe', '--group', 'legacy-readers']),
    );
    expect(rows).toHaveLength(3);
    expect(rows.reduce((sum, row) => sum + (row.currentOffset ?? 0), 0)).toBe(20);
    expect(rows.every((row) => row.lag === 0)).toBe(true);
  });
});
