// Describes the groups of one coordinator, each with the API of its type, as Kafka's Java admin
// client does: ConsumerGroupDescribe for consumer groups (GROUP_ID_NOT_FOUND there means the group
// is classic after all, e.g. downgraded between ListGroups and now; UNSUPPORTED_VERSION means the
// broker predates KIP-848), DescribeGroups for classic ones (whose "Dead" answer for a group that
// ListGroups just listed means it moved to the new protocol), ShareGroupDescribe for share groups,
// StreamsGroupDescribe for streams groups.
import { AssignerProtocol } from 'kafkajs';
import type { ListedGroup, RawGroup } from '../collector/raw.ts';
import type { AssignedPartitions, CollectError, GroupMember, GroupState } from '../collector/snapshot.ts';
import { CLASSIC_MEMBER_FIELDS, GROUP_STATES } from '../collector/snapshot.ts';
import { messageOf } from '../error-message.ts';
import {
  type AssignedTopic,
  type BrokerConnection,
  type ConsumerGroupMember,
  consumerGroupDescribeOn,
  type DescribedStreamsGroup,
  kafkaErrorName,
  type ShareGroupMember,
  type StreamsAssignment,
  type StreamsGroupMember,
  sendKafkajsRequest,
  shareGroupDescribeOn,
  streamsGroupDescribeOn,
  UnsupportedApiError,
} from './protocol/index.ts';
import type { DescribeGroupsResponse } from './responses.ts';

const GROUP_ID_NOT_FOUND = 69;
const KNOWN_STATES = new Set<string>(GROUP_STATES);

export interface Described {
  groups: RawGroup[];
  errors: CollectError[];
}

export async function describeOnCoordinator(
  broker: BrokerConnection,
  listed: readonly ListedGroup[],
): Promise<Described> {
  const out: Described = { groups: [], errors: [] };
  const byType = (type: ListedGroup['type']) => listed.filter((g) => g.type === type).map((g) => g.id);
  const tried = new Set<string>();
  const classic = byType('classic');
  const toClassic = await describeConsumer(broker, byType('consumer'), tried, out);
  const movedToConsumer = await describeClassic(broker, [...classic, ...toClassic], tried, out);
  if (movedToConsumer.length > 0) await describeConsumer(broker, movedToConsumer, tried, out);
  await describeShare(broker, byType('share'), out);
  await describeStreams(
    broker,
    listed.filter((g) => g.type === 'streams'),
    out,
  );
  return out;
}

/** Returns the groups to describe as classic instead. */
async function describeConsumer(
  broker: BrokerConnection,
  ids: readonly string[],
  tried: Set<string>,
  out: Described,
): Promise<string[]> {
  const fresh = ids.filter((id) => !tried.has(id));
  if (fresh.length === 0) return [];
  for (const id of fresh) tried.add(id);
  let described: Awaited<ReturnType<typeof consumerGroupDescribeOn>>;
  try {
    described = await consumerGroupDescribeOn(broker, fresh);
  } catch (error) {
    if (error instanceof UnsupportedApiError) return fresh;
    out.errors.push(...fresh.map((id) => groupError(id, messageOf(error))));
    return [];
  }
  const classic: string[] = [];
  for (const g of described) {
    if (g.errorCode === GROUP_ID_NOT_FOUND) classic.push(g.groupId);
    else if (g.errorCode !== 0) out.errors.push(groupError(g.groupId, kafkaErrorName(g.errorCode)));
    else
      out.groups.push({
        id: g.groupId,
        type: 'consumer',
        state: stateOf(g.state),
        protocolType: 'consumer',
        protocol: g.assignorName,
        groupEpoch: g.groupEpoch,
        assignmentEpoch: g.assignmentEpoch,
        coordinator: broker.nodeId,
        members: g.members.map(consumerMember),
      });
  }
  return classic;
}

/** Returns the groups that answered as a new-protocol group would (Dead, or GROUP_ID_NOT_FOUND). */
async function describeClassic(
  broker: BrokerConnection,
  ids: readonly string[],
  tried: Set<string>,
  out: Described,
): Promise<string[]> {
  if (ids.length === 0) return [];
  let response: DescribeGroupsResponse;
  try {
    response = await sendKafkajsRequest<DescribeGroupsResponse>(broker, 'DescribeGroups', {
      groupIds: [...ids],
    });
  } catch (error) {
    out.errors.push(...ids.map((id) => groupError(id, messageOf(error))));
    return [];
  }
  const moved: string[] = [];
  for (const g of response.groups) {
    const absent = g.errorCode === GROUP_ID_NOT_FOUND || (g.errorCode === 0 && g.state === 'Dead');
    if (absent && !tried.has(g.groupId)) {
      moved.push(g.groupId);
      continue;
    }
    if (g.errorCode === GROUP_ID_NOT_FOUND) continue; // deleted since it was listed
    if (g.errorCode !== 0) {
      out.errors.push(groupError(g.groupId, kafkaErrorName(g.errorCode)));
      continue;
    }
    out.groups.push({
      id: g.groupId,
      type: 'classic',
      state: stateOf(g.state),
      protocolType: g.protocolType,
      protocol: g.protocol,
      groupEpoch: null,
      assignmentEpoch: null,
      coordinator: broker.nodeId,
      members: g.members.map((m) => classicMember(m, g.protocolType)),
    });
  }
  return moved;
}

async function describeShare(
  broker: BrokerConnection,
  ids: readonly string[],
  out: Described,
): Promise<void> {
  if (ids.length === 0) return;
  try {
    for (const g of await shareGroupDescribeOn(broker, ids)) {
      if (g.errorCode === GROUP_ID_NOT_FOUND) continue;
      if (g.errorCode !== 0) {
        out.errors.push(groupError(g.groupId, kafkaErrorName(g.errorCode)));
        continue;
      }
      out.groups.push({
        id: g.groupId,
        type: 'share',
        state: stateOf(g.state),
        protocolType: 'share',
        protocol: g.assignorName,
        groupEpoch: g.groupEpoch,
        assignmentEpoch: g.assignmentEpoch,
        coordinator: broker.nodeId,
        members: g.members.map(shareMember),
      });
    }
  } catch (error) {
    out.errors.push(...ids.map((id) => groupError(id, messageOf(error))));
  }
}

async function describeStreams(
  broker: BrokerConnection,
  listed: readonly ListedGroup[],
  out: Described,
): Promise<void> {
  if (listed.length === 0) return;
  let described: DescribedStreamsGroup[];
  try {
    described = await streamsGroupDescribeOn(
      broker,
      listed.map((g) => g.id),
    );
  } catch (error) {
    // A broker that lists streams groups but cannot describe them still gives what ListGroups had.
    if (error instanceof UnsupportedApiError) {
      for (const group of listed) out.groups.push(listedOnly(group, broker));
      return;
    }
    out.errors.push(...listed.map((g) => groupError(g.id, messageOf(error))));
    return;
  }
  for (const g of described) {
    if (g.errorCode === GROUP_ID_NOT_FOUND) continue;
    if (g.errorCode !== 0) {
      out.errors.push(groupError(g.groupId, kafkaErrorName(g.errorCode)));
      continue;
    }
    const sources = new Map((g.subtopologies ?? []).map((s) => [s.subtopologyId, s.sourceTopics]));
    out.groups.push({
      id: g.groupId,
      type: 'streams',
      state: stateOf(g.state),
      protocolType: 'streams',
      protocol: '',
      groupEpoch: g.groupEpoch,
      assignmentEpoch: g.assignmentEpoch,
      coordinator: broker.nodeId,
      members: g.members.map((m) => streamsMember(m, sources)),
    });
  }
}

/** What ListGroups alone tells of a group whose type Kestrel cannot describe further. */
function listedOnly(group: ListedGroup, broker: BrokerConnection): RawGroup {
  return {
    id: group.id,
    type: group.type,
    state: stateOf(group.state ?? 'Unknown'),
    protocolType: group.protocolType,
    protocol: '',
    groupEpoch: null,
    assignmentEpoch: null,
    coordinator: broker.nodeId,
    members: [],
  };
}

function stateOf(state: string): GroupState {
  return KNOWN_STATES.has(state) ? (state as GroupState) : 'Unknown';
}

function groupError(group: string, message: string): CollectError {
  return { kind: 'groups', message, target: group };
}

function assigned(topics: readonly AssignedTopic[]): AssignedPartitions[] {
  return topics
    .map((t) => ({ topic: t.topic, partitions: [...t.partitions].sort((a, b) => a - b) }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

function consumerMember(m: ConsumerGroupMember): GroupMember {
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignment: assigned(m.assignment),
    instanceId: m.instanceId,
    rack: m.rackId,
    memberEpoch: m.memberEpoch,
    subscribedTopics: [...m.subscribedTopicNames].sort(),
    subscribedTopicRegex: m.subscribedTopicRegex,
    targetAssignment: assigned(m.targetAssignment),
    memberType: m.memberType,
    tasks: null,
  };
}

function shareMember(m: ShareGroupMember): GroupMember {
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignment: assigned(m.assignment),
    instanceId: null,
    rack: m.rackId,
    memberEpoch: m.memberEpoch,
    subscribedTopics: [...m.subscribedTopicNames].sort(),
    subscribedTopicRegex: null,
    targetAssignment: null,
    memberType: null,
    tasks: null,
  };
}

/** Active task (s, p) reads partition p of every source topic of subtopology s. */
function taskPartitions(
  tasks: StreamsAssignment['active'],
  sources: ReadonlyMap<string, readonly string[]>,
): AssignedPartitions[] {
  const byTopic = new Map<string, Set<number>>();
  for (const task of tasks)
    for (const topic of sources.get(task.subtopology) ?? []) {
      const set = byTopic.get(topic) ?? new Set<number>();
      for (const p of task.partitions) set.add(p);
      byTopic.set(topic, set);
    }
  return assigned([...byTopic].map(([topic, set]) => ({ topicId: '', topic, partitions: [...set] })));
}

function streamsMember(m: StreamsGroupMember, sources: ReadonlyMap<string, readonly string[]>): GroupMember {
  const tasks = (list: StreamsAssignment['active']) =>
    list.map((t) => ({ subtopology: t.subtopology, partitions: [...t.partitions].sort((a, b) => a - b) }));
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignment: taskPartitions(m.assignment.active, sources),
    instanceId: m.instanceId,
    rack: m.rackId,
    memberEpoch: m.memberEpoch,
    subscribedTopics: [...new Set([...sources.values()].flat())].sort(),
    subscribedTopicRegex: null,
    targetAssignment: taskPartitions(m.targetAssignment.active, sources),
    memberType: m.isClassic ? 'classic' : null,
    tasks: {
      active: tasks(m.assignment.active),
      standby: tasks(m.assignment.standby),
      warmup: tasks(m.assignment.warmup),
    },
  };
}

function classicMember(
  m: DescribeGroupsResponse['groups'][number]['members'][number],
  protocolType: string,
): GroupMember {
  let assignment: AssignedPartitions[] = [];
  // Only the classic consumer protocol has an assignment format Kestrel can read.
  if (protocolType === 'consumer' && m.memberAssignment && m.memberAssignment.length > 0) {
    try {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      assignment = assigned(
        Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({
          topicId: '',
          topic,
          partitions,
        })),
      );
    } catch {
      assignment = [];
    }
  }
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignment,
    ...CLASSIC_MEMBER_FIELDS,
  };
}
