// AlterPartitionReassignments (key 45, KIP-455): starts moving partitions onto new replica
// lists, or (replicas null) cancels a reassignment in progress. Kafka answers per partition.
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { KafkaProtocolError, kafkaErrorName, NONE, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 45;
const API_NAME = 'AlterPartitionReassignments';
/** v1 (KIP-860) adds AllowReplicationFactorChange; every version is flexible. */
const VERSIONS = { min: 0, max: 1 };
export const NO_REASSIGNMENT_IN_PROGRESS = 85;

export interface ReassignmentRequest {
  timeoutMs: number;
  /** replicas null: cancel the partition's reassignment. */
  topics: { name: string; partitions: { partition: number; replicas: readonly number[] | null }[] }[];
}

export interface ReassignmentResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  topics: {
    name: string;
    partitions: { partition: number; errorCode: number; errorMessage: string | null }[];
  }[];
}

export interface PartitionReassignmentResult {
  topic: string;
  partition: number;
  /** Kafka's error name, null when accepted. */
  error: string | null;
  errorCode: number;
  message: string | null;
}

export function alterPartitionReassignmentsMessage(
  version: number,
  request: ReassignmentRequest,
): ApiMessage<ReassignmentResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.int32(request.timeoutMs);
      // Kestrel's plans change the replication factor on purpose; true is also v0's behaviour.
      if (version >= 1) w.bool(true);
      w.array(request.topics, (w, topic) => {
        w.string(topic.name);
        w.array(topic.partitions, (w, p) => {
          w.int32(p.partition);
          w.array(p.replicas, (w, id) => w.int32(id));
          w.taggedFields();
        });
        w.taggedFields();
      });
    },
    read: (r) => readResponse(r, version),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readResponse(r: Reader, version: number): ReassignmentResponse {
  const throttleTimeMs = r.int32();
  if (version >= 1) r.bool(); // AllowReplicationFactorChange: echoes the request
  const errorCode = r.int16();
  const errorMessage = r.nullableString();
  const topics = r.array(() =>
    r.struct(() => ({
      name: r.string(),
      partitions: r.array(() =>
        r.struct(() => ({ partition: r.int32(), errorCode: r.int16(), errorMessage: r.nullableString() })),
      ),
    })),
  );
  return { throttleTimeMs, errorCode, errorMessage, topics };
}

export async function alterPartitionReassignmentsOn(
  broker: BrokerConnection,
  request: ReassignmentRequest,
): Promise<PartitionReassignmentResult[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  return toReassignmentResults(await send(broker, alterPartitionReassignmentsMessage(version, request)));
}

export function toReassignmentResults(response: ReassignmentResponse): PartitionReassignmentResult[] {
  if (response.errorCode !== NONE)
    throw new KafkaProtocolError(API_NAME, response.errorCode, response.errorMessage);
  return response.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partition,
      errorCode: p.errorCode,
      error: p.errorCode === NONE ? null : kafkaErrorName(p.errorCode),
      message: p.errorMessage,
    })),
  );
}
