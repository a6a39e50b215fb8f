/**
 * A stand-in for a Kafka cluster too large for this machine: an implementation of the
 * collector's ClusterReader (what ClusterClient gives it after decoding Kafka's responses),
 * answering at full size with fresh objects on every call, as a decoded response would be.
 * Everything above the Kafka adapter runs for real on it: readCycle, buildSnapshot and the
 * derivations, the SQLite history, the metrics, the API and the UI. What it leaves out is
 * Kafka itself and kafkajs's decoding of the responses (measured on a real broker at 10,000
 * partitions by bench/collect.ts).
 *
 * The cluster: `brokers` brokers, `topics` × `partitions` partitions with replication factor 1
 * (leaders round-robin), `groups` classic groups, group g reading every partition of topic
 * g mod topics. Each cycle every `activeEvery`-th partition gets `produce` messages; three groups
 * in four commit up to their end offset minus a small lag, the fourth is stalled (Empty, no
 * commits). Record timestamps follow the append times, so time lag comes out as in Kafka.
 */

import type { ClusterReader } from '../../server/collector/index.ts';
import {
  type BrokerJmx,
  type CollectError,
  type DescribedGroup,
  type ListedGroup,
  partitionKey,
  type RawMetadata,
  type RawQuorum,
  type TopicConfigs,
} from '../../server/model/index.ts';

export interface SyntheticShape {
  brokers: number;
  topics: number;
  partitions: number;
  groups: number;
  /** Every this many partitions one is produced to each cycle (1: all). */
  activeEvery: number;
  /** Messages appended per active partition per cycle. */
  produce: number;
  /** Time between cycles, in the simulated clock. */
  intervalMs: number;
}

// The keys ClusterClient builds its answers' maps with.
const key = partitionKey;
const INITIAL = 1_000;

export class SyntheticCluster implements ClusterReader {
  requestCount = 0;
  /** The simulated clock: advanced by `advance()`, once per cycle. */
  now: number;
  private cycle = 0;
  private readonly topicNames: string[];
  private readonly groupNames: string[];
  private readonly t0: number;

  constructor(
    readonly shape: SyntheticShape,
    start = Date.UTC(2026, 0, 5),
  ) {
    this.t0 = start;
    this.now = start;
    this.topicNames = Array.from(
      { length: shape.topics },
      (_, t) => `orders.region-${String(t).padStart(6, '0')}`,
    );
    this.groupNames = Array.from(
      { length: shape.groups },
      (_, g) => `service-${String(g).padStart(6, '0')}.consumer`,
    );
  }

  /** One poll interval passes: partitions are produced to, groups commit. */
  advance(): void {
    this.cycle++;
    this.now += this.shape.intervalMs;
  }

  private active(t: number, p: number): boolean {
    return (t * this.shape.partitions + p) % this.shape.activeEvery === 0;
  }

  /** The end offset of a partition after `cycle` cycles. */
  private end(t: number, p: number, cycle = this.cycle): number {
    return INITIAL + (this.active(t, p) ? cycle * this.shape.produce : 0);
  }

  private stalled(g: number): boolean {
    return g % 4 === 0;
  }

  private committed(g: number, p: number): number {
    const t = g % this.shape.topics;
    // A stalled group stopped at the start; the others are a little behind, by a varying amount.
    if (this.stalled(g)) return this.end(t, p, 0) - 10;
    return Math.max(0, this.end(t, p) - ((g + p + this.cycle) % 3));
  }

  private leader(t: number, p: number): number {
    return ((t * this.shape.partitions + p) % this.shape.brokers) + 1;
  }

  private request<T>(value: T): Promise<T> {
    this.requestCount++;
    // Resolved on a later turn of the event loop, as a response is.
    return new Promise((resolve) => setImmediate(() => resolve(value)));
  }

  metadata(): Promise<RawMetadata> {
    const topics = this.topicNames.map((name, t) => ({
      name,
      internal: false,
      partitions: Array.from({ length: this.shape.partitions }, (_, p) => {
        const leader = this.leader(t, p);
        return {
          partition: p,
          leader,
          replicas: [leader],
          isr: [leader],
          offlineReplicas: [],
          eligibleLeaderReplicas: [],
          lastKnownElr: null,
        };
      }),
    }));
    return this.request({
      clusterId: 'synthetic-cluster-id',
      controllerId: 1,
      brokers: Array.from({ length: this.shape.brokers }, (_, b) => ({
        id: b + 1,
        host: '127.0.0.1',
        port: 9092 + b,
        rack: null,
      })),
      topics,
    });
  }

  describeQuorum(): Promise<RawQuorum> {
    const voter = (id: number) => ({
      id,
      logEndOffset: 10_000 + this.cycle,
      lag: 0,
      lastFetchTimestamp: this.now,
      lastCaughtUpTimestamp: this.now,
    });
    return this.request({
      leaderId: 1,
      leaderEpoch: 3,
      highWatermark: 10_000 + this.cycle,
      voters: Array.from({ length: this.shape.brokers }, (_, b) => voter(b + 1)),
      observers: [],
    });
  }

  topicConfigs(topics: readonly string[]): Promise<Map<string, TopicConfigs>> {
    const configs = new Map<string, TopicConfigs>();
    for (const name of topics)
      configs.set(name, {
        retentionMs: 7 * 86_400_000,
        retentionBytes: null,
        cleanupPolicy: 'delete',
        minInsyncReplicas: 1,
      });
    return this.request(configs);
  }

  listGroups(): Promise<{ groups: ListedGroup[]; errors: CollectError[] }> {
    return this.request({
      groups: this.groupNames.map((id, g) => ({
        id,
        type: 'classic' as const,
        state: this.stalled(g) ? 'Empty' : 'Stable',
        protocolType: 'consumer',
      })),
      errors: [],
    });
  }

  describeGroups(
    groups: readonly ListedGroup[],
  ): Promise<{ groups: DescribedGroup[]; errors: CollectError[] }> {
    const index = new Map(this.groupNames.map((id, g) => [id, g]));
    const described = groups.map((listed): DescribedGroup => {
      const g = index.get(listed.id) ?? 0;
      const topic = this.topicNames[g % this.shape.topics]!;
      const stalled = this.stalled(g);
      return {
        id: listed.id,
        type: 'classic',
        state: stalled ? 'Empty' : 'Stable',
        protocolType: 'consumer',
        protocol: stalled ? '' : 'range',
        groupEpoch: null,
        assignmentEpoch: null,
        coordinator: (g % this.shape.brokers) + 1,
        members: stalled
          ? []
          : [
              {
                memberId: `consumer-1-${g}`,
                clientId: 'consumer-1',
                host: '10.0.0.7',
                assignment: [
                  { topic, partitions: Array.from({ length: this.shape.partitions }, (_, p) => p) },
                ],
                instanceId: null,
                rack: null,
                memberEpoch: null,
                subscribedTopics: [],
                subscribedTopicRegex: null,
                targetAssignment: null,
                memberType: 'classic',
                tasks: null,
              },
            ],
      };
    });
    // One request per coordinator, as ClusterClient batches them.
    this.requestCount += this.shape.brokers - 1;
    return this.request({ groups: described, errors: [] });
  }

  committedOffsets(
    groupIds: readonly string[],
  ): Promise<{ offsets: Map<string, Map<string, number>>; errors: CollectError[] }> {
    const index = new Map(this.groupNames.map((id, g) => [id, g]));
    const offsets = new Map<string, Map<string, number>>();
    for (const id of groupIds) {
      const g = index.get(id);
      if (g === undefined) continue;
      const topic = this.topicNames[g % this.shape.topics]!;
      const group = new Map<string, number>();
      for (let p = 0; p < this.shape.partitions; p++) group.set(key(topic, p), this.committed(g, p));
      offsets.set(id, group);
    }
    this.requestCount += this.shape.brokers - 1;
    return this.request({ offsets, errors: [] });
  }

  shareGroupOffsets(): ReturnType<ClusterReader['shareGroupOffsets']> {
    return this.request({ offsets: new Map(), errors: [] });
  }

  listOffsets(
    partitions: readonly { topic: string; partition: number; leader: number }[],
    which: 'earliest' | 'latest',
  ): Promise<{ offsets: Map<string, number>; errors: CollectError[] }> {
    const index = this.topicIndex();
    const offsets = new Map<string, number>();
    for (const { topic, partition } of partitions) {
      const t = index.get(topic);
      if (t === undefined) continue;
      offsets.set(key(topic, partition), which === 'earliest' ? 0 : this.end(t, partition));
    }
    this.requestCount += this.shape.brokers - 1;
    return this.request({ offsets, errors: [] });
  }

  logDirSizes(): Promise<{ sizes: Map<number, Map<string, number>>; errors: CollectError[] }> {
    const sizes = new Map<number, Map<string, number>>();
    this.topicNames.forEach((topic, t) => {
      for (let p = 0; p < this.shape.partitions; p++) {
        const leader = this.leader(t, p);
        const broker = sizes.get(leader) ?? new Map<string, number>();
        sizes.set(leader, broker);
        broker.set(key(topic, p), this.end(t, p) * 180);
      }
    });
    this.requestCount += this.shape.brokers - 1;
    return this.request({ sizes, errors: [] });
  }

  /** A record's timestamp is when it was appended: offsets grow by `produce` per interval. */
  recordTimestamps(
    records: readonly { topic: string; partition: number; offset: number; leader: number }[],
  ): Promise<{ timestamps: Map<string, number>; errors: CollectError[] }> {
    const timestamps = new Map<string, number>();
    for (const r of records) {
      const cycles = Math.max(0, r.offset - INITIAL) / this.shape.produce;
      timestamps.set(
        `${r.topic}\u0000${r.partition}\u0000${r.offset}`,
        r.offset < INITIAL ? this.t0 - 60_000 : this.t0 + Math.ceil(cycles) * this.shape.intervalMs,
      );
    }
    return this.request({ timestamps, errors: [] });
  }

  brokerJmx(): Promise<BrokerJmx | null> {
    return this.request(null);
  }

  private topicIndexCache: Map<string, number> | undefined;
  private topicIndex(): Map<string, number> {
    this.topicIndexCache ??= new Map(this.topicNames.map((name, t) => [name, t]));
    return this.topicIndexCache;
  }
}
