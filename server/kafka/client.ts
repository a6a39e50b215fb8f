import { Kafka } from 'kafkajs';
import type { ClusterConfig } from '../config/index.ts';
import {
  type CollectError,
  GROUP_TYPES,
  type GroupType,
  type ListedGroup,
  partitionKey,
  type SharePartitionProgress,
  type TopicConfigs,
} from '../model/index.ts';
import { messageOf } from '../shared/error-message.ts';
import type { Logger } from '../shared/logger.ts';
import { chunks, groupBy } from './batching.ts';
import { type Described, describeOnCoordinator } from './describe-groups.ts';
import { type JmxCounters, jmxUrlFor, scrapeBrokerJmx } from './jmx.ts';
import { registerCompressionCodecs } from './messages/codecs.ts';
import { kafkaOptions } from './options.ts';
import {
  type BrokerConnection,
  type DescribedPartition,
  describeLogDirs,
  describeQuorum,
  describeShareGroupOffsetsOn,
  describeTopicPartitionsOn,
  EARLIEST_OFFSET,
  fetchCommittedOffsets,
  findCoordinators,
  KafkaInternals,
  LATEST_OFFSET,
  listGroupsOn,
  listOffsetsOn,
} from './protocol/index.ts';
import { sendKafkajsRequest } from './protocol/kafkajs/index.ts';
import { type RecordAt, readRecordTimestamps } from './record-timestamps.ts';
import type { DescribeConfigsResponse, MetadataResponse } from './responses.ts';

const TOPIC_RESOURCE = 2;
const TOPIC_CONFIGS = ['retention.ms', 'retention.bytes', 'cleanup.policy', 'min.insync.replicas'];
const DESCRIBE_TOPIC_PARTITIONS_KEY = 75;

/**
 * The only code that talks to Kafka. One long-lived connection set per cluster (kafkajs'
 * Cluster, shared by every request); requests are batched per broker or coordinator and sent
 * to all brokers in parallel, each bounded by the request timeout, so a dead broker costs
 * one timeout, not a stalled cycle. Partition-level errors come back as data, not exceptions.
 */
export class ClusterClient {
  readonly name: string;
  private readonly kafka: Kafka;
  private readonly internals: KafkaInternals;
  private requests = 0;
  /** Coordinators this cycle's DescribeGroups found, reused by OffsetFetch instead of a second lookup. */
  private coordinators = new Map<string, number>();

  constructor(
    private readonly config: ClusterConfig,
    logger: Logger,
  ) {
    this.name = config.name;
    // The time-lag Fetch decodes record batches too; without these a snappy, lz4 or zstd batch fails it.
    registerCompressionCodecs();
    this.kafka = new Kafka(kafkaOptions(config, logger));
    this.internals = new KafkaInternals(this.kafka, {
      metadataMaxAgeMs: Math.max(config.pollInterval, 30_000),
    });
    this.internals.onRequest(() => {
      this.requests++;
    });
  }

  get requestCount(): number {
    return this.requests;
  }

  async metadata() {
    const [response, elr] = await this.internals.withAnyBroker(async (broker) => {
      const metadata = await sendKafkajsRequest<MetadataResponse>(broker, 'Metadata', {
        topics: [],
        allowAutoTopicCreation: false,
      });
      return [metadata, await eligibleLeaderReplicas(broker, metadata)] as const;
    });
    return {
      clusterId: response.clusterId ?? null,
      controllerId: response.controllerId ?? null,
      brokers: response.brokers.map((b) => ({
        id: b.nodeId,
        host: b.host,
        port: b.port,
        rack: b.rack ?? null,
      })),
      // A topic-level error (being deleted, not yet created) leaves nothing to show for it.
      topics: response.topicMetadata
        .filter((t) => t.topicErrorCode === 0)
        .map((t) => ({
          name: t.topic,
          internal: t.isInternal ?? t.topic.startsWith('__'),
          partitions: t.partitionMetadata.map((p) => ({
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            offlineReplicas: p.offlineReplicas ?? [],
            ...elrOf(elr, t.topic, p),
          })),
        })),
    };
  }

  async describeQuorum() {
    const result = await describeQuorum(this.internals);
    if (!result.supported) return 'unsupported' as const;
    const { quorum } = result;
    const replica = (r: (typeof quorum.voters)[number]) => ({
      id: r.replicaId,
      logEndOffset: r.logEndOffset,
      lag: r.lag,
      lastFetchTimestamp: r.lastFetchTimestamp,
      lastCaughtUpTimestamp: r.lastCaughtUpTimestamp,
    });
    return {
      leaderId: quorum.leaderId ?? -1,
      leaderEpoch: quorum.leaderEpoch,
      highWatermark: quorum.highWatermark,
      voters: quorum.voters.map(replica),
      observers: quorum.observers.map(replica),
    };
  }

  async topicConfigs(topics: readonly string[]): Promise<Map<string, TopicConfigs>> {
    const result = new Map<string, TopicConfigs>();
    for (const batch of chunks(topics, 500)) {
      const response = await this.internals.withAnyBroker((broker) =>
        sendKafkajsRequest<DescribeConfigsResponse>(broker, 'DescribeConfigs', {
          resources: batch.map((name) => ({ type: TOPIC_RESOURCE, name, configNames: TOPIC_CONFIGS })),
          includeSynonyms: false,
        }),
      );
      for (const resource of response.resources) {
        if (resource.errorCode !== 0) continue;
        const value = (name: string) =>
          resource.configEntries.find((e) => e.configName === name)?.configValue ?? null;
        const number = (name: string) => (value(name) === null ? null : Number(value(name)));
        result.set(resource.resourceName, {
          retentionMs: number('retention.ms'),
          retentionBytes: number('retention.bytes'),
          cleanupPolicy: value('cleanup.policy'),
          minInsyncReplicas: number('min.insync.replicas'),
        });
      }
    }
    return result;
  }

  async listGroups() {
    const errors: CollectError[] = [];
    const perBroker = await this.onEveryBroker('groups', errors, (broker) => listGroupsOn(broker));
    if (perBroker.length === 0 && errors.length > 0) throw new Error(errors[0]!.message);
    const groups = new Map<string, ListedGroup>();
    for (const g of perBroker.flat()) {
      groups.set(g.groupId, {
        id: g.groupId,
        // Before ListGroups v5 (KIP-848) every group a broker has is a classic one.
        type: GROUP_TYPES.includes(g.type as GroupType) ? (g.type as GroupType) : 'classic',
        state: g.state,
        protocolType: g.protocolType,
      });
    }
    return { groups: [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), errors };
  }

  async describeGroups(listed: readonly ListedGroup[]) {
    const lookups = await findCoordinators(
      this.internals,
      listed.map((g) => g.id),
    );
    this.coordinators = new Map(
      lookups.flatMap((l) => (l.coordinator ? [[l.groupId, l.coordinator.nodeId] as const] : [])),
    );
    const byCoordinator = groupBy(
      listed.filter((g) => this.coordinators.has(g.id)),
      (g) => this.coordinators.get(g.id)!,
    );
    const described = await Promise.all(
      [...byCoordinator].map(async ([nodeId, groups]): Promise<Described> => {
        try {
          return await describeOnCoordinator(await this.internals.broker(nodeId), groups);
        } catch (error) {
          return {
            groups: [],
            errors: [{ kind: 'groups', message: messageOf(error), target: `broker ${nodeId}` }],
          };
        }
      }),
    );
    return { groups: described.flatMap((d) => d.groups), errors: described.flatMap((d) => d.errors) };
  }

  /** Share groups' start offsets and lag, one DescribeShareGroupOffsets per coordinator. */
  async shareGroupOffsets(groupIds: readonly string[]) {
    const errors: CollectError[] = [];
    const offsets = new Map<string, Map<string, SharePartitionProgress>>();
    const byCoordinator = groupBy(
      groupIds.filter((id) => this.coordinators.has(id)),
      (id) => this.coordinators.get(id)!,
    );
    await Promise.all(
      [...byCoordinator].map(async ([nodeId, ids]) => {
        try {
          for (const group of await describeShareGroupOffsetsOn(await this.internals.broker(nodeId), ids)) {
            if (group.error) {
              errors.push({ kind: 'group-offsets', message: group.error.name, target: group.groupId });
              continue;
            }
            const progress = new Map<string, SharePartitionProgress>();
            for (const o of group.offsets)
              if (o.startOffset !== null && o.error === null)
                progress.set(partitionKey(o.topic, o.partition), { startOffset: o.startOffset, lag: o.lag });
            offsets.set(group.groupId, progress);
          }
        } catch (error) {
          errors.push({ kind: 'group-offsets', message: messageOf(error), target: `broker ${nodeId}` });
        }
      }),
    );
    return { offsets, errors };
  }

  async committedOffsets(groupIds: readonly string[]) {
    const errors: CollectError[] = [];
    const offsets = new Map<string, Map<string, number>>();
    for (const group of await fetchCommittedOffsets(this.internals, [...groupIds], {}, this.coordinators)) {
      if (group.error) {
        errors.push({ kind: 'group-offsets', message: group.error.name, target: group.groupId });
        continue;
      }
      const committed = new Map<string, number>();
      for (const o of group.offsets)
        if (o.offset !== null && o.error === null)
          committed.set(partitionKey(o.topic, o.partition), o.offset);
      offsets.set(group.groupId, committed);
    }
    return { offsets, errors };
  }

  async listOffsets(
    partitions: readonly { topic: string; partition: number; leader: number }[],
    which: 'earliest' | 'latest',
  ) {
    const errors: CollectError[] = [];
    const offsets = new Map<string, number>();
    await Promise.all(
      [...groupBy(partitions, (p) => p.leader)].map(async ([leader, list]) => {
        try {
          const broker = await this.internals.broker(leader);
          const timestamp = which === 'latest' ? LATEST_OFFSET : EARLIEST_OFFSET;
          const queries = [...groupBy(list, (p) => p.topic)].map(([topic, ps]) => ({
            topic,
            partitions: ps.map((p) => ({ partition: p.partition, timestamp })),
          }));
          for (const p of await listOffsetsOn(broker, queries)) {
            if (p.error === null) offsets.set(partitionKey(p.topic, p.partition), p.offset);
            else errors.push({ kind: 'offsets', message: p.error.name, target: `${p.topic}-${p.partition}` });
          }
        } catch (error) {
          errors.push({ kind: 'offsets', message: messageOf(error), target: `broker ${leader}` });
        }
      }),
    );
    return { offsets, errors };
  }

  async logDirSizes() {
    const result = await describeLogDirs(this.internals);
    const sizes = new Map<number, Map<string, number>>();
    for (const broker of result.brokers) {
      const perPartition = new Map<string, number>();
      for (const dir of broker.logDirs) {
        for (const p of dir.partitions)
          if (!p.isFuture) perPartition.set(partitionKey(p.topic, p.partition), p.size);
      }
      sizes.set(broker.brokerId, perPartition);
    }
    const errors = result.failures.map(
      (f): CollectError => ({ kind: 'log-dirs', message: f.message, target: `broker ${f.brokerId}` }),
    );
    return { sizes, errors };
  }

  recordTimestamps(records: readonly RecordAt[]) {
    return readRecordTimestamps(this.internals, records);
  }

  async brokerJmx(broker: { id: number; host: string }, counters: JmxCounters) {
    const jmx = this.config.jmx;
    const url = jmx ? jmxUrlFor(broker, jmx.urls, jmx.urlTemplate) : null;
    return url && jmx ? scrapeBrokerJmx(url, jmx.timeout, counters) : null;
  }

  async close(): Promise<void> {
    await this.internals.disconnect();
  }

  /** Runs `work` on every broker in parallel; failures become errors, the rest still answer. */
  private async onEveryBroker<T>(
    kind: CollectError['kind'],
    errors: CollectError[],
    work: (broker: BrokerConnection) => Promise<T>,
  ): Promise<T[]> {
    const ids = await this.internals.brokerIds();
    const results = await Promise.all(
      ids.map(async (id) => {
        try {
          return [await work(await this.internals.broker(id))];
        } catch (error) {
          errors.push({ kind, message: messageOf(error), target: `broker ${id}` });
          return [];
        }
      }),
    );
    return results.flat();
  }
}

interface ElrRead {
  /** The broker answers DescribeTopicPartitions (KRaft, Kafka 3.8+) and did this cycle. */
  known: boolean;
  byPartition: Map<string, DescribedPartition>;
}

/** Partitions whose ELR can be non-empty: out of sync or leaderless (ELR ⊆ replicas − ISR). */
const outOfSync = (p: MetadataResponse['topicMetadata'][number]['partitionMetadata'][number]) =>
  p.leader < 0 || p.isr.length < p.replicas.length;

/**
 * Each partition's ELR and last known ELR, which Metadata does not carry. Only topics with a
 * partition out of sync are asked: an ELR holds replicas outside the ISR, so a fully in-sync
 * partition's is empty, and a healthy cluster costs no request at all (paging every partition
 * costs more than Metadata itself: bench/topic-partitions.ts). Brokers without
 * DescribeTopicPartitions (before 3.8, ZooKeeper mode) give none, and a failed read leaves them
 * unknown rather than failing the cycle's metadata.
 */
async function eligibleLeaderReplicas(
  broker: BrokerConnection,
  metadata: MetadataResponse,
): Promise<ElrRead> {
  const byPartition = new Map<string, DescribedPartition>();
  if (!(await broker.apiVersions()).has(DESCRIBE_TOPIC_PARTITIONS_KEY)) return { known: false, byPartition };
  const asked = metadata.topicMetadata
    .filter((t) => t.topicErrorCode === 0 && t.partitionMetadata.some(outOfSync))
    .map((t) => t.topic);
  if (asked.length === 0) return { known: true, byPartition };
  try {
    const { topics } = await describeTopicPartitionsOn(broker, asked);
    for (const topic of topics)
      for (const p of topic.partitions)
        if (p.error === null) byPartition.set(partitionKey(topic.name, p.partition), p);
    return { known: true, byPartition };
  } catch {
    return { known: false, byPartition: new Map() };
  }
}

function elrOf(
  elr: ElrRead,
  topic: string,
  p: MetadataResponse['topicMetadata'][number]['partitionMetadata'][number],
): { eligibleLeaderReplicas: readonly number[] | null; lastKnownElr: readonly number[] | null } {
  const described = elr.byPartition.get(partitionKey(topic, p.partitionId));
  if (described)
    return { eligibleLeaderReplicas: described.eligibleLeaderReplicas, lastKnownElr: described.lastKnownElr };
  // In sync: no replica outside the ISR, so no ELR; the last known ELR was not asked for.
  return { eligibleLeaderReplicas: elr.known && !outOfSync(p) ? [] : null, lastKnownElr: null };
}
