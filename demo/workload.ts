// The demo's sample traffic: producers and four consumer groups, one for each state worth seeing.
import { type Consumer, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { createTopics, kafkaFor } from '../local-kafka/client.ts';
import type { KafkaCluster } from '../local-kafka/harness.ts';

/** What each demo group is meant to show, for the banner and the demo's test. */
export const DEMO_GROUPS = {
  billing: { topic: 'orders', shows: 'healthy: keeps up (OK)' },
  analytics: { topic: 'clicks', shows: 'lagging: consumes slower than produced (WARN)' },
  audit: { topic: 'orders', shows: 'stalled: member alive, commits frozen (STALL)' },
  reports: { topic: 'clicks', shows: 'Empty: committed once, then left (STOP)' },
} as const;

export type DemoGroup = keyof typeof DEMO_GROUPS;

const PARTITIONS = 3;
/** Messages per partition per tick; one tick every TICK_MS. `clicks` outpaces `analytics` 5:1. */
const RATES = { orders: 2, clicks: 5 } as const;
const TICK_MS = 500;
/** `analytics` takes this long per message on each partition: ~2 messages/s against 10 produced. */
const SLOW_CONSUMER_MS = 500;

export interface Workload {
  stop(): Promise<void>;
}

export async function startWorkload(cluster: Pick<KafkaCluster, 'bootstrap'>): Promise<Workload> {
  await createTopics(
    cluster,
    Object.keys(RATES).map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 3 })),
  );
  const kafka = kafkaFor(cluster, 'kestrel-demo');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const stopProducing = produceForever(producer);

  // `reports` ran once, long ago: it read what was there, committed and left. Empty, with old commits.
  await sleep(2 * TICK_MS);
  await consumeOnceAndLeave(kafka, 'reports', DEMO_GROUPS.reports.topic);

  const consumers = await Promise.all([
    startConsumer(kafka, 'billing', { commitEveryMs: 200 }),
    startConsumer(kafka, 'analytics', { commitEveryMs: 1000, perMessageMs: SLOW_CONSUMER_MS }),
    startConsumer(kafka, 'audit', { commitFirstOnly: true }),
  ]);

  return {
    async stop() {
      await stopProducing();
      await Promise.allSettled(consumers.map((c) => withTimeout(c.disconnect(), 10_000)));
      await withTimeout(producer.disconnect(), 10_000).catch(() => undefined);
    },
  };
}

/** Sends a tick of messages to every partition of each topic until stopped; a failed send is retried next tick. */
function produceForever(producer: Producer): () => Promise<void> {
  let running = true;
  let sequence = 0;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: Object.entries(RATES).map(([topic, perPartition]) => ({
            topic,
            messages: Array.from({ length: PARTITIONS * perPartition }, (_, i) => ({
              partition: i % PARTITIONS,
              value: JSON.stringify({ n: sequence++, at: new Date().toISOString() }),
            })),
          })),
        });
      } catch (error) {
        console.error(`demo producer: ${(error as Error).message} (retrying)`);
      }
      await sleep(Math.max(0, TICK_MS - (Date.now() - started)));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

interface ConsumerBehaviour {
  commitEveryMs?: number;
  /** Simulated work per message; slows the group below the produce rate. */
  perMessageMs?: number;
  /** Commit the first message of each partition, then never again: alive but stuck. */
  commitFirstOnly?: boolean;
}

async function startConsumer(
  kafka: Kafka,
  groupId: DemoGroup,
  behaviour: ConsumerBehaviour,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 250,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: DEMO_GROUPS[groupId].topic, fromBeginning: true });
  const committedOnce = new Set<number>();
  await consumer.run({
    autoCommit: !behaviour.commitFirstOnly,
    autoCommitInterval: behaviour.commitEveryMs ?? 1000,
    // One worker per partition, so a slow consumer still moves every partition (not STALL).
    partitionsConsumedConcurrently: PARTITIONS,
    eachMessage: async ({ topic, partition, message }) => {
      if (behaviour.perMessageMs) await sleep(behaviour.perMessageMs);
      if (behaviour.commitFirstOnly && !committedOnce.has(partition)) {
        committedOnce.add(partition);
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
      }
    },
  });
  return consumer;
}

/** Reads everything there is now, commits it, and leaves the group. */
async function consumeOnceAndLeave(kafka: Kafka, groupId: DemoGroup, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > 0).map((p) => [p.partition, Number(p.high)]));
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await withTimeout(
      new Promise<void>((done, fail) => {
        consumer
          .run({
            autoCommitInterval: 100,
            eachMessage: async ({ partition, message }) => {
              if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
              if (remaining.size === 0) done();
            },
          })
          .catch(fail);
      }),
      60_000,
    );
  } finally {
    // Stopping commits what was consumed; disconnecting leaves the group Empty.
    await consumer.disconnect();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
