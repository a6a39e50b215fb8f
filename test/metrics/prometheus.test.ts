// A real Prometheus scrapes the real Kestrel service, which watches a real 3-broker Kafka.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, kafkaFor, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { freePort } from '../../local-kafka/ports.ts';
import { eventually, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';
import {
  binaryOrSkip,
  type PrometheusServer,
  type PromSample,
  requireBinary,
  run,
  startPrometheus,
} from './support.ts';

const prometheusBinary = binaryOrSkip('prometheus');
const promtoolBinary = binaryOrSkip('promtool');

const TOPIC = 'orders';
const GROUP = 'lagging-readers';
const COMMITTED = [3, 0, 7];

describe.skipIf(prometheusBinary.skip || promtoolBinary.skip)(
  `Prometheus scraping Kestrel${prometheusBinary.skipNote}${promtoolBinary.skipNote}`,
  () => {
    let kafka: KafkaCluster;
    let kestrel: KestrelProcess;
    let prometheus: PrometheusServer;
    let metricsPort: number;
    let endOffsets: number[];

    beforeAll(async () => {
      const binary = requireBinary(prometheusBinary.path, 'prometheus');
      requireBinary(promtoolBinary.path, 'promtool');
      kafka = await startCluster({ brokers: 3 });
      await createTopics(kafka, [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }]);
      await withAdmin(kafka, async (admin) => {
        const producer = kafkaFor(kafka).producer({ idempotent: true, maxInFlightRequests: 1 });
        await producer.connect();
        try {
          for (const [partition, count] of [20, 10, 15].entries()) {
            await producer.send({
              topic: TOPIC,
              acks: -1,
              messages: Array.from({ length: count }, (_, i) => ({ value: `m${i}`, partition })),
            });
          }
        } finally {
          await producer.disconnect();
        }
        await admin.setOffsets({
          groupId: GROUP,
          topic: TOPIC,
          partitions: COMMITTED.map((offset, partition) => ({ partition, offset: String(offset) })),
        });
        const offsets = await admin.fetchTopicOffsets(TOPIC);
        endOffsets = [0, 1, 2].map((p) => Number(offsets.find((o) => o.partition === p)!.high));
      });

      metricsPort = await freePort();
      kestrel = await startKestrel({
        config: {
          metrics: { port: metricsPort },
          clusters: [{ name: 'itest', brokers: kafka.bootstrap, pollInterval: '1s', requestTimeout: '3s' }],
        },
      });
      prometheus = await startPrometheus(binary, [`127.0.0.1:${metricsPort}`]);
    });

    afterAll(async () => {
      await prometheus?.stop();
      await kestrel?.stop();
      await kafka?.stop();
    });

    /** Waits until `expr` returns samples that `check` accepts, and returns them. */
    const queryUntil = (expr: string, check: (samples: PromSample[]) => boolean, timeoutMs = 60_000) =>
      eventually(
        async () => {
          const samples = await prometheus.query(expr);
          return check(samples) ? samples : undefined;
        },
        timeoutMs,
        `${expr} (prometheus output: ${prometheus?.output().slice(-2000)})`,
      );
    const byPartition = (samples: PromSample[]) =>
      Object.fromEntries(samples.map((s) => [s.metric.partition, s.value]));

    it('serves a scrape that promtool finds no problem in, on both ports', async () => {
      const text = await eventually(
        async () => {
          const response = await fetch(`${kestrel.url}/metrics`);
          const body = await response.text();
          return body.includes(`consumergroup="${GROUP}"`) ? body : undefined;
        },
        60_000,
        'the lagging group in /metrics',
      );
      const result = await run(promtoolBinary.path!, ['check', 'metrics'], text);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);

      const separate = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
        headers: { accept: 'application/openmetrics-text;version=1.0.0' },
      });
      expect(separate.headers.get('content-type')).toContain('application/openmetrics-text');
      expect(await separate.text()).toContain('# EOF');
    });

    it('gives Prometheus the lag the test created, per partition and summed', async () => {
      await queryUntil('up{job="kestrel"}', (s) => s.length === 1 && s[0]!.value === 1);
      const expected = endOffsets.map((end, p) => end - COMMITTED[p]!);
      const lag = await queryUntil(
        `kafka_consumergroup_lag{consumergroup="${GROUP}",topic="${TOPIC}"}`,
        (s) => s.length === 3,
      );
      expect(byPartition(lag)).toEqual({ '0': expected[0], '1': expected[1], '2': expected[2] });
      for (const sample of lag) expect(sample.metric).toMatchObject({ cluster: 'itest', job: 'kestrel' });

      const sum = await prometheus.query(`kafka_consumergroup_lag_sum{consumergroup="${GROUP}"}`);
      expect(sum.map((s) => s.value)).toEqual([expected.reduce((a, b) => a + b, 0)]);
      const committed = await prometheus.query(
        `kafka_consumergroup_current_offset{consumergroup="${GROUP}"}`,
      );
      expect(byPartition(committed)).toEqual({ '0': COMMITTED[0], '1': COMMITTED[1], '2': COMMITTED[2] });
      const ends = await prometheus.query(`kafka_topic_partition_current_offset{topic="${TOPIC}"}`);
      expect(byPartition(ends)).toEqual({ '0': endOffsets[0], '1': endOffsets[1], '2': endOffsets[2] });
      expect((await prometheus.query('kafka_brokers{cluster="itest"}')).map((s) => s.value)).toEqual([3]);
      expect((await prometheus.query('kestrel_cluster_up{cluster="itest"}')).map((s) => s.value)).toEqual([
        1,
      ]);
      const isr = await prometheus.query(`kafka_topic_partition_in_sync_replica{topic="${TOPIC}"}`);
      expect(isr.map((s) => s.value)).toEqual([3, 3, 3]);
      // Lag in seconds is there, and never negative.
      const seconds = await prometheus.query(`kestrel_consumergroup_lag_seconds{consumergroup="${GROUP}"}`);
      expect(seconds.length).toBeGreaterThan(0);
      for (const s of seconds) expect(s.value).toBeGreaterThanOrEqual(0);
    });

    it('shows the partitions under-replicated and the broker down after a broker is killed', async () => {
      const [controller] = await queryUntil(
        'kestrel_controller_id{cluster="itest"}',
        (s) => s.length === 1 && s[0]!.value > 0,
      );
      const victim = kafka.brokers.find((b) => b.id !== controller!.value)!.id;
      await kafka.killBroker(victim);

      const urp = await queryUntil(
        `kafka_topic_partition_under_replicated_partition{topic="${TOPIC}"} == 1`,
        (s) => s.length === 3,
        90_000,
      );
      expect(urp.map((s) => s.metric.partition).sort()).toEqual(['0', '1', '2']);
      const topicUrp = await queryUntil(
        `kestrel_topic_under_replicated_partitions{topic="${TOPIC}"}`,
        (s) => s.length === 1 && s[0]!.value === 3,
      );
      expect(topicUrp[0]!.metric.cluster).toBe('itest');
      const isr = await prometheus.query(`kafka_topic_partition_in_sync_replica{topic="${TOPIC}"}`);
      expect(isr.map((s) => s.value)).toEqual([2, 2, 2]);
      await queryUntil(`kestrel_broker_up{broker="${victim}"}`, (s) => s.length === 1 && s[0]!.value === 0);
      const shrinks = await queryUntil(
        `sum(kestrel_isr_shrinks_total{topic="${TOPIC}",broker="${victim}"})`,
        (s) => s.length === 1 && s[0]!.value >= 3,
      );
      expect(shrinks[0]!.value).toBe(3);
      expect((await prometheus.query('kafka_brokers{cluster="itest"}')).map((s) => s.value)).toEqual([2]);
    });
  },
);
