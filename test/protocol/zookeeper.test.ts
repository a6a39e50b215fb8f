// The hand-written requests against Kafka 3.9 in ZooKeeper mode: no KRaft quorum to describe, but
// everything else must work as on KRaft.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeCluster,
  describeLogDirs,
  describeQuorum,
  fetchCommittedOffsets,
} from '../../server/kafka/protocol/index.ts';
import { createTopics, withAdmin } from '../kafka/client.ts';
import { type KafkaCluster, startCluster } from '../kafka/harness.ts';
import {
  commitGroups,
  expectedOffset,
  produceBytes,
  type RecordingInternals,
  recordingInternals,
} from './helpers.ts';

describe('protocol requests on Kafka 3.9 in ZooKeeper mode', () => {
  let cluster: KafkaCluster;
  let client: RecordingInternals;

  beforeAll(async () => {
    cluster = await startCluster({ brokers: 1, version: '3.9', mode: 'zookeeper' });
    client = recordingInternals(cluster);
    await client.internals.connect();
  });

  afterAll(async () => {
    await client?.internals.disconnect();
    await cluster?.stop();
  });

  it('DescribeQuorum is "unsupported", without a request sent', async () => {
    const since = client.requests.length;
    const result = await describeQuorum(client.internals);
    expect(result).toMatchObject({ supported: false, brokerId: 1 });
    expect(client.requestsOf(55, since)).toEqual([]);
  });

  it('DescribeCluster reports the cluster id and the ZooKeeper controller kafkajs reports', async () => {
    const kafkajs = await withAdmin(cluster, (admin) => admin.describeCluster());
    const described = await describeCluster(client.internals);
    expect(described).toMatchObject({ clusterId: kafkajs.clusterId, controllerId: kafkajs.controller });
    expect(described.brokers.map((b) => b.id)).toEqual([1]);
  });

  it('DescribeLogDirs sees the partition grow', async () => {
    await createTopics(cluster, [{ topic: 'sizes', numPartitions: 1 }]);
    await produceBytes(cluster, 'sizes', 200, 1000);
    const { brokers, failures } = await describeLogDirs(client.internals);
    expect(failures).toEqual([]);
    const partition = brokers[0]!.logDirs.flatMap((d) => d.partitions).find((p) => p.topic === 'sizes');
    expect(partition?.size).toBeGreaterThan(200 * 1000);
  });

  it('fetches committed offsets of many groups in one request, and one-by-one as well', async () => {
    await createTopics(cluster, [{ topic: 'committed', numPartitions: 2 }]);
    const groupIds = await withAdmin(cluster, (admin) => commitGroups(admin, 'committed', 20, 2));
    for (const options of [{}, { maxVersion: 7 }]) {
      const since = client.requests.length;
      const groups = await fetchCommittedOffsets(client.internals, groupIds, options);
      expect(client.requestsOf(9, since)).toHaveLength('maxVersion' in options ? 20 : 1);
      for (const group of groups) {
        const i = Number(group.groupId.slice(2));
        expect(group.error).toBeNull();
        expect(group.offsets.map((o) => o.offset).sort((a, b) => a! - b!)).toEqual([
          expectedOffset(i, 0),
          expectedOffset(i, 1),
        ]);
      }
    }
  });
});
