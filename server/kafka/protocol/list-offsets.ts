// Offsets of many partitions at a time (log start, end, or the first at a timestamp): ListOffsets,
// one request per leader. Written here rather than sent through kafkajs because a poll asks twice
// for every partition of the cluster, and kafkajs' encoder and decoder build a buffer and an object
// per partition (about 40 ms of CPU per 10,000-partition request, twice a cycle).
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader, Writer } from './codec.ts';
import { type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 2;
const API_NAME = 'ListOffsets';
/** v0 (several offsets per partition) went away in Kafka 4; v1 is in every broker since 0.10.1. */
const VERSIONS = { min: 1, max: 10 };
/** v10+: how long the broker may wait for tiered storage when a timestamp needs it. */
const REMOTE_READ_TIMEOUT_MS = 30_000;

export const LATEST_OFFSET = -1;
export const EARLIEST_OFFSET = -2;

export interface OffsetQuery {
  topic: string;
  partitions: readonly { partition: number; timestamp: number }[];
}

export interface ListedOffset {
  topic: string;
  partition: number;
  /** -1 when a timestamp query found no record at or after it. */
  offset: number;
  /** The found record's timestamp for a timestamp query; -1 for earliest/latest. */
  timestamp: number;
  /** null before v4 or when the broker does not say. */
  leaderEpoch: number | null;
  error: KafkaErrorInfo | null;
}

export interface ListOffsetsResponse {
  throttleTimeMs: number;
  offsets: ListedOffset[];
}

export function listOffsetsMessage(
  version: number,
  queries: readonly OffsetQuery[],
  isolationLevel: 0 | 1,
): ApiMessage<ListOffsetsResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 6,
    write: (w) => writeRequest(w, version, queries, isolationLevel),
    read: (r) => ({
      throttleTimeMs: version >= 2 ? r.int32() : 0,
      offsets: r.array(() => r.struct(() => readTopic(r, version))).flat(),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function writeRequest(w: Writer, version: number, queries: readonly OffsetQuery[], isolationLevel: 0 | 1) {
  w.int32(-1); // ReplicaId: a client, not a follower
  if (version >= 2) w.int8(isolationLevel);
  w.array(queries, (w, query) => {
    w.string(query.topic);
    w.array(query.partitions, (w, p) => {
      w.int32(p.partition);
      if (version >= 4) w.int32(-1); // CurrentLeaderEpoch: unknown, so the broker does not fence us
      w.int64(p.timestamp);
      w.taggedFields();
    });
    w.taggedFields();
  });
  if (version >= 10) w.int32(REMOTE_READ_TIMEOUT_MS);
}

function readTopic(r: Reader, version: number): ListedOffset[] {
  const topic = r.string();
  return r.array(() =>
    r.struct((): ListedOffset => {
      const partition = r.int32();
      const error = kafkaError(r.int16());
      const timestamp = r.int64();
      const offset = r.int64();
      const epoch = version >= 4 ? r.int32() : -1;
      return { topic, partition, offset, timestamp, leaderEpoch: epoch < 0 ? null : epoch, error };
    }),
  );
}

/** Offsets of partitions led by `broker`, in one request; a failed partition keeps its error. */
export async function listOffsetsOn(
  broker: BrokerConnection,
  queries: readonly OffsetQuery[],
  isolationLevel: 0 | 1 = 0,
): Promise<ListedOffset[]> {
  if (queries.length === 0) return [];
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  return (await send(broker, listOffsetsMessage(version, queries, isolationLevel))).offsets;
}
