// Members of each group type in the one shape the snapshot has: what each describe API tells
// of a member, with the assignment as topic partitions (streams tasks mapped onto them).

import { AssignerProtocol } from 'kafkajs';
import { type AssignedPartitions, CLASSIC_MEMBER_FIELDS, type GroupMember } from '../model/index.ts';
import { clientHost } from './client-host.ts';
import type {
  AssignedTopic,
  ConsumerGroupMember,
  ShareGroupMember,
  StreamsAssignment,
  StreamsGroupMember,
} from './protocol/index.ts';
import type { DescribeGroupsResponse } from './responses.ts';

function assigned(topics: readonly AssignedTopic[]): AssignedPartitions[] {
  return topics
    .map((t) => ({ topic: t.topic, partitions: [...t.partitions].sort((a, b) => a - b) }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

export function consumerMember(m: ConsumerGroupMember): GroupMember {
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: clientHost(m.clientHost),
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

export function shareMember(m: ShareGroupMember): GroupMember {
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: clientHost(m.clientHost),
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

export function streamsMember(
  m: StreamsGroupMember,
  sources: ReadonlyMap<string, readonly string[]>,
): GroupMember {
  const tasks = (list: StreamsAssignment['active']) =>
    list.map((t) => ({ subtopology: t.subtopology, partitions: [...t.partitions].sort((a, b) => a - b) }));
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    host: clientHost(m.clientHost),
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

export function classicMember(
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
    host: clientHost(m.clientHost),
    assignment,
    ...CLASSIC_MEMBER_FIELDS,
  };
}
