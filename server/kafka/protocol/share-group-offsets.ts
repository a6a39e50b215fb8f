// DescribeShareGroupOffsets (key 90, KIP-932): per partition a share group's start offset (the
// share-partition start offset, below which every record is acknowledged) and, from v1, its lag
// as the broker computes it. A share group has no committed offsets, so this is its lag; where
// the broker has none (v0, or -1), the lag is unknown rather than made up from the offsets.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 90;
const API_NAME = 'DescribeShareGroupOffsets';
const VERSIONS = { min: 0, max: 1 };

export interface SharePartitionOffset {
  topic: string;
  partition: number;
  /** null when the group has not started on the partition (-1). */
  startOffset: number | null;
  leaderEpoch: number | null;
  /** The broker's lag; null when it gives none. */
  lag: number | null;
  error: KafkaErrorInfo | null;
}

export interface ShareGroupOffsets {
  groupId: string;
  error: KafkaErrorInfo | null;
  offsets: SharePartitionOffset[];
}

export interface DescribeShareGroupOffsetsResponse {
  throttleTimeMs: number;
  groups: ShareGroupOffsets[];
}

export function describeShareGroupOffsetsMessage(
  version: number,
  groupIds: readonly string[],
): ApiMessage<DescribeShareGroupOffsetsResponse> {
  const known = (n: number) => (n < 0 ? null : n);
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.array(groupIds, (w, id) => {
        w.string(id);
        w.array(null, () => undefined); // Topics null: every partition the group has state for
        w.taggedFields();
      });
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      groups: r.array(() =>
        r.struct((): ShareGroupOffsets => {
          const groupId = r.string();
          const offsets = r
            .array(() =>
              r.struct(() => {
                const topic = r.string();
                r.uuid(); // TopicId
                return r.array(() =>
                  r.struct(
                    (): SharePartitionOffset => ({
                      topic,
                      partition: r.int32(),
                      startOffset: known(r.int64()),
                      leaderEpoch: known(r.int32()),
                      lag: version >= 1 ? known(r.int64()) : null,
                      error: kafkaError(r.int16(), r.nullableString()),
                    }),
                  ),
                );
              }),
            )
            .flat();
          const error = kafkaError(r.int16(), r.nullableString());
          return { groupId, error, offsets };
        }),
      ),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

export async function describeShareGroupOffsetsOn(
  broker: BrokerConnection,
  groupIds: readonly string[],
): Promise<ShareGroupOffsets[]> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  if (groupIds.length === 0) return [];
  return (await send(broker, describeShareGroupOffsetsMessage(version, groupIds))).groups;
}
