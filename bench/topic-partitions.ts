/**
 * Metadata (all topics, kafkajs) against DescribeTopicPartitions (KIP-966, paged by its cursor)
 * on one KRaft broker with many partitions: requests and milliseconds to read every partition's
 * leader, replicas and ISR once. Answers whether DescribeTopicPartitions could replace Metadata
 * for the topic part of a cycle. Prints JSON; not a test.
 *
 *   npx tsx bench/topic-partitions.ts [--topics 2000] [--partitions 5] [--runs 10] [--page 2000]
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { withAdmin } from '../local-kafka/client.ts';
import { startCluster } from '../local-kafka/harness.ts';
import {
  describeTopicPartitionsOn,
  KafkaInternals,
  sendKafkajsRequest,
} from '../server/kafka/protocol/index.ts';
import type { MetadataResponse } from '../server/kafka/responses.ts';
import { percentile } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    topics: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '5' },
    runs: { type: 'string', default: '10' },
    page: { type: 'string', default: '2000' },
  },
});
const TOPICS = Number(args.topics);
const PARTITIONS = Number(args.partitions);

const cluster = await startCluster({ brokers: 1 });
try {
  await withAdmin(cluster, async (admin) => {
    for (let i = 0; i < TOPICS; i += 200) {
      const batch = Array.from({ length: Math.min(200, TOPICS - i) }, (_, j) => ({
        topic: `t-${String(i + j).padStart(5, '0')}`,
        numPartitions: PARTITIONS,
        replicationFactor: 1,
      }));
      await admin.createTopics({ topics: batch, waitForLeaders: false, timeout: 60_000 });
    }
  });
  const internals = new KafkaInternals(
    new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }),
  );
  try {
    const broker = await internals.broker((await internals.brokerIds())[0]!);
    const expected = TOPICS * PARTITIONS;
    const led = async () => {
      const metadata = await sendKafkajsRequest<MetadataResponse>(broker, 'Metadata', {
        topics: [],
        allowAutoTopicCreation: false,
      });
      return metadata.topicMetadata.flatMap((t) => t.partitionMetadata).filter((p) => p.leader >= 0).length;
    };
    const deadline = Date.now() + 300_000;
    while ((await led()) < expected) {
      if (Date.now() > deadline) throw new Error(`not all ${expected} partitions have a leader after 300 s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const time = async (work: () => Promise<number>) => {
      const ms: number[] = [];
      let pages = 0;
      for (let i = 0; i < Number(args.runs); i++) {
        const started = performance.now();
        pages = await work();
        ms.push(performance.now() - started);
      }
      return { requests: pages, medianMs: percentile(ms, 50), p90Ms: percentile(ms, 90) };
    };
    const metadata = await time(async () => {
      await led();
      return 1;
    });
    const describe = await time(async () => {
      const result = await describeTopicPartitionsOn(broker, [], Number(args.page));
      const partitions = result.topics.reduce((sum, t) => sum + t.partitions.length, 0);
      if (partitions < expected) throw new Error(`DescribeTopicPartitions gave ${partitions} of ${expected}`);
      return result.pages;
    });
    console.log(
      JSON.stringify(
        {
          kafka: cluster.version,
          topics: TOPICS,
          partitions: expected,
          metadata,
          describeTopicPartitions: describe,
        },
        null,
        2,
      ),
    );
  } finally {
    await internals.disconnect();
  }
} finally {
  await cluster.stop();
}
