// Paging, sorting and filtering of the topic list against what a real Kafka holds: 520 topics
// on one broker, every page compared with the broker's own metadata.
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, kafkaFor } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const TOPICS = 520;
const name = (i: number) => `list-${String(i).padStart(4, '0')}`;

interface TopicPage {
  items: { name: string; partitions: number; internal: boolean }[];
  total: number;
}

describe('the topic list over 500+ real topics', () => {
  let kafka: KafkaCluster;
  let admin: Admin;
  let kestrel: KestrelProcess;
  /** Kafka's own view: topic name → partition count. */
  let truth: Map<string, number>;

  const page = async (query: string): Promise<TopicPage> => {
    const { status, body } = await getJson(`${kestrel.url}/api/v1/clusters/local/topics?${query}`);
    expect(status).toBe(200);
    return body as unknown as TopicPage;
  };

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 1 });
    // 1 to 3 partitions, so sorting by partitions has ties that the name must break.
    const topics = Array.from({ length: TOPICS }, (_, i) => ({ topic: name(i), numPartitions: 1 + (i % 3) }));
    for (let i = 0; i < topics.length; i += 130) await createTopics(kafka, topics.slice(i, i + 130), 60_000);
    admin = kafkaFor(kafka).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: await admin.listTopics() });
    truth = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    kestrel = await startKestrel({
      config: { clusters: [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '2s' }] },
    });
    await eventually(
      async () => ((await page('pageSize=1')).total >= TOPICS ? true : undefined),
      60_000,
      'every topic in the snapshot',
    );
  });
  afterAll(async () => {
    await kestrel?.stop();
    await admin?.disconnect();
    await kafka?.stop();
  });

  it('pages through every topic Kafka has, by name, without gaps or repeats', async () => {
    const seen: string[] = [];
    const first = await page('sort=name&pageSize=100&page=1');
    expect(first.total).toBe(truth.size);
    for (let p = 1; p <= Math.ceil(first.total / 100); p++) {
      const { items } = await page(`sort=name&pageSize=100&page=${p}`);
      for (const item of items) {
        expect(item.partitions).toBe(truth.get(item.name));
        seen.push(item.name);
      }
    }
    expect(seen).toEqual([...truth.keys()].sort());
  });

  it('sorts by partition count, descending, with ties broken by name', async () => {
    const expected = [...truth.entries()]
      .sort(([a, pa], [b, pb]) => pb - pa || (a < b ? -1 : 1))
      .map(([topic]) => topic);
    const second = await page('sort=partitions&order=desc&pageSize=50&page=2');
    expect(second.items.map((t) => t.name)).toEqual(expected.slice(50, 100));
    const last = await page(`sort=partitions&order=desc&pageSize=50&page=${Math.ceil(truth.size / 50)}`);
    expect(last.items.map((t) => t.name)).toEqual(expected.slice(-last.items.length));
  });

  it('filters by name and says how many match', async () => {
    const matching = [...truth.keys()].filter((t) => t.includes('list-01')).sort();
    const filtered = await page('q=list-01&sort=name&pageSize=500');
    expect(filtered.total).toBe(matching.length);
    expect(filtered.items.map((t) => t.name)).toEqual(matching);
  });
});
