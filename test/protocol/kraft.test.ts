// The hand-written requests against a real 3-node KRaft cluster (every node broker and controller),
// of the version in KAFKA_VERSION (newest 4.x by default; 3.9 works too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, pollUntil, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import {
  describeCluster,
  describeLogDirs,
  describeQuorum,
  fetchCommittedOffsets,
  findCoordinators,
  type QuorumDescription,
} from '../../server/kafka/protocol/index.ts';
import { kafkaMetadataQuorum, parseQuorumLeaderId } from '../kafka/tools.ts';
import {
  commitGroups,
  expectedOffset,
  produceBytes,
  type RecordingInternals,
  recordingInternals,
} from './helpers.ts';

const OFFSET_FETCH = 9;
const FIND_COORDINATOR = 10;

describe('protocol requests on a 3-node KRaft cluster', () => {
  let cluster: KafkaCluster;
  let client: RecordingInternals;

  beforeAll(async () => {
    cluster = await startCluster({ brokers: 3 });
    client = recordingInternals(cluster);
    await client.internals.connect();
  });

  afterAll(async () => {
    await client?.internals.disconnect();
    await cluster?.stop();
  });

  async function quorum(): Promise<QuorumDescription> {
    const result = await describeQuorum(client.internals);
    if (!result.supported) throw new Error(`DescribeQuorum unsupported: ${result.reason}`);
    return result.quorum;
  }

  it('DescribeQuorum names the leader Kafka’s metadata-quorum tool names, with 3 voters', async () => {
    const toolLeader = parseQuorumLeaderId(await kafkaMetadataQuorum(cluster, ['describe', '--status']));
    const described = await quorum();
    expect(described.leaderId).toBe(toolLeader);
    expect(described.version).toBe(2);
    expect(described.leaderEpoch).toBeGreaterThan(0);
    expect(described.highWatermark).toBeGreaterThan(0);
    expect(described.voters.map((v) => v.replicaId).sort()).toEqual([1, 2, 3]);
    expect(described.controllers.map((c) => c.nodeId).sort()).toEqual([1, 2, 3]);
    const leader = described.voters.find((v) => v.replicaId === described.leaderId)!;
    expect(leader.lag).toBe(0);
    for (const voter of described.voters) {
      expect(voter.logEndOffset).toBeGreaterThan(0);
      expect(voter.lag).toBeGreaterThanOrEqual(0);
      expect(voter.lastCaughtUpTimestamp).toBeGreaterThan(Date.now() - 10 * 60_000);
    }
  });

  it('DescribeCluster reports the cluster id kafkajs reports, and every broker unfenced', async () => {
    const kafkajs = await withAdmin(cluster, (admin) => admin.describeCluster());
    const described = await describeCluster(client.internals);
    expect(described.clusterId).toBe(kafkajs.clusterId);
    // Fenced brokers (v2, KIP-1073) came with Kafka 4.0.
    const kafka4 = cluster.version.startsWith('4.');
    expect(described.version).toBe(kafka4 ? 2 : 1);
    expect(described.brokers.map((b) => [b.id, b.host, b.port, b.fenced])).toEqual(
      cluster.brokers.map((b) => [b.id, '127.0.0.1', b.port, kafka4 ? false : null]),
    );
    expect([1, 2, 3]).toContain(described.controllerId);
  });

  it('DescribeLogDirs sees every replica of a partition grow by what was produced', async () => {
    const topic = 'sizes';
    const records = 500;
    const payload = 1000;
    await createTopics(cluster, [{ topic, numPartitions: 1, replicationFactor: 3 }]);
    const sizeOnEachBroker = async () => {
      const { brokers, failures } = await describeLogDirs(client.internals);
      expect(failures).toEqual([]);
      return new Map(
        brokers.map((b) => [
          b.brokerId,
          b.logDirs.flatMap((d) => d.partitions).find((p) => p.topic === topic && !p.isFuture)?.size,
        ]),
      );
    };
    // A follower creates its replica a moment after the leader is known.
    const before = await pollUntil(
      sizeOnEachBroker,
      (sizes) => [...sizes.values()].every((s) => s !== undefined),
      30_000,
      200,
    );
    expect([...before.value!.values()]).toEqual([0, 0, 0]);

    const since = client.requests.length;
    await produceBytes(cluster, topic, records, payload);
    const after = await sizeOnEachBroker();
    for (const size of after.values()) expect(size).toBeGreaterThan(records * payload);
    // One request per broker, each to that broker.
    expect(
      client
        .requestsOf(35, since)
        .map((r) => r.broker)
        .sort(),
    ).toEqual(cluster.brokers.map((b) => `127.0.0.1:${b.port}`).sort());
    const { brokers } = await describeLogDirs(client.internals);
    for (const broker of brokers) {
      expect(broker.version).toBe(4);
      expect(broker.logDirs[0]!.usableBytes).toBeGreaterThan(0);
    }
  });

  it('fetches the committed offsets of 50 groups with one OffsetFetch per coordinator', async () => {
    const topic = 'committed';
    const partitions = 3;
    await createTopics(cluster, [{ topic, numPartitions: partitions, replicationFactor: 3 }]);
    const groupIds = await withAdmin(cluster, (admin) => commitGroups(admin, topic, 50, partitions));

    const since = client.requests.length;
    const groups = await fetchCommittedOffsets(client.internals, groupIds);
    const offsetFetches = client.requestsOf(OFFSET_FETCH, since);
    const coordinators = new Set(groups.map((g) => g.coordinatorId));

    expect(client.requestsOf(FIND_COORDINATOR, since)).toHaveLength(1);
    expect(offsetFetches).toHaveLength(coordinators.size);
    expect(new Set(offsetFetches.map((r) => r.broker)).size).toBe(coordinators.size);
    expect(offsetFetches.every((r) => r.apiVersion >= 8)).toBe(true);
    expect(coordinators.size).toBeGreaterThan(1); // 50 groups over 10 offsets partitions on 3 brokers

    expect(groups).toHaveLength(50);
    for (const group of groups) {
      const i = Number(group.groupId.slice(2));
      expect(group.error).toBeNull();
      expect(group.offsets.map((o) => [o.topic, o.partition, o.offset, o.error]).sort()).toEqual(
        Array.from({ length: partitions }, (_, p) => [topic, p, expectedOffset(i, p), null]),
      );
    }

    // The coordinators agree with FindCoordinator, and kafkajs' one-group path finds the same offsets.
    const lookups = await findCoordinators(client.internals, groupIds);
    expect(new Map(lookups.map((l) => [l.groupId, l.coordinator?.nodeId]))).toEqual(
      new Map(groups.map((g) => [g.groupId, g.coordinatorId])),
    );
    const legacySince = client.requests.length;
    const legacy = await fetchCommittedOffsets(client.internals, groupIds, { maxVersion: 7 });
    expect(client.requestsOf(OFFSET_FETCH, legacySince)).toHaveLength(50);
    const offsetsOf = (list: typeof groups) =>
      new Map(
        list.map((g) => [g.groupId, g.offsets.map((o) => `${o.topic}-${o.partition}@${o.offset}`).sort()]),
      );
    expect(offsetsOf(legacy)).toEqual(offsetsOf(groups));
  });

  it('a group without commits has no offsets and no error', async () => {
    const [group] = await fetchCommittedOffsets(client.internals, ['never-committed']);
    expect(group).toMatchObject({ groupId: 'never-committed', error: null, offsets: [] });
  });

  // Last: it takes a node (broker and controller) away.
  it('DescribeQuorum reports a new leader after the leader is killed', async () => {
    const before = await quorum();
    const oldLeader = before.leaderId!;
    await cluster.killBroker(oldLeader);
    const after = await pollUntil(
      quorum,
      (q) => q.leaderId !== null && q.leaderId !== oldLeader && q.leaderEpoch > before.leaderEpoch,
      60_000,
    );
    expect(after.ok, `no new leader: ${String(after.error ?? JSON.stringify(after.value))}`).toBe(true);
    expect([1, 2, 3].filter((id) => id !== oldLeader)).toContain(after.value!.leaderId);
    expect(after.value!.brokerId).not.toBe(oldLeader);
  });
});
