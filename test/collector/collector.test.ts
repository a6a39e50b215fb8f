import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, createTopics, kafkaFor, produce, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import type { ClusterSnapshot, IsrChangeEvent } from '../../server/collector/index.ts';
import {
  kafkaConsumerGroups,
  kafkaMetadataQuorum,
  kafkaTopics,
  parseConsumerGroupDescribe,
  parseQuorumLeaderId,
  parseTopicDescribe,
} from '../kafka/tools.ts';
import {
  cycleUntil,
  pollInBackground,
  produceAt,
  runConsumer,
  sleep,
  type Watched,
  watch,
} from './support.ts';

const partitionOf = (s: ClusterSnapshot, topic: string, partition: number) =>
  s.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition);
const groupOf = (s: ClusterSnapshot, id: string) => s.groups.find((g) => g.id === id);
const getSeen = (seen: Map<string, Set<string>>, id: string) => {
  const set = seen.get(id) ?? new Set<string>();
  seen.set(id, set);
  return set;
};

describe('collector on a real 3-node KRaft cluster', () => {
  let kafka: KafkaCluster;
  let watched: Watched;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 3 });
    await createTopics(kafka, [
      { topic: 'orders', numPartitions: 6, replicationFactor: 3 },
      { topic: 'payments', numPartitions: 3, replicationFactor: 3 },
      { topic: 'solo', numPartitions: 1, replicationFactor: 1 },
    ]);
    await produce(kafka, 'orders', 120);
    await produce(kafka, 'payments', 30);
    await produce(kafka, 'solo', 7);
    // An Empty group with old commits: consumed part of the topic, then left.
    await consume(kafka, 'orders', 'old-readers', 40);
    consumers.push(await runConsumer(kafka, 'active-readers', 'payments'));
    watched = watch(kafka);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await watched?.close();
    await kafka?.stop();
  });

  it('reports every partition as kafka-topics does', async () => {
    const rows = parseTopicDescribe(
      await kafkaTopics(kafka, ['--describe', '--topic', 'orders|payments|solo']),
    );
    const snapshot = await watched.cycle();
    expect(snapshot.errors).toEqual([]);
    expect(rows).toHaveLength(10);
    const endOffsets = await withAdmin(kafka, async (admin) =>
      Object.fromEntries(
        await Promise.all(
          ['orders', 'payments', 'solo'].map(async (t) => [t, await admin.fetchTopicOffsets(t)] as const),
        ),
      ),
    );
    for (const row of rows) {
      const p = partitionOf(snapshot, row.topic, row.partition);
      expect(p, `${row.topic}-${row.partition}`).toBeDefined();
      expect(p!.leader).toBe(row.leader);
      expect(p!.replicas).toEqual(row.replicas);
      expect([...p!.isr].sort()).toEqual([...row.isr].sort());
      const high = endOffsets[row.topic]!.find((o) => o.partition === row.partition)!.high;
      expect(p!.endOffset).toBe(Number(high));
    }
    const orders = snapshot.topics.find((t) => t.name === 'orders')!;
    expect(orders).toMatchObject({
      partitionCount: 6,
      replicationFactor: 3,
      messageCount: 120,
      internal: false,
    });
    expect(orders.sizeBytes).toBeGreaterThan(0);
    expect(snapshot.brokers.map((b) => [b.id, b.up])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it("reports every group's committed offsets and lag as kafka-consumer-groups does", async () => {
    await cycleUntil(watched, (s) => groupOf(s, 'active-readers')?.lag === 0);
    const rows = parseConsumerGroupDescribe(await kafkaConsumerGroups(kafka, ['--describe', '--all-groups']));
    const snapshot = await watched.cycle();
    const withCommits = rows.filter((r) => r.currentOffset !== null);
    expect(new Set(withCommits.map((r) => r.group))).toEqual(new Set(['old-readers', 'active-readers']));
    for (const row of withCommits) {
      const p = groupOf(snapshot, row.group)?.partitions.find(
        (x) => x.topic === row.topic && x.partition === row.partition,
      );
      expect(p, `${row.group} ${row.topic}-${row.partition}`).toBeDefined();
      expect(p!.committedOffset).toBe(row.currentOffset);
      expect(p!.endOffset).toBe(row.logEndOffset);
      expect(p!.lag).toBe(row.lag);
    }
    const old = groupOf(snapshot, 'old-readers')!;
    expect(old).toMatchObject({ state: 'Empty', members: [] });
    expect(old.lag).toBe(
      withCommits.filter((r) => r.group === 'old-readers').reduce((s, r) => s + r.lag!, 0),
    );
    expect(old.lag).toBeGreaterThan(0); // an inactive group keeps its lag
    const active = groupOf(snapshot, 'active-readers')!;
    expect(active).toMatchObject({ state: 'Stable', lag: 0, protocolType: 'consumer' });
    expect(active.members).toHaveLength(1);
    expect(active.members[0]!.assignment).toEqual([{ topic: 'payments', partitions: [0, 1, 2] }]);
    expect(active.partitions.every((p) => p.owner === active.members[0]!.memberId)).toBe(true);
  });

  it('reports time lag within one poll interval, after the producer went idle and for re-read old data', async () => {
    await createTopics(kafka, [
      { topic: 'idle', numPartitions: 1, replicationFactor: 3 },
      { topic: 'archive', numPartitions: 1, replicationFactor: 3 },
    ]);
    // The poll loop watches the partitions before and while anything is produced.
    const polling = pollInBackground(watched);
    let seen = 0;
    await polling.until(() => ++seen >= 2, 60_000, 'the topics were watched twice');
    const before = Date.now();
    await produceAt(kafka, 'idle', 10);
    const after = Date.now();
    await withAdmin(kafka, (admin) =>
      admin.setOffsets({
        groupId: 'idle-readers',
        topic: 'idle',
        partitions: [{ partition: 0, offset: '0' }],
      }),
    );
    // Old data that Kestrel never saw being appended: its age comes from the record itself.
    const hourAgo = Date.now() - 3_600_000;
    await produceAt(kafka, 'archive', 5, { timestamp: hourAgo });
    await withAdmin(kafka, (admin) =>
      admin.setOffsets({
        groupId: 'archive-readers',
        topic: 'archive',
        partitions: [{ partition: 0, offset: '0' }],
      }),
    );

    // The producer stays idle for 8 s, and the poll loop sees the lag age.
    const snapshot = await polling.until((s) => s.offsetsAt - after >= 8000, 60_000, '8 s passed idle');
    await polling.stop();
    const idle = groupOf(snapshot, 'idle-readers')!.partitions[0]!;
    expect(idle.lag).toBe(10);
    expect(['history', 'record']).toContain(idle.timeLagSource);
    // The truth lies between the two clocks read around the send.
    const oldest = (snapshot.offsetsAt - after) / 1000;
    const newest = (snapshot.offsetsAt - before) / 1000;
    expect(idle.timeLagSeconds!).toBeGreaterThanOrEqual(oldest - watched.config.pollInterval / 1000);
    expect(idle.timeLagSeconds!).toBeLessThanOrEqual(newest + watched.config.pollInterval / 1000);
    expect(idle.timeLagSeconds!).toBeGreaterThan(7);

    const archive = groupOf(snapshot, 'archive-readers')!.partitions[0]!;
    expect(archive.timeLagSource).toBe('record');
    expect(Math.abs(archive.timeLagSeconds! - (snapshot.offsetsAt - hourAgo) / 1000)).toBeLessThan(1);
  });

  it('gives a stalled, a stopped, a rewound and a healthy consumer STALL, STOP, REWIND and OK', async () => {
    await createTopics(kafka, [{ topic: 'flow', numPartitions: 1, replicationFactor: 3 }]);
    await produceAt(kafka, 'flow', 50);
    const producer = kafkaFor(kafka).producer();
    await producer.connect();
    let producing = true;
    const feeding = (async () => {
      while (producing) {
        await producer.send({ topic: 'flow', messages: [{ value: 'x' }, { value: 'y' }] });
        await sleep(300);
      }
    })();
    try {
      const healthy = await runConsumer(kafka, 'healthy', 'flow');
      const stalled = await runConsumer(kafka, 'stalled', 'flow');
      consumers.push(healthy, stalled);
      await withAdmin(kafka, async (admin) => {
        await admin.setOffsets({
          groupId: 'stopped',
          topic: 'flow',
          partitions: [{ partition: 0, offset: '10' }],
        });
        await admin.setOffsets({
          groupId: 'rewound',
          topic: 'flow',
          partitions: [{ partition: 0, offset: '40' }],
        });
      });
      // Once the stalled consumer is caught up, it stops fetching but stays in its group.
      await cycleUntil(
        watched,
        (s) => groupOf(s, 'stalled')?.lag === 0 && groupOf(s, 'healthy')?.lag !== null,
      );
      stalled.pause([{ topic: 'flow' }]);
      await withAdmin(kafka, (admin) =>
        admin.setOffsets({ groupId: 'rewound', topic: 'flow', partitions: [{ partition: 0, offset: '3' }] }),
      );
      // REWIND shows while the step back is in the window; STALL and STOP need a full window.
      const seen = new Map<string, Set<string>>();
      await cycleUntil(
        watched,
        (s) => {
          for (const id of ['healthy', 'stalled', 'stopped', 'rewound']) {
            const status = groupOf(s, id)?.partitions[0]?.status;
            if (status) getSeen(seen, id).add(status);
          }
          return (
            getSeen(seen, 'stalled').has('STALL') &&
            getSeen(seen, 'stopped').has('STOP') &&
            getSeen(seen, 'rewound').has('REWIND')
          );
        },
        40_000,
        () => Object.fromEntries([...seen].map(([id, set]) => [id, [...set]])),
      );
      expect([...getSeen(seen, 'healthy')]).toEqual(['OK']);
      const last = await watched.cycle();
      expect(groupOf(last, 'healthy')!.status).toBe('OK');
      for (const id of ['stalled', 'stopped']) expect(groupOf(last, id)!.status).toBe('ERR');
    } finally {
      producing = false;
      await feeding;
      await producer.disconnect();
    }
  });

  it('reports a killed follower down, its partitions under-replicated with shrink events naming it, and the way back', async () => {
    const before = await watched.cycle();
    const controller = before.controller.id;
    // A broker that follows some partitions and is not the quorum leader.
    const victim = before.brokers.find((b) => b.id !== controller)!.id;
    const followed = before.topics
      .filter((t) => !t.internal)
      .flatMap((t) => t.partitions)
      .filter((p) => p.replicas.includes(victim) && p.leader !== victim && p.replicas.length > 1)
      .map((p) => `${p.topic}-${p.partition}`);
    expect(followed.length).toBeGreaterThan(0);

    const killedAt = Date.now();
    await kafka.killBroker(victim);
    const shrinks: IsrChangeEvent[] = [];
    const down = await cycleUntil(
      watched,
      (s) => {
        shrinks.push(...s.isrChanges.filter((c) => c.kind === 'shrink'));
        const urp = new Set(
          s.topics.flatMap((t) =>
            t.partitions.filter((p) => p.underReplicated).map((p) => `${p.topic}-${p.partition}`),
          ),
        );
        const named = new Set(
          shrinks.filter((c) => c.brokers.includes(victim)).map((c) => `${c.topic}-${c.partition}`),
        );
        const broker = s.brokers.find((b) => b.id === victim);
        return broker?.up === false && followed.every((p) => urp.has(p) && named.has(p)) ? s : undefined;
      },
      30_000,
    );
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(down.reachable).toBe(true);
    expect(shrinks.every((c) => c.brokers.every((b) => b === victim))).toBe(true);

    await kafka.startBroker(victim);
    const expands: IsrChangeEvent[] = [];
    await cycleUntil(
      watched,
      (s) => {
        expands.push(...s.isrChanges.filter((c) => c.kind === 'expand'));
        const full = s.topics.every((t) => t.partitions.every((p) => !p.underReplicated));
        return (
          s.brokers.find((b) => b.id === victim)?.up &&
          full &&
          followed.every((p) =>
            expands.some((c) => `${c.topic}-${c.partition}` === p && c.brokers.includes(victim)),
          )
        );
      },
      60_000,
    );
  });

  it('reports the real KRaft quorum leader, and follows it when the leader is killed', async () => {
    const toolLeader = parseQuorumLeaderId(await kafkaMetadataQuorum(kafka, ['describe', '--status']));
    const snapshot = await watched.cycle();
    expect(snapshot.controller).toMatchObject({ mode: 'kraft', id: toolLeader });
    expect(snapshot.controller.voters.map((v) => v.id).sort()).toEqual([1, 2, 3]);
    expect(snapshot.brokers.find((b) => b.isController)?.id).toBe(toolLeader);

    await kafka.killBroker(toolLeader);
    const next = await cycleUntil(
      watched,
      (s) => (s.controller.id !== null && s.controller.id !== toolLeader ? s.controller : undefined),
      30_000,
    );
    expect(next.epoch!).toBeGreaterThan(snapshot.controller.epoch!);
    const toolNext = parseQuorumLeaderId(await kafkaMetadataQuorum(kafka, ['describe', '--status']));
    expect(next.id).toBe(toolNext);
    await kafka.startBroker(toolLeader);
  });
});
