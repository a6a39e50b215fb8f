// The backlog doctor on a real single-node cluster: retention risk and lost messages on a
// topic whose retention is seconds long, the parallelism finding of one slow member on six
// partitions, and the skew of a producer that writes to one partition only. Alert rules are
// evaluated on the collector's real snapshots.
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule } from '../../alerts/rules/evaluate.ts';
import { createTopics, kafkaFor, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import type { ClusterSnapshot } from '../../server/collector/index.ts';
import { ruleSchema } from '../../server/config/alert-rules.ts';
import { kafkaGetOffsets } from '../kafka/tools.ts';
import { cycleUntil, produceAt, sleep, type Watched, watch } from './support.ts';

const diagnosisOf = (s: ClusterSnapshot, group: string) => s.diagnosis.groups.find((g) => g.group === group);

async function commitOffsets(kafka: KafkaCluster, groupId: string, topic: string, offsets: number[]) {
  await withAdmin(kafka, (admin) =>
    admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map((offset, partition) => ({ partition, offset: String(offset) })),
    }),
  );
}

describe('backlog doctor on a real cluster', () => {
  let kafka: KafkaCluster;
  let watched: Watched;

  beforeAll(async () => {
    // Retention is checked every second instead of every five minutes.
    kafka = await startCluster({ brokers: 1, brokerConfig: { 'log.retention.check.interval.ms': '1000' } });
    watched = watch(kafka);
  });
  afterAll(async () => {
    await watched?.close();
    await kafka?.stop();
  });

  it('retentionRisk fires before the segment is deleted, dataLost after, counting log start − committed', async () => {
    const topic = 'expiring';
    await createTopics(kafka, [
      {
        topic,
        numPartitions: 1,
        configEntries: [
          { name: 'retention.ms', value: '20000' },
          { name: 'segment.ms', value: '2000' },
        ],
      },
    ]);
    await produceAt(kafka, topic, 50);
    // A stopped group that read 10 messages.
    await commitOffsets(kafka, 'archiver', topic, [10]);
    const risk = ruleSchema.parse({
      name: 'Risk',
      kind: 'retentionRisk',
      threshold: '15s',
      group: 'archiver',
    });
    const lost = ruleSchema.parse({ name: 'Lost', kind: 'dataLost', group: 'archiver' });

    const before = await cycleUntil(
      watched,
      (s) => ((evaluateRule(risk, s, undefined) ?? []).length > 0 ? s : undefined),
      30_000,
      (s) => diagnosisOf(s, 'archiver')?.retention,
    );
    const [alert] = evaluateRule(risk, before, undefined)!;
    expect(alert).toMatchObject({
      labels: { group: 'archiver', topic },
      vars: { by: 'retention.ms', lag: 40 },
    });
    // The rule fires below 15 s; the value it reports is rounded, so 14.6 s reads as 15.
    expect(alert!.value).toBeLessThanOrEqual(15);
    expect(alert!.value).toBeGreaterThan(0);
    // Not deleted yet: the log starts at 0 and nothing is lost.
    expect(before.topics.find((t) => t.name === topic)?.partitions[0]?.startOffset).toBe(0);
    expect(evaluateRule(lost, before, undefined)).toEqual([]);

    const after = await cycleUntil(
      watched,
      (s) => ((evaluateRule(lost, s, undefined) ?? []).length > 0 ? s : undefined),
      60_000,
      (s) => s.topics.find((t) => t.name === topic)?.partitions,
    );
    const earliest = (await kafkaGetOffsets(kafka, topic, -2)).get(0)!;
    expect(earliest).toBeGreaterThan(10);
    const [dataLost] = evaluateRule(lost, after, undefined)!;
    expect(dataLost).toMatchObject({ labels: { group: 'archiver', topic }, value: earliest - 10 });
    const finding = diagnosisOf(after, 'archiver')!.findings[0]!;
    expect(finding).toMatchObject({ kind: 'dataLost', evidence: { lostMessages: earliest - 10 } });
  });

  it('one slow member on six partitions: the parallelism finding', async () => {
    const topic = 'six';
    await createTopics(kafka, [{ topic, numPartitions: 6 }]);
    const producer = kafkaFor(kafka).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    let producing = true;
    const production = (async () => {
      let i = 0;
      while (producing) {
        await producer.send({ topic, messages: Array.from({ length: 12 }, () => ({ value: `m${i++}` })) });
        await sleep(500);
      }
    })();
    const consumer = kafkaFor(kafka, 'slow-consumer').consumer({
      groupId: 'slow',
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // The slow handler: about 5 messages a second while 24 arrive.
    await consumer.run({
      autoCommitInterval: 500,
      eachMessage: async () => {
        await sleep(200);
      },
    });
    try {
      const finding = await cycleUntil(
        watched,
        (s) => diagnosisOf(s, 'slow')?.findings.find((f) => f.kind === 'parallelism'),
        60_000,
        (s) => diagnosisOf(s, 'slow'),
      );
      expect(finding.evidence).toMatchObject({ members: 1, partitions: 6, room: 5, topMemberShare: 1 });
      expect(finding.message.en).toContain('1 member consumes 6 partitions');
    } finally {
      producing = false;
      await production;
      await Promise.all([consumer.disconnect(), producer.disconnect()]);
    }
  });

  it('a producer that sends every record to one partition: key skew, size skew and lag skew', async () => {
    const topic = 'hot';
    await createTopics(kafka, [{ topic, numPartitions: 4 }]);
    await commitOffsets(kafka, 'hot-reader', topic, [0, 0, 0, 0]);
    const producer = kafkaFor(kafka).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    let findings: ClusterSnapshot | undefined;
    let last: ClusterSnapshot | undefined;
    try {
      // Bounded: each round writes 400 records of 300 bytes to partition 2 between two cycles.
      for (let round = 0; round < 20 && !findings; round++) {
        await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: 400 }, () => ({ partition: 2, value: 'x'.repeat(300) })),
        });
        last = await watched.cycle();
        const topicKinds =
          last.diagnosis.topics.find((d) => d.topic === topic)?.findings.map((f) => f.kind) ?? [];
        const groupKinds = diagnosisOf(last, 'hot-reader')?.findings.map((f) => f.kind) ?? [];
        if (
          topicKinds.includes('keySkew') &&
          topicKinds.includes('sizeSkew') &&
          groupKinds.includes('lagSkew')
        )
          findings = last;
      }
    } finally {
      await producer.disconnect();
    }
    expect(
      findings,
      `skew findings never showed; last: ${JSON.stringify(last?.diagnosis.topics.find((d) => d.topic === topic))}`,
    ).toBeDefined();
    const t = findings!.diagnosis.topics.find((d) => d.topic === topic)!;
    expect(t.rateSkew).toMatchObject({ topPartition: 2, topShare: 1, maxOverMean: 4 });
    expect(t.sizeSkew).toMatchObject({ topPartition: 2, topShare: 1 });
    expect(diagnosisOf(findings!, 'hot-reader')?.lagSkew[0]).toMatchObject({
      topic,
      topPartition: 2,
      topShare: 1,
    });
  });
});
