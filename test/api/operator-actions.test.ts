// Operator actions end to end (issue 17): offset resets, offset and group deletion, topic config
// edits, through the real service (a child process) against a real one-broker Kafka. The truth is
// Kafka's own tools: kafka-consumer-groups and kafka-configs say what changed, and what did not.
// One cluster and one Kestrel serve the suites (test/api/operator-actions/), in this order: each
// reads the offsets and audit rows the one before left.
import { afterAll, beforeAll, describe } from 'vitest';
import { consume, createTopics, produce } from '../../local-kafka/client.ts';
import { startCluster } from '../../local-kafka/harness.ts';
import { eventually, getJson, startKestrel } from '../support/kestrel-process.ts';
import { groupOffsets } from './operator-actions/group-offsets.ts';
import { tokenRefusals } from './operator-actions/tokens.ts';
import { topicConfigEdits } from './operator-actions/topic-configs.ts';
import { type OperatorFixture, TOKEN } from './support/operator-fixture.ts';

describe('operator actions against a real Kafka', () => {
  const f = {} as OperatorFixture;

  beforeAll(async () => {
    f.kafka = await startCluster({ brokers: 1 });
    await createTopics(f.kafka, [
      { topic: 'orders', numPartitions: 3 },
      { topic: 'audit', numPartitions: 1 },
    ]);
    await produce(f.kafka, 'orders', 30);
    await produce(f.kafka, 'audit', 5);
    // kafkajs consumers: classic groups that commit on stop and leave, so the groups are Empty.
    await consume(f.kafka, 'orders', 'billing', 30);
    await consume(f.kafka, 'audit', 'billing', 5);
    await consume(f.kafka, 'orders', 'live', 30);
    await consume(f.kafka, 'audit', 'spare', 5);
    f.kestrel = await startKestrel({
      config: {
        adminToken: TOKEN,
        clusters: [{ name: 'local', brokers: f.kafka.bootstrap, pollInterval: '2s' }],
      },
    });
    await eventually(
      async () => ((await getJson(`${f.kestrel.url}/readyz`)).status === 200 ? true : undefined),
      60_000,
      'Kestrel ready',
    );
  });
  afterAll(async () => {
    await f.live?.stop();
    await f.kestrel?.stop();
    await f.kafka?.stop();
  });

  groupOffsets(f);
  topicConfigEdits(f);
  tokenRefusals(f);
});
