// Small kafkajs helpers for tests against a harness cluster.
import { type Admin, type ITopicConfig, Kafka, logLevel, Partitioners } from 'kafkajs';
import type { KafkaCluster } from './harness.ts';

export function kafkaFor(cluster: Pick<KafkaCluster, 'bootstrap'>, clientId = 'kestrel-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: cluster.bootstrap.split(','),
    // Brokers come and go on purpose in these tests; kafkajs would log every reconnect.
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
  });
}

export async function withAdmin<T>(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  use: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = kafkaFor(cluster).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates topics and waits until every broker knows every partition's leader. kafkajs's own
 * `waitForLeaders` gives up when it asks a broker that has not heard of the topic yet, which
 * happens on multi-broker clusters (UNKNOWN_TOPIC_OR_PARTITION).
 */
export async function createTopics(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  topics: ITopicConfig[],
  timeoutMs = 30_000,
): Promise<void> {
  await withAdmin(cluster, async (admin) => {
    await admin.createTopics({ topics, waitForLeaders: false });
    const names = topics.map((t) => t.topic);
    const ready = await pollUntil(
      () => partitionStates(admin, names),
      (states) => states.length > 0 && states.every((s) => s.leader >= 0),
      timeoutMs,
      200,
    );
    if (!ready.ok) {
      const leaderless = (ready.value ?? [])
        .filter((s) => s.leader < 0)
        .map((s) => `${s.topic}-${s.partition}`);
      const seen = ready.value?.length
        ? `leaderless: ${leaderless.join(', ')}`
        : `last error: ${ready.error}`;
      throw new Error(
        `Waited ${timeoutMs} ms for every partition of ${names.join(', ')} to have a leader in Metadata (${seen})`,
      );
    }
  });
}

/**
 * Sends `count` keyed messages, each exactly once, and waits for all replicas in the ISR to have
 * them (acks=all). Idempotent: a plain producer that retries a request the broker had in fact
 * written (common right after topic creation or a broker restart) would write duplicates and
 * throw off every offset count in a test.
 */
export async function produce(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  topic: string,
  count: number,
): Promise<void> {
  const producer = kafkaFor(cluster).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    // kafkajs retries an idempotent producer Number.MAX_SAFE_INTEGER times by default: a send
    // that cannot succeed would hang the test until its timeout without saying why.
    retry: { retries: 10, maxRetryTime: 5000 },
  });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({ key: `key-${i}`, value: `value-${i}` })),
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Consumes from the beginning with a group until `count` distinct messages arrived, then stops
 * the consumer, which commits the group's offsets. Returns the message values.
 * Delivery is at-least-once (a rebalance can hand out a batch twice), so redeliveries of the
 * same partition offset are counted once.
 */
export async function consume(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  topic: string,
  groupId: string,
  count: number,
  timeoutMs = 60_000,
): Promise<string[]> {
  const consumer = kafkaFor(cluster).consumer({ groupId });
  const values = new Map<string, string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`Consumed ${values.size} of ${count} messages from ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            values.set(`${partition}:${message.offset}`, message.value?.toString() ?? '');
            if (values.size >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.stop();
  } finally {
    await consumer.disconnect();
  }
  return [...values.values()];
}

export interface PartitionState {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** Leader, replicas and ISR of every partition of the topics, from a fresh Metadata request. */
export async function partitionStates(admin: Admin, topics: string[]): Promise<PartitionState[]> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return metadata.flatMap((topic) =>
    topic.partitions
      .map((p) => ({
        topic: topic.name,
        partition: p.partitionId,
        leader: p.leader,
        replicas: [...p.replicas].sort((a, b) => a - b),
        isr: [...p.isr].sort((a, b) => a - b),
      }))
      .sort((a, b) => a.partition - b.partition),
  );
}

/** Polls until `check` returns true or the time is up; returns the last value seen either way. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 500,
): Promise<{ value: T | undefined; ok: boolean; error?: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: T | undefined; ok: boolean; error?: unknown } = { value: undefined, ok: false };
  while (Date.now() < deadline) {
    try {
      const value = await read();
      last = { value, ok: check(value) };
      if (last.ok) return last;
    } catch (error) {
      // A broker that was just killed can fail a request; the next poll goes elsewhere.
      last = { ...last, error };
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return last;
}
