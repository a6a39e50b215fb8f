// The hand-written requests against Kafka 3.9 in ZooKeeper mode: no KRaft quorum to describe, but
// everything else must work as on KRaft.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { describeOnCoordinator } from '../../server/kafka/describe-groups.ts';
import {
  consumerGroupDescribeOn,
  describeCluster,
  describeLogDirs,
  describeQuorum,
  describeShareGroupOffsetsOn,
  describeTopicPartitionsOn,
  fetchCommittedOffsets,
  listGroupsOn,
  shareGroupDescribeOn,
  streamsGroupDescribeOn,
  UnsupportedApiError,
} from '../../server/kafka/protocol/index.ts';
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

  it('ListGroups says what a 3.9 broker has (state, no new group types); the KIP-848/932/966 APIs are unsupported', async () => {
    const broker = await client.internals.broker(1);
    const versions = await broker.apiVersions();
    const listed = await listGroupsOn(broker);
    const committed = listed.filter((g) => g.groupId.startsWith('g-'));
    expect(committed).toHaveLength(20);
    // v4 has the state; the type (v5) only where the broker speaks v5.
    for (const g of committed) {
      expect(g).toMatchObject({ protocolType: 'consumer', state: 'Empty' });
      expect(g.type).toBe((versions.get(16)?.maxVersion ?? 0) >= 5 ? 'classic' : null);
    }
    // ZooKeeper mode advertises ConsumerGroupDescribe but answers UNSUPPORTED_VERSION per group.
    const [answer] = await consumerGroupDescribeOn(broker, ['g-0']);
    expect(answer).toMatchObject({ groupId: 'g-0', errorCode: 35 });
    // Kestrel then describes the group as classic (as Kafka's admin client does), without an error.
    const described = await describeOnCoordinator(broker, [
      { id: 'g-0', type: 'consumer', state: 'Empty', protocolType: 'consumer' },
    ]);
    expect(described.errors).toEqual([]);
    expect(described.groups).toMatchObject([{ id: 'g-0', type: 'classic', state: 'Empty', members: [] }]);
    for (const describe of [
      () => shareGroupDescribeOn(broker, ['g-0']),
      () => streamsGroupDescribeOn(broker, ['g-0']),
      () => describeShareGroupOffsetsOn(broker, ['g-0']),
      () => describeTopicPartitionsOn(broker),
    ])
      await expect(describe()).rejects.toBeInstanceOf(UnsupportedApiError);
  });
});
