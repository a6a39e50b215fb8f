// ListPartitionReassignments (key 46, KIP-455): the reassignments in progress, with the
// replicas each partition is still adding and removing.
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { KafkaProtocolError, NONE, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 46;
const API_NAME = 'ListPartitionReassignments';
const VERSIONS = { min: 0, max: 0 };

export interface OngoingReassignment {
  topic: string;
  partition: number;
  /** The full replica set while moving: the target plus the replicas still to be removed. */
  replicas: number[];
  adding: number[];
  removing: number[];
}

export interface ListReassignmentsResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  topics: { name: string; partitions: Omit<OngoingReassignment, 'topic'>[] }[];
}

/** `topics` null: every reassignment in the cluster. */
export function listPartitionReassignmentsMessage(
  version: number,
  timeoutMs: number,
  topics: { name: string; partitions: number[] }[] | null,
): ApiMessage<ListReassignmentsResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.int32(timeoutMs);
      w.array(topics, (w, topic) => {
        w.string(topic.name);
        w.array(topic.partitions, (w, p) => w.int32(p));
        w.taggedFields();
      });
    },
    read: (r) => readResponse(r),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readResponse(r: Reader): ListReassignmentsResponse {
  const ids = () => r.array(() => r.int32());
  const throttleTimeMs = r.int32();
  const errorCode = r.int16();
  const errorMessage = r.nullableString();
  const topics = r.array(() =>
    r.struct(() => ({
      name: r.string(),
      partitions: r.array(() =>
        r.struct(() => ({ partition: r.int32(), replicas: ids(), adding: ids(), removing: ids() })),
      ),
    })),
  );
  return { throttleTimeMs, errorCode, errorMessage, topics };
}

export async function listPartitionReassignmentsOn(
  broker: BrokerConnection,
  timeoutMs: number,
  topics: { name: string; partitions: number[] }[] | null = null,
): Promise<OngoingReassignment[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, listPartitionReassignmentsMessage(version, timeoutMs, topics));
  if (response.errorCode !== NONE)
    throw new KafkaProtocolError(API_NAME, response.errorCode, response.errorMessage);
  return response.topics
    .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, ...p })))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
