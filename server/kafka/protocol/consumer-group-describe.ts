// ConsumerGroupDescribe (key 69, KIP-848): groups of the new consumer protocol, which the classic
// DescribeGroups cannot describe (v6 answers GROUP_ID_NOT_FOUND, older versions "Dead" with no
// members). v1 adds each member's type, which tells classic members of a group under online
// migration from new-protocol ones.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { UnsupportedApiError } from './errors.ts';
import { type AssignedTopic, readAssignment } from './group-assignment.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 69;
const API_NAME = 'ConsumerGroupDescribe';
const VERSIONS = { min: 0, max: 1 };

/** v1 member types; -1 (unknown) from v0 answers. */
const MEMBER_TYPES: Readonly<Record<number, 'classic' | 'consumer'>> = { 0: 'classic', 1: 'consumer' };

export interface ConsumerGroupMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: AssignedTopic[];
  targetAssignment: AssignedTopic[];
  /** The protocol the member speaks; null when the broker does not say (v0). */
  memberType: 'classic' | 'consumer' | null;
}

export interface DescribedConsumerGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupMember[];
}

export interface ConsumerGroupDescribeResponse {
  throttleTimeMs: number;
  groups: DescribedConsumerGroup[];
}

export function consumerGroupDescribeMessage(
  version: number,
  groupIds: readonly string[],
): ApiMessage<ConsumerGroupDescribeResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.array(groupIds, (w, id) => w.string(id));
      w.bool(false); // IncludeAuthorizedOperations
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      groups: r.array(() =>
        r.struct(() => {
          const group = {
            errorCode: r.int16(),
            errorMessage: r.nullableString(),
            groupId: r.string(),
            state: r.string(),
            groupEpoch: r.int32(),
            assignmentEpoch: r.int32(),
            assignorName: r.string(),
            members: r.array(() =>
              r.struct(
                (): ConsumerGroupMember => ({
                  memberId: r.string(),
                  instanceId: r.nullableString(),
                  rackId: r.nullableString(),
                  memberEpoch: r.int32(),
                  clientId: r.string(),
                  clientHost: r.string(),
                  subscribedTopicNames: r.array(() => r.string()),
                  // Brokers send '' rather than null when the member subscribed by name.
                  subscribedTopicRegex: r.nullableString() || null,
                  assignment: readAssignment(r),
                  targetAssignment: readAssignment(r),
                  memberType: version >= 1 ? (MEMBER_TYPES[r.int8()] ?? null) : null,
                }),
              ),
            ),
          };
          r.int32(); // AuthorizedOperations: not asked for
          return group;
        }),
      ),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

/** Describes groups whose coordinator is `broker`; throws UnsupportedApiError before Kafka 3.7/4.0. */
export async function consumerGroupDescribeOn(
  broker: BrokerConnection,
  groupIds: readonly string[],
): Promise<DescribedConsumerGroup[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  if (groupIds.length === 0) return [];
  return (await send(broker, consumerGroupDescribeMessage(version, groupIds))).groups;
}
