// IncrementalAlterConfigs (key 44, KIP-339), only as far as replication throttles need it: set
// or delete single config keys on brokers and topics. Unlike the legacy AlterConfigs that
// kafkajs has, it leaves every other dynamic config of the resource alone (AlterConfigs replaces
// the whole set, and cannot write back sensitive values it is never shown).
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { KafkaProtocolError, NONE, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 44;
const API_NAME = 'IncrementalAlterConfigs';
/** v1 is the flexible version of v0. */
const VERSIONS = { min: 0, max: 1 };

export const RESOURCE_TYPES = { topic: 2, broker: 4 } as const;
/** ConfigOperation: 0 SET, 1 DELETE (2 APPEND and 3 SUBTRACT are not used here). */
const OPERATIONS = { set: 0, delete: 1 } as const;

export interface ConfigChange {
  name: string;
  /** A value to set, or null to delete the key (back to its default). */
  value: string | null;
}

export interface ConfigResourceChanges {
  type: keyof typeof RESOURCE_TYPES;
  /** Topic name, or broker id as text. */
  name: string;
  changes: ConfigChange[];
}

export interface ConfigChangesResponse {
  throttleTimeMs: number;
  responses: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[];
}

export function incrementalAlterConfigsMessage(
  version: number,
  resources: readonly ConfigResourceChanges[],
): ApiMessage<ConfigChangesResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 1,
    write: (w) => {
      w.array(resources, (w, resource) => {
        w.int8(RESOURCE_TYPES[resource.type]);
        w.string(resource.name);
        w.array(resource.changes, (w, change) => {
          w.string(change.name);
          w.int8(change.value === null ? OPERATIONS.delete : OPERATIONS.set);
          w.string(change.value);
          w.taggedFields();
        });
        w.taggedFields();
      });
      w.bool(false); // ValidateOnly
    },
    read: (r) => readResponse(r),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readResponse(r: Reader): ConfigChangesResponse {
  const throttleTimeMs = r.int32();
  const responses = r.array(() =>
    r.struct(() => ({
      errorCode: r.int16(),
      errorMessage: r.nullableString(),
      resourceType: r.int8(),
      resourceName: r.string(),
    })),
  );
  return { throttleTimeMs, responses };
}

/** Throws KafkaProtocolError for the first resource Kafka refused. */
export async function incrementalAlterConfigsOn(
  broker: BrokerConnection,
  resources: readonly ConfigResourceChanges[],
): Promise<void> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, incrementalAlterConfigsMessage(version, resources));
  const refused = response.responses.find((r) => r.errorCode !== NONE);
  if (refused)
    throw new KafkaProtocolError(
      `${API_NAME} of ${refused.resourceName}`,
      refused.errorCode,
      refused.errorMessage,
    );
}
