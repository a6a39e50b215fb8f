// Broker-level collection: JMX metrics from the exporter agent, a hung broker, and leader balance
// after a broker restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule } from '../../alerts/rules/evaluate.ts';
import { createTopics, produce } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import type { ClusterSnapshot } from '../../server/collector/index.ts';
import { ruleSchema } from '../../server/config/alert-rules.ts';
import { kafkaLeaderElection } from '../kafka/tools.ts';
import { cycleUntil, type Watched, watch } from './support.ts';

describe('broker metrics and a hung broker, on a 3-node cluster with the JMX exporter', () => {
  let kafka: KafkaCluster;
  let watched: Watched;

  beforeAll(async () => {
    // No automatic preferred elections (every 5 min by default): the leader-balance test runs
    // Kafka's election tool itself and must not race the controller's timer.
    kafka = await startCluster({
      brokers: 3,
      jmx: true,
      brokerConfig: { 'auto.leader.rebalance.enable': 'false' },
    });
    await createTopics(kafka, [{ topic: 'metered', numPartitions: 3, replicationFactor: 3 }]);
    const urls = Object.fromEntries(kafka.brokers.map((b) => [String(b.id), b.jmxUrl!]));
    watched = watch(kafka, {}, { jmx: { urls, timeout: 5000 } });
  });

  afterAll(async () => {
    await watched?.close();
    await kafka?.stop();
  });

  it('reads each broker’s JMX metrics, with rates between two scrapes', async () => {
    await watched.cycle();
    await produce(kafka, 'metered', 500);
    const snapshot = await watched.cycle();
    expect(snapshot.errors).toEqual([]);
    const jmx = snapshot.brokers.map((b) => b.jmx!);
    expect(jmx.every((m) => m !== null)).toBe(true);
    // Exactly one active controller in the quorum, as the brokers themselves say.
    expect(jmx.reduce((sum, m) => sum + (m.activeControllerCount ?? 0), 0)).toBe(1);
    expect(jmx.every((m) => m.underReplicatedPartitions === 0)).toBe(true);
    expect(jmx.some((m) => (m.messagesInPerSec ?? 0) > 0)).toBe(true);
    expect(jmx.some((m) => (m.bytesInPerSec ?? 0) > 0)).toBe(true);
    for (const m of jmx) {
      expect(m.requestHandlerIdleRatio).toBeGreaterThan(0);
      expect(m.requestHandlerIdleRatio).toBeLessThanOrEqual(1.05);
    }
  });

  it('finishes a cycle with a hung broker, saying what it missed', async () => {
    const before = await watched.cycle();
    const hung = before.brokers.find((b) => b.id !== before.controller.id)!.id;
    await kafka.pauseBroker(hung);
    try {
      const started = Date.now();
      const snapshot = await watched.cycle();
      // Bounded by the request timeout (3 s) per step, not by the hung broker.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(snapshot.reachable).toBe(true);
      expect(snapshot.errors.length).toBeGreaterThan(0);
      expect(snapshot.topics.find((t) => t.name === 'metered')?.partitionCount).toBe(3);
    } finally {
      await kafka.resumeBroker(hung);
    }
    // A broker paused past its session timeout is fenced and must register again, which takes
    // a few seconds on a loaded machine: all brokers come back up, not necessarily next cycle.
    await cycleUntil(
      watched,
      (s) => s.brokers.length === 3 && s.brokers.every((b) => b.up),
      30_000,
      (s) => s.brokers.map((b) => [b.id, b.up]),
    );
  });

  it('a broker restart leaves leaders off their preferred replicas: leaderImbalance, cleared by kafka-leader-election', async () => {
    await createTopics(kafka, [{ topic: 'balanced', numPartitions: 6, replicationFactor: 3 }]);
    const rule = ruleSchema.parse({ name: 'Leaders', kind: 'leaderImbalance' });
    const imbalanced = (s: ClusterSnapshot) => evaluateRule(rule, s, undefined) ?? [];
    const allInSync = (s: ClusterSnapshot) =>
      s.brokers.length === 3 &&
      s.brokers.every((b) => b.up) &&
      s.topics.every((t) => t.partitions.every((p) => p.isr.length === p.replicas.length));
    const leaders = (s: ClusterSnapshot) => s.diagnosis.leaders;
    const elect = () =>
      kafkaLeaderElection(kafka, ['--election-type', 'PREFERRED', '--all-topic-partitions']);

    // Balanced to begin with, whatever the earlier tests left behind.
    await cycleUntil(watched, allInSync, 60_000, leaders);
    await elect();
    await cycleUntil(watched, (s) => imbalanced(s).length === 0, 30_000, leaders);

    const restarted = kafka.brokers[1]!.id;
    await kafka.stopBroker(restarted);
    await cycleUntil(
      watched,
      (s) => s.topics.every((t) => t.partitions.every((p) => p.leader !== restarted)),
      60_000,
      leaders,
    );
    await kafka.startBroker(restarted);
    // Back in every ISR, yet leading none of its preferred partitions.
    const firing = await cycleUntil(
      watched,
      (s) => allInSync(s) && imbalanced(s).find((c) => c.labels.broker === String(restarted)),
      90_000,
      leaders,
    );
    expect(firing.value).toBe(100);
    expect(Number(firing.vars?.preferredNotLed)).toBeGreaterThan(0);

    await elect();
    const after = await cycleUntil(
      watched,
      (s) => (imbalanced(s).length === 0 ? s : undefined),
      30_000,
      leaders,
    );
    const broker = after.diagnosis.leaders.brokers.find((b) => b.broker === restarted)!;
    expect(broker).toMatchObject({ preferredNotLed: 0, imbalancePercent: 0 });
    expect(broker.leaders).toBe(broker.preferred);
  });
});
