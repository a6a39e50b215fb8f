/**
 * The load side of bench/collect.ts: creates the topics, produces, and commits the groups'
 * offsets. It runs in a child process (forked by collect.ts) so that its kafkajs clients,
 * metadata and buffers do not count in the collector's RSS, heap or CPU time.
 *
 * Protocol over IPC: `setup` → `ready`, `round` → `round-done` (produce + commit once),
 * `close` → exits. Any failure is answered with `error`.
 */
import { createRequire } from 'node:module';
import { type Admin, Partitioners, type Producer } from 'kafkajs';
import { kafkaFor } from '../local-kafka/client.ts';
import { findCoordinators, KafkaInternals } from '../server/kafka/protocol/index.ts';
import {
  type BrokerConnection,
  type ProtocolCall,
  sendKafkajsRequest,
} from '../server/kafka/protocol/kafkajs/index.ts';
import type { MetadataResponse } from '../server/kafka/responses.ts';

export interface LoadShape {
  topics: number;
  partitions: number;
  groups: number;
  /** Messages per partition before the first cycle. */
  initialMessages: number;
  /** Messages per partition between two cycles. */
  roundMessages: number;
}

export type LoadCommand =
  | { type: 'setup'; bootstrap: string; shape: LoadShape }
  | { type: 'round' }
  | { type: 'close' };

export interface SetupTimings {
  createTopicsMs: number;
  waitForLeadersMs: number;
  produceMs: number;
  findCoordinatorsMs: number;
  commitMs: number;
  messagesProduced: number;
}

export type LoadReply =
  | { type: 'ready'; timings: SetupTimings }
  | { type: 'round-done'; produceMs: number; commitMs: number; committedGroups: number }
  | { type: 'error'; message: string };

const TOPICS_PER_CREATE = 250;
const TOPICS_PER_PRODUCE = 100;
const COMMITS_IN_FLIGHT = 50;
const OFFSET_COMMIT_KEY = 8;
/** Retriable while the offsets topic is being created or loaded. */
const RETRIABLE_COORDINATOR_ERRORS = new Set([14, 15, 16]);

export const topicName = (i: number) => `bench-${String(i).padStart(4, '0')}`;
export const groupName = (i: number) => `bench-group-${String(i).padStart(4, '0')}`;
/** Group i reads topic i % topics. */
export const topicOfGroup = (group: number, shape: LoadShape) => group % shape.topics;
/** A quarter of the groups never move: stalled consumers whose lag keeps growing. */
export const isStalled = (group: number) => group % 4 === 0;

const require = createRequire(import.meta.url);
const { requests } = require('kafkajs/src/protocol/requests') as {
  requests: {
    OffsetCommit: {
      versions: string[];
      protocol(o: { version: number }): (args: OffsetCommitArgs) => {
        request: ProtocolCall<unknown>['request'];
        response: { decode(raw: Buffer): Promise<OffsetCommitResponse> };
      };
    };
  };
};

interface OffsetCommitArgs {
  groupId: string;
  groupGenerationId: number;
  memberId: string;
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

interface OffsetCommitResponse {
  responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

class Load {
  private readonly kafka;
  private readonly internals: KafkaInternals;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private readonly coordinators = new Map<string, number>();
  /** Messages produced so far to every partition (each round writes the same number to each). */
  private produced = 0;
  private commitVersion = 5;

  constructor(
    bootstrap: string,
    private readonly shape: LoadShape,
  ) {
    this.kafka = kafkaFor({ bootstrap }, 'kestrel-bench-load');
    this.internals = new KafkaInternals(this.kafka);
  }

  async setup(): Promise<SetupTimings> {
    const names = Array.from({ length: this.shape.topics }, (_, i) => topicName(i));
    let at = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = Math.round(now - at);
      at = now;
      return ms;
    };

    this.admin = this.kafka.admin();
    await this.admin.connect();
    for (const batch of chunks(names, TOPICS_PER_CREATE)) {
      await this.admin.createTopics({
        topics: batch.map((topic) => ({ topic, numPartitions: this.shape.partitions, replicationFactor: 1 })),
        waitForLeaders: false,
        timeout: 120_000,
      });
    }
    const createTopicsMs = lap();
    await this.waitForLeaders(new Set(names));
    const waitForLeadersMs = lap();

    // Idempotent: a plain producer's retries (common on partitions that just got a leader) write
    // duplicates, and then the end offsets, and the offsets the groups commit, are not the counts.
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    await this.produce(this.shape.initialMessages);
    const produceMs = lap();

    await this.findCoordinators();
    const findCoordinatorsMs = lap();
    await this.commit(true);
    const commitMs = lap();
    return {
      createTopicsMs,
      waitForLeadersMs,
      produceMs,
      findCoordinatorsMs,
      commitMs,
      messagesProduced: this.produced * this.shape.topics * this.shape.partitions,
    };
  }

  /** One round between cycles: every partition gets more messages, moving groups commit. */
  async round(): Promise<Extract<LoadReply, { type: 'round-done' }>> {
    const started = performance.now();
    const before = this.produced;
    await this.produce(this.shape.roundMessages);
    const produced = performance.now();
    // Moving groups commit what was the end offset before this round: one round behind.
    const committedGroups = await this.commit(false, before);
    return {
      type: 'round-done',
      produceMs: Math.round(produced - started),
      commitMs: Math.round(performance.now() - produced),
      committedGroups,
    };
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await this.internals.disconnect().catch(() => undefined);
  }

  private async waitForLeaders(wanted: Set<string>): Promise<void> {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const metadata = await this.internals.withAnyBroker((broker) =>
        sendKafkajsRequest<MetadataResponse>(broker, 'Metadata', {
          topics: [],
          allowAutoTopicCreation: false,
        }),
      );
      const ready = metadata.topicMetadata.filter(
        (t) =>
          wanted.has(t.topic) &&
          t.topicErrorCode === 0 &&
          t.partitionMetadata.length === this.shape.partitions &&
          t.partitionMetadata.every((p) => p.leader >= 0),
      ).length;
      if (ready === wanted.size) return;
      if (Date.now() > deadline) throw new Error(`only ${ready} of ${wanted.size} topics have leaders`);
      await sleep(500);
    }
  }

  private async produce(perPartition: number): Promise<void> {
    const producer = this.producer!;
    const value = 'x'.repeat(100);
    const partitions = Array.from({ length: this.shape.partitions }, (_, p) => p);
    const topics = Array.from({ length: this.shape.topics }, (_, i) => topicName(i));
    for (const batch of chunks(topics, TOPICS_PER_PRODUCE)) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: batch.map((topic) => ({
          topic,
          messages: partitions.flatMap((partition) =>
            Array.from({ length: perPartition }, () => ({ partition, value })),
          ),
        })),
      });
    }
    this.produced += perPartition;
  }

  private async findCoordinators(): Promise<void> {
    const ids = Array.from({ length: this.shape.groups }, (_, i) => groupName(i));
    const deadline = Date.now() + 120_000;
    let pending = ids;
    // The first lookup creates __consumer_offsets; until its partitions have leaders the answer is an error.
    while (pending.length > 0) {
      const lookups = await findCoordinators(this.internals, pending);
      for (const lookup of lookups)
        if (lookup.coordinator) this.coordinators.set(lookup.groupId, lookup.coordinator.nodeId);
      pending = lookups.filter((l) => !l.coordinator).map((l) => l.groupId);
      if (pending.length > 0 && Date.now() > deadline)
        throw new Error(
          `no coordinator for ${pending.length} groups: ${lookups.find((l) => l.error)?.error?.name}`,
        );
      if (pending.length > 0) await sleep(500);
    }
    const broker = await this.internals.broker(this.coordinators.values().next().value!);
    const range = (await broker.apiVersions()).get(OFFSET_COMMIT_KEY);
    const supported = requests.OffsetCommit.versions
      .map(Number)
      .filter((v) => !range || (v >= range.minVersion && v <= range.maxVersion));
    if (supported.length === 0) throw new Error('the broker supports no OffsetCommit version kafkajs knows');
    this.commitVersion = Math.max(...supported);
  }

  /**
   * Commits as a "simple consumer" (generation -1, no member id), which any coordinator accepts
   * for a group without members: one request per group, no join or sync.
   * Initially every group lags 1–10 messages behind; later only the moving groups commit.
   */
  private async commit(initial: boolean, endBeforeRound = 0): Promise<number> {
    const groups = Array.from({ length: this.shape.groups }, (_, i) => i).filter(
      (i) => initial || !isStalled(i),
    );
    const partitions = Array.from({ length: this.shape.partitions }, (_, p) => p);
    await inPool(groups, COMMITS_IN_FLIGHT, async (i) => {
      const groupId = groupName(i);
      const offset = initial ? Math.max(0, this.produced - 1 - (i % 10)) : endBeforeRound;
      const args: OffsetCommitArgs = {
        groupId,
        groupGenerationId: -1,
        memberId: '',
        topics: [
          {
            topic: topicName(topicOfGroup(i, this.shape)),
            partitions: partitions.map((partition) => ({ partition, offset: String(offset) })),
          },
        ],
      };
      for (let attempt = 0; ; attempt++) {
        const broker: BrokerConnection = await this.internals.broker(this.coordinators.get(groupId)!);
        const { request, response } = requests.OffsetCommit.protocol({ version: this.commitVersion })(args);
        const call = { request, response: { decode: response.decode, parse: async (d: unknown) => d } };
        const answer = await broker.send(call as unknown as ProtocolCall<OffsetCommitResponse>);
        const codes = answer.responses.flatMap((t) => t.partitions.map((p) => p.errorCode));
        const failed = codes.find((code) => code !== 0);
        if (failed === undefined) return;
        if (!RETRIABLE_COORDINATOR_ERRORS.has(failed) || attempt >= 20)
          throw new Error(`OffsetCommit for ${groupId} failed with error code ${failed}`);
        await sleep(250);
      }
    });
    return groups.length;
  }
}

let load: Load | undefined;

function reply(message: LoadReply): void {
  process.send?.(message);
}

process.on('message', (command: LoadCommand) => {
  const handle = async (): Promise<LoadReply | undefined> => {
    switch (command.type) {
      case 'setup':
        load = new Load(command.bootstrap, command.shape);
        return { type: 'ready', timings: await load.setup() };
      case 'round':
        return load!.round();
      case 'close':
        await load?.close();
        process.disconnect?.();
        return undefined;
    }
  };
  handle().then(
    (message) => message && reply(message),
    (error: unknown) =>
      reply({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
// The parent died or closed the channel: nothing left to do.
process.on('disconnect', () => {
  void load?.close().finally(() => process.exit(0));
  if (!load) process.exit(0);
});
