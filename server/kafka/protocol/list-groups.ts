// ListGroups (key 16) up to v5, which tells each group's type (KIP-848) and state (KIP-518).
// kafkajs speaks v0–v2 only, which gives neither: a group of the new consumer protocol then looks
// like any other, and is described with the wrong API. Older brokers answer with what they have.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { KafkaProtocolError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 16;
const API_NAME = 'ListGroups';
const VERSIONS = { min: 0, max: 5 };

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  /** v4+; null from older brokers. */
  state: string | null;
  /** v5+ (`classic`, `consumer`, `share`, `streams`); null from older brokers. */
  type: string | null;
}

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

/** Every group of every type and state: both filters empty. */
export function listGroupsMessage(version: number): ApiMessage<ListGroupsResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 3,
    write: (w) => {
      if (version >= 4) w.array([], () => undefined); // StatesFilter
      if (version >= 5) w.array([], () => undefined); // TypesFilter
    },
    read: (r) => ({
      throttleTimeMs: version >= 1 ? r.int32() : 0,
      errorCode: r.int16(),
      groups: r.array(() =>
        r.struct(() => ({
          groupId: r.string(),
          protocolType: r.string(),
          state: version >= 4 ? r.string() : null,
          type: version >= 5 ? r.string() : null,
        })),
      ),
    }),
    // v0 and v1 brokers delay the answer themselves (KIP-219).
    throttleTimeMs: (response) => (version >= 2 ? response.throttleTimeMs : 0),
  };
}

/** The groups whose coordinator is `broker` (every broker must be asked for the full list). */
export async function listGroupsOn(broker: BrokerConnection): Promise<ListedGroup[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, listGroupsMessage(version));
  if (response.errorCode !== 0) throw new KafkaProtocolError(API_NAME, response.errorCode);
  return response.groups;
}
