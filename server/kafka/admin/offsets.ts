// A consumer group's offsets as an operator changes them: reset (preview, then execute exactly the
// previewed plan), delete the offsets of one topic, delete the whole group. Kafka only lets an
// admin do the first and last to a group without live members; this says so before asking it.
import { describeOnCoordinator } from '../describe-groups.ts';
import {
  type BrokerConnection,
  commitOffsetsOn,
  deleteOffsetsOn,
  fetchCommittedOffsets,
  findCoordinators,
  listGroupsOn,
} from '../protocol/index.ts';
import type { AdminConnection } from './connection.ts';
import { OperatorRefusal, refusalFor } from './refusal.ts';
import {
  type PartitionOffsets,
  PlanError,
  type PlannedReset,
  type PreviewedReset,
  planReset,
  type ResetScope,
  type ResetStrategy,
  scopePartitions,
  stalePlanReasons,
} from './reset-plan.ts';

type Listed = Parameters<typeof describeOnCoordinator>[1][number];

export interface GroupStatus {
  groupId: string;
  /** false: Kafka has no such group (it would be created by a reset, as with Kafka's tool). */
  exists: boolean;
  type: string | null;
  state: string;
  members: number;
}

export interface ResetRequest {
  strategy: ResetStrategy;
  scope?: ResetScope;
}

export interface ResetPreview {
  group: GroupStatus;
  plan: PlannedReset[];
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** Kafka refuses resets and deletion of a group with members; so do we, first and plainly. */
const INACTIVE_STATES = new Set(['Empty', 'Dead']);

export class GroupOffsetsAdmin {
  constructor(private readonly connection: AdminConnection) {}

  /** The group's state and live member count, asked of its coordinator with the API of its type. */
  status(groupId: string): Promise<GroupStatus> {
    return this.connection.call(async () => {
      const coordinator = await this.coordinator(groupId);
      const listed = (await listGroupsOn(coordinator)).find((g) => g.groupId === groupId);
      if (listed === undefined) return { groupId, exists: false, type: null, state: 'Dead', members: 0 };
      const group: Listed = {
        id: groupId,
        type: (listed.type ?? 'classic') as Listed['type'],
        state: listed.state,
        protocolType: listed.protocolType,
      };
      const described = await describeOnCoordinator(coordinator, [group]);
      const found = described.groups.find((g) => g.id === groupId);
      if (found === undefined)
        throw new OperatorRefusal(
          'unavailable',
          null,
          described.errors[0]?.message ?? `the coordinator did not describe group ${groupId}`,
        );
      return { groupId, exists: true, type: group.type, state: found.state, members: found.members.length };
    });
  }

  /** The group's committed offsets, optionally of one topic (partitions without one are left out). */
  committed(groupId: string, topic?: string): Promise<CommittedOffset[]> {
    return this.connection.call(async (_admin, internals) => {
      const [result] = await fetchCommittedOffsets(internals, [groupId]);
      if (result?.error) throw refusalFor(result.error.name, result.error.message);
      return (result?.offsets ?? [])
        .filter((o) => o.offset !== null && (topic === undefined || o.topic === topic))
        .map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset! }))
        .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    });
  }

  async previewReset(groupId: string, request: ResetRequest): Promise<ResetPreview> {
    const group = await this.status(groupId);
    requireCommittedOffsets(group);
    requireInactive(group, 'reset its offsets');
    const committed = await this.committed(groupId);
    const partitions = await this.connection.call(async (admin) => {
      const topics = new Set(await admin.listTopics());
      const named = (request.scope ?? []).map((s) => s.topic).filter((t) => topics.has(t));
      const counts = new Map<string, number>();
      if (named.length > 0) {
        const metadata = await admin.fetchTopicMetadata({ topics: [...new Set(named)] });
        for (const t of metadata.topics) counts.set(t.name, t.partitions.length);
      }
      return planning(() =>
        scopePartitions(
          request.scope,
          committed.filter((c) => topics.has(c.topic)),
          (t) => counts.get(t),
        ),
      );
    });
    const offsets = await this.partitionOffsets(partitions, committed, request.strategy);
    return { group, plan: planning(() => planReset(request.strategy, offsets)) };
  }

  /**
   * Commits the previewed plan, exactly, after checking against a fresh preview that nothing it
   * was based on moved (committed offsets, partitions, the log start); 409 otherwise.
   */
  async executeReset(
    groupId: string,
    request: ResetRequest,
    previewed: readonly PreviewedReset[],
  ): Promise<ResetPreview> {
    const fresh = await this.previewReset(groupId, request);
    const reasons = stalePlanReasons(previewed, fresh.plan);
    if (reasons.length > 0)
      throw new OperatorRefusal(
        'conflict',
        null,
        `the offsets moved since the preview; preview again (${reasons.slice(0, 5).join('; ')})`,
        'plan_changed',
      );
    await this.connection.call(async (_admin, internals) => {
      const coordinator = await this.coordinatorOf(internals, groupId);
      const results = await commitOffsetsOn(
        coordinator,
        groupId,
        previewed.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.newOffset })),
      );
      const failed = results.find((r) => r.error !== null);
      if (failed?.error)
        throw refusalFor(
          failed.error.name,
          `Kafka refused the commit for ${failed.topic}-${failed.partition}: ${failed.error.name}`,
        );
    });
    // What was committed is the previewed plan; the log figures are today's.
    const committed = new Map(previewed.map((p) => [`${p.topic}\0${p.partition}`, p.newOffset]));
    const plan = fresh.plan.map((p) => {
      const newOffset = committed.get(`${p.topic}\0${p.partition}`) ?? p.newOffset;
      return { ...p, newOffset, lagAfter: p.logEnd - newOffset };
    });
    return { group: fresh.group, plan };
  }

  /** Deletes the group's committed offsets of `topic`; Kafka refuses while the group is subscribed to it. */
  async deleteOffsets(groupId: string, topic: string): Promise<CommittedOffset[]> {
    requireCommittedOffsets(await this.status(groupId));
    const committed = await this.committed(groupId, topic);
    if (committed.length === 0)
      throw new OperatorRefusal(
        'unknown',
        null,
        `group ${groupId} has no committed offsets for topic ${topic}`,
        'not_found',
      );
    await this.connection.call(async (_admin, internals) => {
      const coordinator = await this.coordinatorOf(internals, groupId);
      const results = await deleteOffsetsOn(coordinator, groupId, [
        { topic, partitions: committed.map((c) => c.partition) },
      ]);
      const failed = results.find((r) => r.error !== null);
      if (failed?.error?.name === 'GROUP_SUBSCRIBED_TO_TOPIC')
        throw refusalFor(
          failed.error.name,
          `Kafka refused (GROUP_SUBSCRIBED_TO_TOPIC): group ${groupId} has live members subscribed to ${topic}; stop them first`,
        );
      if (failed?.error)
        throw refusalFor(
          failed.error.name,
          `Kafka refused (${failed.error.name}) for ${topic}-${failed.partition}`,
        );
    });
    return committed;
  }

  /** Deletes an empty group and its committed offsets. */
  async deleteGroup(groupId: string): Promise<GroupStatus> {
    const group = await this.status(groupId);
    if (!group.exists) throw new OperatorRefusal('unknown', null, `no group ${groupId}`, 'not_found');
    requireInactive(group, 'delete it');
    await this.connection.call((admin) => admin.deleteGroups([groupId]));
    return group;
  }

  private async partitionOffsets(
    partitions: readonly { topic: string; partition: number }[],
    committed: readonly CommittedOffset[],
    strategy: ResetStrategy,
  ): Promise<PartitionOffsets[]> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const committedAt = new Map(committed.map((c) => [`${c.topic}\0${c.partition}`, c.offset]));
    return this.connection.call(async (admin) => {
      const out: PartitionOffsets[] = [];
      for (const [topic, wanted] of byTopic) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o]));
        const timed =
          strategy.kind === 'datetime'
            ? new Map(
                (await admin.fetchTopicOffsetsByTimestamp(topic, strategy.timestamp)).map((o) => [
                  o.partition,
                  Number(o.offset),
                ]),
              )
            : undefined;
        for (const partition of wanted) {
          const end = ends.get(partition);
          if (end === undefined)
            throw new OperatorRefusal(
              'unknown',
              null,
              `Kafka has no partition ${topic}-${partition}`,
              'not_found',
            );
          const logEnd = Number(end.high);
          out.push({
            topic,
            partition,
            committed: committedAt.get(`${topic}\0${partition}`) ?? null,
            logStart: Number(end.low),
            logEnd,
            // kafkajs already answers the log end for "no record that recent", as Kafka's tool does.
            offsetForTimestamp: timed?.get(partition) ?? null,
          });
        }
      }
      return out;
    });
  }

  private coordinator(groupId: string): Promise<BrokerConnection> {
    return this.coordinatorOf(this.connection.internals, groupId);
  }

  private async coordinatorOf(
    internals: AdminConnection['internals'],
    groupId: string,
  ): Promise<BrokerConnection> {
    const [lookup] = await findCoordinators(internals, [groupId]);
    if (!lookup?.coordinator)
      throw refusalFor(lookup?.error.name ?? 'COORDINATOR_NOT_AVAILABLE', lookup?.error.message ?? null);
    return internals.broker(lookup.coordinator.nodeId);
  }
}

/** Share groups keep start offsets, not committed ones: Kafka has other requests for them. */
function requireCommittedOffsets(group: GroupStatus): void {
  if (group.type !== 'share') return;
  throw new OperatorRefusal(
    'invalid',
    null,
    `group ${group.groupId} is a share group: its offsets are reset with kafka-share-groups --reset-offsets, not here`,
    'unsupported_group_type',
  );
}

function requireInactive(group: GroupStatus, what: string): void {
  if (INACTIVE_STATES.has(group.state) && group.members === 0) return;
  const members = group.members === 1 ? '1 live member' : `${group.members} live members`;
  throw new OperatorRefusal(
    'conflict',
    null,
    `group ${group.groupId} has ${members} (state ${group.state}): Kafka lets an admin ${what} only ` +
      'while the group has no members; stop its consumers first',
    'live_members',
  );
}

function planning<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof PlanError) throw new OperatorRefusal('invalid', null, error.message, 'bad_plan');
    throw error;
  }
}
