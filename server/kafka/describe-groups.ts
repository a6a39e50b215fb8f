// Describes the groups of one coordinator, each with the API of its type, as Kafka's Java admin
// client does: ConsumerGroupDescribe for consumer groups (GROUP_ID_NOT_FOUND there means the group
// is classic after all, e.g. downgraded between ListGroups and now; UNSUPPORTED_VERSION means the
// broker predates KIP-848), DescribeGroups for classic ones (whose "Dead" answer for a group that
// ListGroups just listed means it moved to the new protocol), ShareGroupDescribe for share groups,
// StreamsGroupDescribe for streams groups.
import {
  type CollectError,
  type DescribedGroup,
  GROUP_STATES,
  type GroupState,
  type ListedGroup,
} from '../model/index.ts';
import { messageOf } from '../shared/error-message.ts';
import { classicMember, consumerMember, shareMember, streamsMember } from './group-members.ts';
import {
  type BrokerConnection,
  consumerGroupDescribeOn,
  type DescribedStreamsGroup,
  kafkaErrorName,
  sendKafkajsRequest,
  shareGroupDescribeOn,
  streamsGroupDescribeOn,
  UnsupportedApiError,
} from './protocol/index.ts';
import type { DescribeGroupsResponse } from './responses.ts';

const GROUP_ID_NOT_FOUND = 69;
const UNSUPPORTED_VERSION = 35;
const KNOWN_STATES = new Set<string>(GROUP_STATES);

export interface Described {
  groups: DescribedGroup[];
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
    // Kafka 3.x brokers advertise the API but answer UNSUPPORTED_VERSION per group while the new
    // group coordinator is off (always so in ZooKeeper mode): those groups are classic.
    if (g.errorCode === GROUP_ID_NOT_FOUND || g.errorCode === UNSUPPORTED_VERSION) classic.push(g.groupId);
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
function listedOnly(group: ListedGroup, broker: BrokerConnection): DescribedGroup {
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
