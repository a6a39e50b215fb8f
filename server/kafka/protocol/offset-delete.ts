// OffsetDelete (key 47, KIP-496): removes a group's committed offsets for some partitions. Kafka
// refuses it per partition (GROUP_SUBSCRIBED_TO_TOPIC) while a live member is subscribed to the
// topic. kafkajs lacks it; written from OffsetDeleteRequest/Response.json, v0 (not flexible): the
// only request version, and response v1 only adds flexible encoding.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { type KafkaErrorInfo, KafkaProtocolError, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 47;
const API_NAME = 'OffsetDelete';
const VERSIONS = { min: 0, max: 0 };

export interface OffsetDeleteResponse {
  errorCode: number;
  throttleTimeMs: number;
  partitions: { topic: string; partition: number; errorCode: number }[];
}

export function offsetDeleteMessage(
  groupId: string,
  topics: readonly { topic: string; partitions: readonly number[] }[],
): ApiMessage<OffsetDeleteResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version: 0,
    flexible: false,
    write: (w) => {
      w.string(groupId);
      w.array(topics, (w, t) => {
        w.string(t.topic);
        w.array(t.partitions, (w, p) => w.int32(p));
      });
    },
    read: (r) => ({
      errorCode: r.int16(),
      throttleTimeMs: r.int32(),
      partitions: r
        .array(() => {
          const topic = r.string();
          return r.array(() => ({ topic, partition: r.int32(), errorCode: r.int16() }));
        })
        .flat(),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

export interface DeletedOffset {
  topic: string;
  partition: number;
  error: KafkaErrorInfo | null;
}

/** Throws KafkaProtocolError for a group-level error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP…). */
export async function deleteOffsetsOn(
  coordinator: BrokerConnection,
  groupId: string,
  topics: readonly { topic: string; partitions: readonly number[] }[],
): Promise<DeletedOffset[]> {
  const version = pickVersion(await coordinator.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, coordinator.nodeId);
  const response = await send(coordinator, offsetDeleteMessage(groupId, topics));
  if (response.errorCode !== 0) throw new KafkaProtocolError(API_NAME, response.errorCode);
  return response.partitions.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    error: kafkaError(p.errorCode),
  }));
}
