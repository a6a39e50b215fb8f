// StreamsGroupDescribe (key 89, KIP-1071): Kafka Streams groups of the streams rebalance
// protocol: state, epochs, topology (which source topics each subtopology reads) and members with
// their active, standby and warm-up tasks. A task (subtopology s, partition p) reads partition p
// of every source topic of s, which is how tasks map onto the partitions whose lag Kestrel shows.
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 89;
const API_NAME = 'StreamsGroupDescribe';
const VERSIONS = { min: 0, max: 1 };

export interface TaskIds {
  subtopology: string;
  partitions: number[];
}

export interface StreamsAssignment {
  active: TaskIds[];
  standby: TaskIds[];
  warmup: TaskIds[];
}

export interface StreamsGroupMember {
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  topologyEpoch: number;
  processId: string;
  assignment: StreamsAssignment;
  targetAssignment: StreamsAssignment;
  /** A classic-protocol Streams client in a streams group. */
  isClassic: boolean;
}

export interface Subtopology {
  subtopologyId: string;
  sourceTopics: string[];
}

export interface DescribedStreamsGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  /** null until the group has a topology. */
  subtopologies: Subtopology[] | null;
  members: StreamsGroupMember[];
}

export interface StreamsGroupDescribeResponse {
  throttleTimeMs: number;
  groups: DescribedStreamsGroup[];
}

function skipTopicInfo(r: Reader): void {
  r.struct(() => {
    r.string(); // Name
    r.int32(); // Partitions
    r.int16(); // ReplicationFactor
    r.array(() => r.struct(() => [r.string(), r.string()])); // TopicConfigs
  });
}

function readTasks(r: Reader): TaskIds[] {
  return r.array(() => r.struct(() => ({ subtopology: r.string(), partitions: r.array(() => r.int32()) })));
}

function readAssignment(r: Reader): StreamsAssignment {
  return r.struct(() => ({ active: readTasks(r), standby: readTasks(r), warmup: readTasks(r) }));
}

function skipTaskOffsets(r: Reader): void {
  r.array(() => r.struct(() => [r.string(), r.int32(), r.int64()]));
}

function skipTopologyNode(r: Reader): void {
  r.struct(() => {
    r.string(); // Name
    r.int8(); // NodeType
    r.array(() => r.string()); // SourceTopics
    r.nullableString(); // SinkTopic
    r.array(() => r.string()); // Stores
    r.array(() => r.string()); // Successors
  });
}

/** v1's topology description (asked not to be sent, but read past should a broker send it). */
function skipTopologyDescription(r: Reader): void {
  r.nullableStruct(() => {
    r.array(() => r.struct(() => [r.string(), r.array(() => skipTopologyNode(r))]));
    r.array(() =>
      r.struct(() => {
        skipTopologyNode(r);
        skipTopologyNode(r);
      }),
    );
  });
}

export function streamsGroupDescribeMessage(
  version: number,
  groupIds: readonly string[],
): ApiMessage<StreamsGroupDescribeResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.array(groupIds, (w, id) => w.string(id));
      w.bool(false); // IncludeAuthorizedOperations
      if (version >= 1) w.bool(false); // IncludeTopologyDescription
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      groups: r.array(() =>
        r.struct((): DescribedStreamsGroup => {
          const errorCode = r.int16();
          const errorMessage = r.nullableString();
          const groupId = r.string();
          const state = r.string();
          const groupEpoch = r.int32();
          const assignmentEpoch = r.int32();
          const topology = r.nullableStruct(() => {
            r.int32(); // Epoch
            return r.nullableArray(() =>
              r.struct((): Subtopology => {
                const subtopologyId = r.string();
                const sourceTopics = r.array(() => r.string());
                r.array(() => r.string()); // RepartitionSinkTopics
                r.array(() => skipTopicInfo(r)); // StateChangelogTopics
                r.array(() => skipTopicInfo(r)); // RepartitionSourceTopics
                return { subtopologyId, sourceTopics };
              }),
            );
          });
          const members = r.array(() =>
            r.struct((): StreamsGroupMember => {
              const member = {
                memberId: r.string(),
                memberEpoch: r.int32(),
                instanceId: r.nullableString(),
                rackId: r.nullableString(),
                clientId: r.string(),
                clientHost: r.string(),
                topologyEpoch: r.int32(),
                processId: r.string(),
              };
              r.nullableStruct(() => [r.string(), r.uint16()]); // UserEndpoint
              r.array(() => r.struct(() => [r.string(), r.string()])); // ClientTags
              skipTaskOffsets(r); // TaskOffsets
              skipTaskOffsets(r); // TaskEndOffsets
              return {
                ...member,
                assignment: readAssignment(r),
                targetAssignment: readAssignment(r),
                isClassic: r.bool(),
              };
            }),
          );
          r.int32(); // AuthorizedOperations: not asked for
          if (version >= 1) {
            skipTopologyDescription(r);
            r.int8(); // TopologyDescriptionStatus
            r.nullableString(); // AssignorName
          }
          return {
            errorCode,
            errorMessage,
            groupId,
            state,
            groupEpoch,
            assignmentEpoch,
            subtopologies: topology ?? null,
            members,
          };
        }),
      ),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

export async function streamsGroupDescribeOn(
  broker: BrokerConnection,
  groupIds: readonly string[],
): Promise<DescribedStreamsGroup[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  if (groupIds.length === 0) return [];
  return (await send(broker, streamsGroupDescribeMessage(version, groupIds))).groups;
}
