// OffsetCommit (key 8) as an admin sends it: no generation, no member id, so the coordinator takes
// it only for a group without live members — the same request Kafka's own admin client sends for
// `kafka-consumer-groups --reset-offsets --execute`. kafkajs commits only as a group member (its
// setOffsets joins the group with a consumer), so this one is written from OffsetCommitRequest.json.
// v8 only: the first flexible version, topics by name; later versions change member-epoch and
// topic-id semantics that an admin commit does not need.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 8;
const API_NAME = 'OffsetCommit';
const VERSIONS = { min: 8, max: 8 };

export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: number;
}

export interface CommitResult {
  topic: string;
  partition: number;
  error: KafkaErrorInfo | null;
}

export interface OffsetCommitResponse {
  throttleTimeMs: number;
  partitions: { topic: string; partition: number; errorCode: number }[];
}

export function offsetCommitMessage(
  version: number,
  groupId: string,
  offsets: readonly OffsetToCommit[],
): ApiMessage<OffsetCommitResponse> {
  const byTopic = new Map<string, OffsetToCommit[]>();
  for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.string(groupId);
      w.int32(-1); // GenerationIdOrMemberEpoch: not a member
      w.string(''); // MemberId
      w.string(null); // GroupInstanceId
      w.array([...byTopic], (w, [topic, partitions]) => {
        w.string(topic);
        w.array(partitions, (w, p) => {
          w.int32(p.partition).int64(p.offset).int32(-1); // CommittedLeaderEpoch: unknown
          w.string(null); // CommittedMetadata
          w.taggedFields();
        });
        w.taggedFields();
      });
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      partitions: r
        .array(() =>
          r.struct(() => {
            const topic = r.string();
            return r.array(() => r.struct(() => ({ topic, partition: r.int32(), errorCode: r.int16() })));
          }),
        )
        .flat(),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

/** Commits offsets for `groupId` on its coordinator; per-partition errors come back as data. */
export async function commitOffsetsOn(
  coordinator: BrokerConnection,
  groupId: string,
  offsets: readonly OffsetToCommit[],
): Promise<CommitResult[]> {
  const version = pickVersion(await coordinator.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, coordinator.nodeId);
  const response = await send(coordinator, offsetCommitMessage(version, groupId, offsets));
  return response.partitions.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    error: kafkaError(p.errorCode),
  }));
}
