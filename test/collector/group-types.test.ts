// Kafka 4's group types, told as Kafka's own tools tell them: classic, KIP-848 consumer groups
// (live, left, mixed with classic members during an online migration), share groups (KIP-932)
// and the Burrow status of a live member that stopped committing. Members of the new protocols
// come from Kafka's own console clients, as kafkajs speaks the classic protocol only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule } from '../../alerts/rules/evaluate.ts';
import { createTopics, produce } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import type { ClusterSnapshot, GroupSnapshot } from '../../server/collector/index.ts';
import { ruleSchema } from '../../server/config/alert-rules.ts';
import { type BackgroundConsumer, consumeAndLeave, startConsoleConsumer } from '../kafka/clients.ts';
import {
  kafkaConsumerGroups,
  kafkaShareGroups,
  kafkaTopics,
  parseConsumerGroupDescribe,
  parseToolTable,
  parseTopicDescribe,
} from '../kafka/tools.ts';
import { cycleUntil, type Watched, watch } from './support.ts';

const MESSAGES = 3000;
const LEFT_AFTER = 500;

describe('group types on Kafka 4 (KRaft, 3 nodes)', () => {
  let kafka: KafkaCluster;
  let watched: Watched;
  const consumers: BackgroundConsumer[] = [];
  const groupOf = (s: ClusterSnapshot, id: string): GroupSnapshot | undefined =>
    s.groups.find((g) => g.id === id);

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 3 });
    await createTopics(kafka, [
      { topic: 'orders', numPartitions: 3, replicationFactor: 3 },
      { topic: 'tasks', numPartitions: 2, replicationFactor: 3 },
    ]);
    await produce(kafka, 'orders', MESSAGES);
    // Groups that consumed part and left, with either protocol.
    await Promise.all([
      consumeAndLeave(kafka, {
        topic: 'orders',
        group: 'classic-left',
        protocol: 'classic',
        messages: LEFT_AFTER,
      }),
      consumeAndLeave(kafka, {
        topic: 'orders',
        group: 'new-left',
        protocol: 'consumer',
        messages: LEFT_AFTER,
      }),
      consumeAndLeave(kafka, {
        topic: 'orders',
        group: 'new-stall',
        protocol: 'consumer',
        messages: LEFT_AFTER,
      }),
    ]);
    const start = (options: Parameters<typeof startConsoleConsumer>[1]) => {
      consumers.push(startConsoleConsumer(kafka, options));
    };
    // Two live members of the new protocol that read everything and commit.
    start({ topic: 'orders', group: 'new-live', protocol: 'consumer' });
    start({ topic: 'orders', group: 'new-live', protocol: 'consumer' });
    // A live member that never commits: its group's offsets stay where new-stall left them.
    start({
      topic: 'orders',
      group: 'new-stall',
      protocol: 'consumer',
      properties: { 'enable.auto.commit': 'false' },
    });
    start({ topic: 'tasks', group: 'workers', protocol: 'share' });
    watched = watch(kafka);
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.stop()));
    await watched?.close();
    await kafka?.stop();
  });

  it('lists each group with its type and describes it with the API of its type', async () => {
    const snapshot = await cycleUntil(
      watched,
      (s) =>
        groupOf(s, 'new-live')?.members.length === 2 &&
        groupOf(s, 'new-live')?.state === 'Stable' &&
        groupOf(s, 'new-live')?.lag === 0 &&
        groupOf(s, 'new-stall')?.members.length === 1 &&
        groupOf(s, 'workers')?.members.length === 1 &&
        s,
      120_000,
      (s) => s.groups.map((g) => [g.id, g.type, g.state, g.members.length, g.lag]),
    );
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.groups.map((g) => [g.id, g.type])).toEqual([
      ['classic-left', 'classic'],
      ['new-left', 'consumer'],
      ['new-live', 'consumer'],
      ['new-stall', 'consumer'],
      ['workers', 'share'],
    ]);
  });

  it('tells state, members and lag as kafka-consumer-groups --describe --state / --members / --offsets', async () => {
    await cycleUntil(watched, (s) => groupOf(s, 'new-live')?.lag === 0, 60_000);
    const ids = ['classic-left', 'new-left', 'new-live', 'new-stall'];
    const groupArgs = ids.flatMap((id) => ['--group', id]);
    const [stateOut, membersOut, offsetsOut] = await Promise.all([
      kafkaConsumerGroups(kafka, ['--describe', ...groupArgs, '--state']),
      kafkaConsumerGroups(kafka, ['--describe', ...groupArgs, '--members', '--verbose']),
      kafkaConsumerGroups(kafka, ['--describe', ...groupArgs, '--offsets']),
    ]);
    const snapshot = await watched.cycle();
    const states = parseToolTable(stateOut, 'GROUP');
    expect(states.map((r) => r.GROUP).sort()).toEqual(ids);
    for (const row of states) {
      const group = groupOf(snapshot, row.GROUP!)!;
      expect([group.id, group.state, group.members.length]).toEqual([
        row.GROUP,
        row.STATE,
        Number(row['#MEMBERS']),
      ]);
    }
    expect(groupOf(snapshot, 'new-left')!.state).toBe('Empty'); // not Dead
    expect(groupOf(snapshot, 'new-live')!).toMatchObject({ state: 'Stable', protocol: 'uniform' });

    const members = parseToolTable(membersOut, 'GROUP');
    for (const row of members) {
      const member = groupOf(snapshot, row.GROUP!)!.members.find((m) => m.memberId === row['CONSUMER-ID']);
      expect(member, `${row.GROUP} ${row['CONSUMER-ID']}`).toBeDefined();
      const assignment = member!.assignment.map((a) => `${a.topic}:${a.partitions.join(',')}`).join(';');
      const target = (member!.targetAssignment ?? [])
        .map((a) => `${a.topic}:${a.partitions.join(',')}`)
        .join(';');
      expect([member!.clientId, member!.host, member!.memberEpoch, assignment, target]).toEqual([
        row['CLIENT-ID'],
        // Kafka prints Java's InetAddress text ("/127.0.0.1"); Kestrel shows the address alone.
        row.HOST?.replace(/^\//, ''),
        Number(row['CURRENT-EPOCH']),
        row['CURRENT-ASSIGNMENT'] ?? '',
        row['TARGET-ASSIGNMENT'] ?? '',
      ]);
      // The tool prints UPGRADED only for groups with classic members: false marks those.
      expect(member!.memberType).toBe(row.UPGRADED === 'false' ? 'classic' : 'consumer');
    }
    expect(members.filter((r) => r.GROUP === 'new-live')).toHaveLength(2);

    const offsets = parseConsumerGroupDescribe(offsetsOut).filter((r) => r.currentOffset !== null);
    expect(new Set(offsets.map((r) => r.group))).toEqual(new Set(ids));
    for (const row of offsets) {
      const p = groupOf(snapshot, row.group)!.partitions.find(
        (x) => x.topic === row.topic && x.partition === row.partition,
      );
      expect([row.group, p?.committedOffset, p?.endOffset, p?.lag]).toEqual([
        row.group,
        row.currentOffset,
        row.logEndOffset,
        row.lag,
      ]);
    }
    expect(groupOf(snapshot, 'new-left')!.lag).toBe(MESSAGES - LEFT_AFTER);
  });

  it('a live member that stops committing is STALL, not STOP, and no inactive-group alert fires for live groups', async () => {
    const stalled = await cycleUntil(
      watched,
      (s) => {
        const group = groupOf(s, 'new-stall');
        return group?.status === 'ERR' ? group : undefined;
      },
      90_000,
      (s) => groupOf(s, 'new-stall')?.partitions.map((p) => [p.partition, p.lag, p.status, p.owner]),
    );
    const lagging = stalled.partitions.filter((p) => (p.lag ?? 0) > 0);
    expect(lagging.length).toBeGreaterThan(0);
    for (const p of lagging) {
      expect(p.status).toBe('STALL');
      expect(p.owner).toBe(stalled.members[0]!.memberId);
    }
    const snapshot = await watched.cycle();
    const inactive = ruleSchema.parse({ name: 'InactiveGroupWithLag', kind: 'inactiveGroupLag' });
    const alerting = evaluateRule(inactive, snapshot, undefined)!.map((c) => c.labels.group);
    expect(alerting.sort()).toEqual(['classic-left', 'new-left']);
  });

  it('tells share groups as kafka-share-groups --describe does: state, members, start offsets and lag', async () => {
    await produce(kafka, 'tasks', 200);
    const snapshot = await cycleUntil(
      watched,
      (s) => (groupOf(s, 'workers')?.partitions.some((p) => p.committedOffset !== null) ? s : undefined),
      60_000,
      (s) => groupOf(s, 'workers'),
    );
    const [stateOut, membersOut, offsetsOut] = await Promise.all([
      kafkaShareGroups(kafka, ['--describe', '--group', 'workers', '--state']),
      kafkaShareGroups(kafka, ['--describe', '--group', 'workers', '--members']),
      kafkaShareGroups(kafka, ['--describe', '--group', 'workers']),
    ]);
    const after = await watched.cycle();
    const workers = groupOf(after, 'workers')!;
    const [state] = parseToolTable(stateOut, 'GROUP');
    expect([workers.type, workers.state, workers.members.length]).toEqual([
      'share',
      state!.STATE,
      Number(state!['#MEMBERS']),
    ]);
    for (const row of parseToolTable(membersOut, 'GROUP')) {
      const member = workers.members.find((m) => m.memberId === row['CONSUMER-ID'])!;
      expect(member).toBeDefined();
      expect([
        member.clientId,
        member.assignment.map((a) => `${a.topic}:${a.partitions.join(',')}`).join(';'),
      ]).toEqual([row['CLIENT-ID'], row.ASSIGNMENT]);
    }
    const rows = parseToolTable(offsetsOut, 'GROUP');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const p = workers.partitions.find(
        (x) => x.topic === row.TOPIC && x.partition === Number(row.PARTITION),
      );
      const start = row['START-OFFSET'] === null ? null : Number(row['START-OFFSET']);
      const lag = row.LAG === null ? null : Number(row.LAG);
      // A partition the group has no state for yet is not a lag of zero: Kestrel leaves it out.
      if (start === null) expect(p?.committedOffset ?? null).toBeNull();
      else expect([p?.committedOffset, p?.lag]).toEqual([start, lag]);
    }
    expect(snapshot.groups.find((g) => g.id === 'workers')?.type).toBe('share');
  });

  it('a mixed group (classic members inside a consumer group, online migration) as --members --verbose tells it', async () => {
    consumers.push(startConsoleConsumer(kafka, { topic: 'orders', group: 'mixed', protocol: 'classic' }));
    await cycleUntil(
      watched,
      (s) => groupOf(s, 'mixed')?.state === 'Stable',
      90_000,
      (s) => groupOf(s, 'mixed'),
    );
    consumers.push(startConsoleConsumer(kafka, { topic: 'orders', group: 'mixed', protocol: 'consumer' }));
    await cycleUntil(
      watched,
      (s) => {
        const mixed = groupOf(s, 'mixed');
        return mixed?.type === 'consumer' && mixed.state === 'Stable' && mixed.members.length === 2;
      },
      90_000,
      (s) => groupOf(s, 'mixed'),
    );
    const out = await kafkaConsumerGroups(kafka, [
      '--describe',
      '--group',
      'mixed',
      '--members',
      '--verbose',
    ]);
    const mixed = groupOf(await watched.cycle(), 'mixed')!;
    const rows = parseToolTable(out, 'GROUP');
    expect(rows).toHaveLength(2);
    expect(mixed.members.map((m) => [m.memberId, m.memberType]).sort()).toEqual(
      rows.map((r) => [r['CONSUMER-ID'], r.UPGRADED === 'false' ? 'classic' : 'consumer']).sort(),
    );
    expect(new Set(mixed.members.map((m) => m.memberType))).toEqual(new Set(['classic', 'consumer']));
    // Every partition is owned by one of the two members, so none can be STOP.
    expect(mixed.partitions.every((p) => mixed.members.some((m) => m.memberId === p.owner))).toBe(true);
  });

  // Last: it kills a broker. RF 2 on brokers 2 and 3 with min.insync.replicas=2, so losing 3 takes
  // the ISR below the minimum and 3 into the ELR; RF 1 on broker 3 leaves a leaderless partition.
  it('ELR and last known ELR equal kafka-topics --describe; a leaderless partition says how it can recover', async () => {
    await createTopics(kafka, [
      {
        topic: 'fragile',
        replicaAssignment: [{ partition: 0, replicas: [2, 3] }],
        configEntries: [{ name: 'min.insync.replicas', value: '2' }],
      },
      { topic: 'lonely', replicaAssignment: [{ partition: 0, replicas: [3] }] },
    ]);
    const before = await watched.cycle();
    expect(before.topics.find((t) => t.name === 'fragile')!.partitions[0]!.eligibleLeaderReplicas).toEqual(
      [],
    );
    await kafka.killBroker(3);
    const snapshot = await cycleUntil(
      watched,
      (s) => {
        const fragile = s.topics.find((t) => t.name === 'fragile')?.partitions[0];
        const lonely = s.topics.find((t) => t.name === 'lonely')?.partitions[0];
        return fragile?.isr.length === 1 && lonely?.leader === -1 ? s : undefined;
      },
      90_000,
      (s) => s.topics.filter((t) => t.name === 'fragile' || t.name === 'lonely').map((t) => t.partitions),
    );
    const rows = parseTopicDescribe(await kafkaTopics(kafka, ['--describe', '--topic', 'fragile|lonely']));
    const after = await watched.cycle();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const p = after.topics.find((t) => t.name === row.topic)!.partitions[row.partition]!;
      expect([
        row.topic,
        p.leader < 0 ? null : p.leader,
        p.isr,
        p.eligibleLeaderReplicas,
        p.lastKnownElr,
      ]).toEqual([row.topic, row.leader, row.isr, row.elr ?? [], row.lastKnownElr ?? []]);
    }
    const fragile = after.topics.find((t) => t.name === 'fragile')!;
    expect(fragile.partitions[0]!.eligibleLeaderReplicas).toEqual([3]);
    expect(fragile.elrPartitions).toBe(1);
    const lonely = after.topics.find((t) => t.name === 'lonely')!.partitions[0]!;
    const leaderless = ruleSchema.parse({
      name: 'LeaderlessPartition',
      kind: 'leaderlessPartition',
      topic: 'lonely',
    });
    const [alert] = evaluateRule(leaderless, after, undefined)!;
    const clean = lonely.isr.length + (lonely.eligibleLeaderReplicas?.length ?? 0) > 0;
    expect(alert?.labels.recovery).toBe(clean ? 'clean' : 'unclean-only');
    expect(lonely.cleanLeaderPossible).toBe(clean);
    expect(snapshot.reachable).toBe(true);
  });
});
