// ShareGroupDescribe (key 77, KIP-932): share groups' state, epochs, members and assignment.
// Kafka 4.1 dropped the early-access v0, so v1 is the only version to speak.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { UnsupportedApiError } from './errors.ts';
import { type AssignedTopic, readAssignment } from './group-assignment.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 77;
const API_NAME = 'ShareGroupDescribe';
const VERSIONS = { min: 1, max: 1 };

export interface ShareGroupMember {
  memberId: string;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  assignment: AssignedTopic[];
}

export interface DescribedShareGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupMember[];
}

export interface ShareGroupDescribeResponse {
  throttleTimeMs: number;
  groups: DescribedShareGroup[];
}

export function shareGroupDescribeMessage(
  version: number,
  groupIds: readonly string[],
): ApiMessage<ShareGroupDescribeResponse> {
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
                (): ShareGroupMember => ({
                  memberId: r.string(),
                  rackId: r.nullableString(),
                  memberEpoch: r.int32(),
                  clientId: r.string(),
                  clientHost: r.string(),
                  subscribedTopicNames: r.array(() => r.string()),
                  assignment: readAssignment(r),
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

export async function shareGroupDescribeOn(
  broker: BrokerConnection,
  groupIds: readonly string[],
): Promise<DescribedShareGroup[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  if (groupIds.length === 0) return [];
  return (await send(broker, shareGroupDescribeMessage(version, groupIds))).groups;
}
