/**
 * The message browser on a real one-broker Kafka, through the real Kestrel process over HTTP:
 *   - the latest 100 messages of a partition holding 1,000,000 messages;
 *   - the first 5,000 messages matching a value filter, spread over 100,000 messages
 *     (every 20th matches, so the whole partition is read).
 * Each is asked `--runs` times (default 7) after one warm-up; prints JSON with the median and
 * the range, the answer's size and what the browser read.
 *
 *   npx tsx bench/messages.ts [--runs 7]
 */
import { loadavg } from 'node:os';
import { CompressionTypes } from 'kafkajs';
import { createTopics, kafkaFor } from '../local-kafka/client.ts';
import { startCluster } from '../local-kafka/harness.ts';
import { eventually, getJson, startKestrel } from '../test/support/kestrel-process.ts';
import { median, round } from './stats.ts';

const TOKEN = 'bench-browse-token-8f3a1c5e';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const BATCH = 5_000;

const kafka = await startCluster({ brokers: 1 });
const kestrel = await startKestrel({
  config: {
    adminToken: TOKEN,
    logLevel: 'warn',
    clusters: [{ name: 'bench', brokers: kafka.bootstrap, pollInterval: '15s' }],
    browse: { enabled: true, timeout: '25s', maxBytes: 64 * 1024 * 1024 },
  },
});
try {
  await createTopics(kafka, [
    { topic: 'million', numPartitions: 1, replicationFactor: 1 },
    { topic: 'hundred-thousand', numPartitions: 1, replicationFactor: 1 },
  ]);
  const producer = kafkaFor(kafka, 'bench-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const produceStarted = performance.now();
  const fill = async (topic: string, count: number, value: (i: number) => string) => {
    for (let from = 0; from < count; from += BATCH) {
      await producer.send({
        topic,
        acks: -1,
        // Typical of production topics, and it keeps 1,000,000 records quick to write.
        compression: CompressionTypes.GZIP,
        messages: Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => ({
          key: `key-${from + k}`,
          value: value(from + k),
        })),
      });
    }
  };
  const order = (i: number) =>
    JSON.stringify({ id: i, customer: `c-${i % 977}`, amount: (i * 37) % 10_000, note: 'x'.repeat(40) });
  await fill('million', 1_000_000, order);
  await fill('hundred-thousand', 100_000, (i) => (i % 20 === 0 ? `${order(i)} needle` : order(i)));
  await producer.disconnect();
  const produceSeconds = (performance.now() - produceStarted) / 1000;
  await eventually(
    async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
    60_000,
    'Kestrel ready',
  );

  const measure = async (topic: string, query: string) => {
    const url = `${kestrel.url}/api/v1/clusters/bench/topics/${topic}/messages?${query}`;
    const once = async () => {
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`${url}: ${response.status} ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as {
        messages: unknown[];
        scanned: number;
        stoppedBy: string;
        bytes: number;
      };
      return {
        ms,
        messages: body.messages.length,
        scanned: body.scanned,
        stoppedBy: body.stoppedBy,
        responseBytes: text.length,
      };
    };
    await once(); // warm-up: connections, ApiVersions, JIT
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once());
    const times = results.map((r) => r.ms);
    const { ms: _ms, ...last } = results.at(-1)!;
    return {
      query,
      medianMs: median(times),
      minMs: round(Math.min(...times)),
      maxMs: round(Math.max(...times)),
      ...last,
    };
  };

  const latest100 = await measure('million', 'partitions=0&from=latest&limit=100');
  const filtered = await measure('hundred-thousand', 'partitions=0&from=earliest&limit=5000&value=needle');
  console.log(
    JSON.stringify(
      {
        kafka: kafka.version,
        runs,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
        produceSeconds: Math.round(produceSeconds),
        latest100Of1M: latest100,
        first5000MatchingOf100k: filtered,
      },
      null,
      2,
    ),
  );
} finally {
  await kestrel.stop();
  await kafka.stop();
}
