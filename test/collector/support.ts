// A ClusterCollection on a harness cluster, with quick ways to drive producers and consumers.
import { type Consumer, Partitioners } from 'kafkajs';
import { pino } from 'pino';
import { kafkaFor } from '../../local-kafka/client.ts';
import type { KafkaCluster } from '../../local-kafka/harness.ts';
import { ClusterCollection, type ClusterSnapshot } from '../../server/collector/index.ts';
import { type ClusterConfig, loadConfig } from '../../server/config/index.ts';
import { ClusterClient } from '../../server/kafka/index.ts';

export interface Watched {
  config: ClusterConfig;
  client: ClusterClient;
  collection: ClusterCollection;
  /** Runs one cycle now. */
  cycle(): Promise<ClusterSnapshot>;
  close(): Promise<void>;
}

export function watch(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  env: Record<string, string> = {},
  overrides: Partial<ClusterConfig> = {},
): Watched {
  const { config } = loadConfig({
    env: { KAFKA_BROKERS: cluster.bootstrap, KAFKA_POLL_INTERVAL: '1s', KAFKA_REQUEST_TIMEOUT: '3s', ...env },
  });
  const clusterConfig = { ...config.clusters[0]!, ...overrides };
  const client = new ClusterClient(clusterConfig, pino({ level: 'silent' }));
  const collection = new ClusterCollection(clusterConfig, client);
  return {
    config: clusterConfig,
    client,
    collection,
    cycle: () => collection.cycle(),
    close: () => client.close(),
  };
}

/** Cycles every `intervalMs` until `check` returns a value, like the poll loop would. */
export async function cycleUntil<T>(
  watched: Watched,
  check: (snapshot: ClusterSnapshot) => T | undefined | false,
  timeoutMs = 30_000,
  explain: (snapshot: ClusterSnapshot) => unknown = (s) => s.errors,
  intervalMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterSnapshot | undefined;
  while (Date.now() < deadline) {
    last = await watched.cycle();
    const value = check(last);
    if (value !== undefined && value !== false) return value;
    await sleep(intervalMs);
  }
  throw new Error(
    `condition not met in ${timeoutMs} ms; last snapshot: ${JSON.stringify(last && explain(last))}`,
  );
}

/** Cycles every second in the background, as the poll loop does, until stopped. */
export function pollInBackground(watched: Watched): {
  latest(): ClusterSnapshot | undefined;
  /** Resolves with the first snapshot for which `check` holds (bounded, like cycleUntil). */
  until(
    check: (snapshot: ClusterSnapshot) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<ClusterSnapshot>;
  stop(): Promise<void>;
} {
  let latest: ClusterSnapshot | undefined;
  let running = true;
  const waiters = new Set<(snapshot: ClusterSnapshot) => void>();
  const loop = (async () => {
    while (running) {
      latest = await watched.cycle();
      for (const waiter of waiters) waiter(latest);
      await sleep(1000);
    }
  })();
  return {
    latest: () => latest,
    until: (check, timeoutMs, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no snapshot within ${timeoutMs} ms in which ${what}`));
        }, timeoutMs);
        const waiter = (snapshot: ClusterSnapshot) => {
          if (!check(snapshot)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(snapshot);
        };
        waiters.add(waiter);
      }),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Produces `count` messages, optionally with an explicit record timestamp (CreateTime). */
export async function produceAt(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  topic: string,
  count: number,
  options: { partition?: number; timestamp?: number } = {},
): Promise<void> {
  const producer = kafkaFor(cluster).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({
        value: `m${i}`,
        partition: options.partition,
        timestamp: options.timestamp === undefined ? undefined : String(options.timestamp),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** A consumer in `groupId` that consumes (and auto-commits) until stopped. */
export async function runConsumer(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  groupId: string,
  topic: string,
): Promise<Consumer> {
  const consumer = kafkaFor(cluster, `client-${groupId}`).consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommitInterval: 200, eachMessage: async () => undefined });
  return consumer;
}
