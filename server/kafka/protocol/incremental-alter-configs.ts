// IncrementalAlterConfigs (key 44, KIP-339): sets or deletes single config keys, leaving the
// others as they are (AlterConfigs replaces the whole set). kafkajs lacks it; written from
// IncrementalAlterConfigsRequest/Response.json: v0, and v1 with the same fields, flexible.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 44;
const API_NAME = 'IncrementalAlterConfigs';
const VERSIONS = { min: 0, max: 1 };
export const TOPIC_RESOURCE_TYPE = 2;

/** Kafka's AlterConfigOp.OpType ids; APPEND and SUBTRACT (list values) are not used here. */
export const CONFIG_OPERATIONS = { set: 0, delete: 1 } as const;

export interface ConfigChange {
  name: string;
  operation: keyof typeof CONFIG_OPERATIONS;
  /** null for delete, which reverts the key to its inherited value. */
  value: string | null;
}

export interface AlterConfigsResource {
  resourceType: number;
  resourceName: string;
  changes: readonly ConfigChange[];
}

export interface IncrementalAlterConfigsResponse {
  throttleTimeMs: number;
  resources: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[];
}

export function incrementalAlterConfigsMessage(
  version: number,
  resources: readonly AlterConfigsResource[],
  validateOnly: boolean,
): ApiMessage<IncrementalAlterConfigsResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 1,
    write: (w) => {
      w.array(resources, (w, resource) => {
        w.int8(resource.resourceType).string(resource.resourceName);
        w.array(resource.changes, (w, change) => {
          w.string(change.name).int8(CONFIG_OPERATIONS[change.operation]).string(change.value);
          w.taggedFields();
        });
        w.taggedFields();
      });
      w.bool(validateOnly);
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      resources: r.array(() =>
        r.struct(() => ({
          errorCode: r.int16(),
          errorMessage: r.nullableString(),
          resourceType: r.int8(),
          resourceName: r.string(),
        })),
      ),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

export interface AlterConfigsResult {
  resourceName: string;
  error: KafkaErrorInfo | null;
}

/** Topic configs: any broker takes the request (KRaft brokers forward it to the controller). */
export async function incrementalAlterConfigsOn(
  broker: BrokerConnection,
  resources: readonly AlterConfigsResource[],
  validateOnly = false,
): Promise<AlterConfigsResult[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, incrementalAlterConfigsMessage(version, resources, validateOnly));
  return response.resources.map((r) => ({
    resourceName: r.resourceName,
    error: kafkaError(r.errorCode, r.errorMessage),
  }));
}
