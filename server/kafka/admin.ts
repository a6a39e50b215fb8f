import { type Admin, Kafka } from 'kafkajs';
import type { ClusterConfig } from '../config/index.ts';
import type { Logger } from '../shared/logger.ts';
import { kafkaOptions } from './options.ts';

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Readonly<Record<string, string>>;
}

/** Why Kafka refused an admin request, in terms a caller can turn into an answer. */
export type RefusalKind =
  | 'exists'
  | 'unknown'
  | 'invalid'
  | 'forbidden'
  | 'deletion_disabled'
  | 'unavailable';

export class AdminRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    /** Kafka's error name (TOPIC_ALREADY_EXISTS...), when Kafka answered. */
    readonly kafkaError: string | null,
    message: string,
  ) {
    super(message);
  }
}

const KINDS: Record<string, RefusalKind> = {
  TOPIC_ALREADY_EXISTS: 'exists',
  UNKNOWN_TOPIC_OR_PARTITION: 'unknown',
  UNKNOWN_TOPIC_ID: 'unknown',
  TOPIC_DELETION_DISABLED: 'deletion_disabled',
  TOPIC_AUTHORIZATION_FAILED: 'forbidden',
  CLUSTER_AUTHORIZATION_FAILED: 'forbidden',
  POLICY_VIOLATION: 'invalid',
  INVALID_PARTITIONS: 'invalid',
  INVALID_REPLICATION_FACTOR: 'invalid',
  INVALID_REPLICA_ASSIGNMENT: 'invalid',
  INVALID_CONFIG: 'invalid',
  INVALID_TOPIC_EXCEPTION: 'invalid',
  INVALID_REQUEST: 'invalid',
};

/**
 * The mutating admin requests, one kafkajs admin client per cluster, connected on first use.
 * These are the only Kafka calls made on behalf of an HTTP request; everything else is read
 * from the collector's snapshots.
 */
export class TopicAdmin {
  private admin: Promise<Admin> | undefined;
  private readonly kafka: Kafka;

  constructor(
    private readonly config: ClusterConfig,
    logger: Logger,
  ) {
    this.kafka = new Kafka(kafkaOptions(config, logger));
  }

  async createTopic(topic: NewTopic): Promise<void> {
    const created = await this.call((admin) =>
      admin.createTopics({
        topics: [
          {
            topic: topic.name,
            numPartitions: topic.partitions,
            replicationFactor: topic.replicationFactor,
            configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
          },
        ],
        timeout: this.config.requestTimeout,
        // kafkajs' wait asks a broker that may not know the new topic yet and then throws
        // UNKNOWN_TOPIC_OR_PARTITION for a topic that was created. The next poll shows it.
        waitForLeaders: false,
      }),
    );
    // kafkajs reports an existing topic as `false`, not as an error.
    if (!created)
      throw new AdminRefusal('exists', 'TOPIC_ALREADY_EXISTS', `topic ${topic.name} already exists`);
  }

  async deleteTopic(name: string): Promise<void> {
    await this.call((admin) => admin.deleteTopics({ topics: [name], timeout: this.config.requestTimeout }));
  }

  /** Grows the topic to `count` partitions in total. */
  async createPartitions(name: string, count: number): Promise<void> {
    await this.call((admin) =>
      admin.createPartitions({
        topicPartitions: [{ topic: name, count }],
        timeout: this.config.requestTimeout,
      }),
    );
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async call<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      return await use(await this.connected());
    } catch (error) {
      throw refusal(error);
    }
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(
        () => admin,
        (error: unknown) => {
          this.admin = undefined; // the next request tries again
          throw error;
        },
      );
    }
    return this.admin;
  }
}

interface KafkajsError {
  type?: unknown;
  message?: unknown;
  errors?: unknown;
  originalError?: unknown;
  cause?: unknown;
}

/** Finds Kafka's error name inside kafkajs' wrappers (retry, aggregate, per-topic errors). */
export function refusal(error: unknown): AdminRefusal {
  if (error instanceof AdminRefusal) return error;
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift() as KafkajsError | null | undefined;
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.type === 'string' && Object.hasOwn(KINDS, e.type)) {
      return new AdminRefusal(KINDS[e.type]!, e.type, String(e.message ?? e.type));
    }
    if (Array.isArray(e.errors)) queue.push(...e.errors);
    queue.push(e.originalError, e.cause);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AdminRefusal('unavailable', null, message);
}
