// ElectLeaders (key 43, KIP-183/460): a preferred or unclean leader election for given
// partitions, or for every partition of the cluster (null). kafkajs 2.2.4 does not have it.
// Kafka answers per partition; ELECTION_NOT_NEEDED (84) means the partition already has the
// leader asked for, which is an outcome, not a failure.
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { KafkaProtocolError, kafkaErrorName, NONE, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 43;
const API_NAME = 'ElectLeaders';
/** v0 knows only preferred elections; v1 adds the election type, v2 is flexible. */
const VERSIONS = { min: 1, max: 2 };
export const ELECTION_NOT_NEEDED = 84;

export const ELECTION_TYPES = { preferred: 0, unclean: 1 } as const;
export type ElectionType = keyof typeof ELECTION_TYPES;

export interface ElectionRequest {
  type: ElectionType;
  /** null: every partition of the cluster. */
  partitions: { topic: string; partitions: number[] }[] | null;
  timeoutMs: number;
}

export interface ElectionResponse {
  throttleTimeMs: number;
  errorCode: number;
  results: {
    topic: string;
    partitions: { partition: number; errorCode: number; errorMessage: string | null }[];
  }[];
}

export interface PartitionElection {
  topic: string;
  partition: number;
  /** elected: Kafka moved the leader; not_needed: it already was the one asked for. */
  outcome: 'elected' | 'not_needed' | 'failed';
  /** Kafka's error name for not_needed and failed, null when elected. */
  error: string | null;
  message: string | null;
}

export function electLeadersMessage(version: number, request: ElectionRequest): ApiMessage<ElectionResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 2,
    write: (w) => {
      w.int8(ELECTION_TYPES[request.type]);
      w.array(request.partitions, (w, topic) => {
        w.string(topic.topic);
        w.array(topic.partitions, (w, partition) => w.int32(partition));
        w.taggedFields();
      });
      w.int32(request.timeoutMs);
    },
    read: (r) => readResponse(r),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readResponse(r: Reader): ElectionResponse {
  const throttleTimeMs = r.int32();
  const errorCode = r.int16();
  const results = r.array(() =>
    r.struct(() => ({
      topic: r.string(),
      partitions: r.array(() =>
        r.struct(() => ({ partition: r.int32(), errorCode: r.int16(), errorMessage: r.nullableString() })),
      ),
    })),
  );
  return { throttleTimeMs, errorCode, results };
}

/** Sends the election to one broker (which forwards it to the controller in KRaft mode). */
export async function electLeadersOn(
  broker: BrokerConnection,
  request: ElectionRequest,
): Promise<PartitionElection[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, electLeadersMessage(version, request));
  return toElections(response);
}

export function toElections(response: ElectionResponse): PartitionElection[] {
  if (response.errorCode !== NONE) throw new KafkaProtocolError(API_NAME, response.errorCode);
  return response.results
    .flatMap((t) =>
      t.partitions.map(
        (p): PartitionElection => ({
          topic: t.topic,
          partition: p.partition,
          outcome:
            p.errorCode === NONE ? 'elected' : p.errorCode === ELECTION_NOT_NEEDED ? 'not_needed' : 'failed',
          error: p.errorCode === NONE ? null : kafkaErrorName(p.errorCode),
          message: p.errorMessage,
        }),
      ),
    )
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
