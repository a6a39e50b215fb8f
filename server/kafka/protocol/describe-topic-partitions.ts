// DescribeTopicPartitions (key 75, KIP-966): per partition the eligible leader replicas (ELR:
// replicas that left the ISR while it was below min.insync.replicas and still hold every committed
// record, so they may be elected cleanly) and the last known ELR (where to look when even the ELR
// is empty). Metadata has neither. Answers are paged: at most `partitionLimit` partitions per
// response, then a cursor that names the topic and partition to go on from.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection } from './kafkajs/index.ts';

const API_KEY = 75;
const API_NAME = 'DescribeTopicPartitions';
const VERSIONS = { min: 0, max: 0 };
/** The broker caps the page at its own describe.topic.partition.limit (2000 by default) anyway. */
const DEFAULT_PARTITION_LIMIT = 2000;
/** A broken cursor must not spin forever: far more pages than any cluster has. */
const MAX_PAGES = 10_000;

export interface Cursor {
  topic: string;
  partition: number;
}

export interface DescribedPartition {
  partition: number;
  error: KafkaErrorInfo | null;
  leaderId: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  /** null when the broker does not keep an ELR (eligible.leader.replicas.version 0). */
  eligibleLeaderReplicas: number[] | null;
  lastKnownElr: number[] | null;
  offlineReplicas: number[];
}

export interface DescribedTopic {
  name: string;
  topicId: string;
  isInternal: boolean;
  error: KafkaErrorInfo | null;
  partitions: DescribedPartition[];
}

export interface DescribeTopicPartitionsResponse {
  throttleTimeMs: number;
  topics: DescribedTopic[];
  nextCursor: Cursor | null;
}

/** `topics` empty: every topic the client may describe. */
export function describeTopicPartitionsMessage(
  version: number,
  topics: readonly string[],
  partitionLimit: number,
  cursor: Cursor | null,
): ApiMessage<DescribeTopicPartitionsResponse> {
  const readCursor = (r: Parameters<ApiMessage<unknown>['read']>[0]) =>
    r.nullableStruct(() => ({ topic: r.string(), partition: r.int32() }));
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.array(topics, (w, name) => w.string(name).taggedFields());
      w.int32(partitionLimit);
      w.nullableStruct(cursor, (w, c) => w.string(c.topic).int32(c.partition));
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      topics: r.array(() =>
        r.struct((): DescribedTopic => {
          const error = kafkaError(r.int16());
          const name = r.nullableString() ?? '';
          const topicId = r.uuid();
          const isInternal = r.bool();
          const partitions = r.array(() =>
            r.struct(
              (): DescribedPartition => ({
                error: kafkaError(r.int16()),
                partition: r.int32(),
                leaderId: r.int32(),
                leaderEpoch: r.int32(),
                replicas: r.array(() => r.int32()),
                isr: r.array(() => r.int32()),
                eligibleLeaderReplicas: r.nullableArray(() => r.int32()),
                lastKnownElr: r.nullableArray(() => r.int32()),
                offlineReplicas: r.array(() => r.int32()),
              }),
            ),
          );
          r.int32(); // TopicAuthorizedOperations: not asked for
          return { name, topicId, isInternal, error, partitions };
        }),
      ),
      nextCursor: readCursor(r),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

export interface DescribeTopicPartitionsResult {
  topics: DescribedTopic[];
  /** Requests sent: one per page. */
  pages: number;
}

/**
 * Every partition of the given topics (all topics when empty), following the cursor page by page.
 * A topic split across pages is merged back into one. Throws UnsupportedApiError before Kafka 3.8.
 */
export async function describeTopicPartitionsOn(
  broker: BrokerConnection,
  topics: readonly string[] = [],
  partitionLimit = DEFAULT_PARTITION_LIMIT,
): Promise<DescribeTopicPartitionsResult> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const byName = new Map<string, DescribedTopic>();
  let cursor: Cursor | null = null;
  let pages = 0;
  do {
    const response: DescribeTopicPartitionsResponse = await send(
      broker,
      describeTopicPartitionsMessage(version, topics, partitionLimit, cursor),
    );
    pages++;
    for (const topic of response.topics) {
      const known = byName.get(topic.name);
      if (known) known.partitions.push(...topic.partitions);
      else byName.set(topic.name, topic);
    }
    // The cursor points at the next partition to fetch; the same cursor twice would loop.
    const next = response.nextCursor;
    if (next && cursor && next.topic === cursor.topic && next.partition === cursor.partition) break;
    cursor = next;
  } while (cursor !== null && pages < MAX_PAGES);
  for (const topic of byName.values()) topic.partitions.sort((a, b) => a.partition - b.partition);
  return { topics: [...byName.values()], pages };
}
