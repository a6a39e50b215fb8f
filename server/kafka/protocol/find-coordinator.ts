// FindCoordinator (key 10) for many consumer groups: one request for all of them from v4 on
// (KIP-699), one request per group on older brokers.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { mapWithConcurrency } from './concurrency.ts';
import { clientError, type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection, ClusterAccess } from './kafkajs/index.ts';

const API_KEY = 10;
const API_NAME = 'FindCoordinator';
/** v0 has no key type; v4–v6 share one layout (v5/v6 only add error codes and key types). */
const VERSIONS = { min: 1, max: 6 };
const FIRST_BATCHED_VERSION = 4;
const GROUP_KEY_TYPE = 0;
const SINGLE_LOOKUPS_IN_FLIGHT = 8;

export interface Coordinator {
  nodeId: number;
  host: string;
  port: number;
}

export type CoordinatorLookup =
  | { groupId: string; coordinator: Coordinator; error: null }
  | { groupId: string; coordinator: null; error: KafkaErrorInfo };

interface RawCoordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  throttleTimeMs: number;
  coordinators: RawCoordinator[];
}

/** v4+: every group in one request. */
export function findCoordinatorsMessage(
  version: number,
  groupIds: readonly string[],
): ApiMessage<FindCoordinatorResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.int8(GROUP_KEY_TYPE);
      w.array(groupIds, (w, groupId) => w.string(groupId));
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      coordinators: r.array(() =>
        r.struct(() => ({
          key: r.string(),
          nodeId: r.int32(),
          host: r.string(),
          port: r.int32(),
          errorCode: r.int16(),
          errorMessage: r.nullableString(),
        })),
      ),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

/** v1–v3: one group; the answer is given the same shape as a batched one. */
export function findCoordinatorMessage(
  version: number,
  groupId: string,
): ApiMessage<FindCoordinatorResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 3,
    write: (w) => {
      w.string(groupId);
      w.int8(GROUP_KEY_TYPE);
    },
    read: (r) => {
      const throttleTimeMs = r.int32();
      const errorCode = r.int16();
      const errorMessage = r.nullableString();
      const coordinator = {
        key: groupId,
        nodeId: r.int32(),
        host: r.string(),
        port: r.int32(),
        errorCode,
        errorMessage,
      };
      return { throttleTimeMs, coordinators: [coordinator] };
    },
    // v1 brokers delay the answer themselves; KIP-219 leaves throttling to the client from v2 on.
    throttleTimeMs: (response) => (version >= 2 ? response.throttleTimeMs : 0),
  };
}

export async function findCoordinatorsOn(
  broker: BrokerConnection,
  groupIds: readonly string[],
): Promise<CoordinatorLookup[]> {
  const unique = [...new Set(groupIds)];
  if (unique.length === 0) return [];
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);

  let answers: RawCoordinator[];
  if (version >= FIRST_BATCHED_VERSION) {
    answers = (await send(broker, findCoordinatorsMessage(version, unique))).coordinators;
  } else {
    const responses = await mapWithConcurrency(unique, SINGLE_LOOKUPS_IN_FLIGHT, (groupId) =>
      send(broker, findCoordinatorMessage(version, groupId)),
    );
    answers = responses.flatMap((response) => response.coordinators);
  }
  const byGroup = new Map(answers.map((answer) => [answer.key, answer]));
  return unique.map((groupId) => toLookup(groupId, byGroup.get(groupId)));
}

function toLookup(groupId: string, answer: RawCoordinator | undefined): CoordinatorLookup {
  if (answer === undefined) {
    return {
      groupId,
      coordinator: null,
      error: clientError('MISSING_FROM_RESPONSE', 'the broker did not answer for this group'),
    };
  }
  const error = kafkaError(answer.errorCode, answer.errorMessage);
  if (error !== null) return { groupId, coordinator: null, error };
  return {
    groupId,
    coordinator: { nodeId: answer.nodeId, host: answer.host, port: answer.port },
    error: null,
  };
}

/** Asks any reachable broker where each group's coordinator is. */
export function findCoordinators(
  kafka: ClusterAccess,
  groupIds: readonly string[],
): Promise<CoordinatorLookup[]> {
  return kafka.withAnyBroker((broker) => findCoordinatorsOn(broker, groupIds));
}
