// Committed offsets of many consumer groups: OffsetFetch v8+ (KIP-709) carries many groups per
// request, so a poll costs one FindCoordinator plus one OffsetFetch per coordinator instead of two
// requests per group. Brokers before Kafka 3.0 get kafkajs' one-group OffsetFetch instead.
import { chunks } from '../batching.ts';
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { mapWithConcurrency } from './concurrency.ts';
import { clientError, errorInfoOf, type KafkaErrorInfo, kafkaError, UnsupportedApiError } from './errors.ts';
import { findCoordinators } from './find-coordinator.ts';
import type { BrokerConnection, ClusterAccess, LegacyTopicOffsets } from './kafkajs/index.ts';

const API_KEY = 9;
const API_NAME = 'OffsetFetch';
/** v10 names topics by id only, which would need a Metadata lookup to be useful here. */
const BATCHED_VERSIONS = { min: 8, max: 9 };
const LEGACY_FETCHES_IN_FLIGHT = 8;
const DEFAULT_MAX_GROUPS_PER_REQUEST = 500;

export interface CommittedOffset {
  topic: string;
  partition: number;
  /** null when the group has no committed offset for the partition (Kafka sends -1). */
  offset: number | null;
  /** Leader epoch of the committed record (v5+ answers only; null from the fallback). */
  leaderEpoch: number | null;
  metadata: string | null;
  error: KafkaErrorInfo | null;
}

export interface GroupOffsets {
  groupId: string;
  /** The broker asked; null when the coordinator could not be found. */
  coordinatorId: number | null;
  /** A group-level failure (e.g. COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR): offsets are unknown. */
  error: KafkaErrorInfo | null;
  offsets: CommittedOffset[];
}

export interface OffsetFetchOptions {
  /** Ask for offsets without pending transactional commits (UNSTABLE_OFFSET_COMMIT per partition otherwise). */
  requireStable?: boolean;
  /** Bounds the size of one request and its answer on coordinators with very many groups. */
  maxGroupsPerRequest?: number;
  /** Highest OffsetFetch version to use; below 8 forces the one-group-per-request fallback. */
  maxVersion?: number;
}

interface OffsetFetchGroup {
  groupId: string;
  errorCode: number;
  offsets: CommittedOffset[];
}

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  groups: OffsetFetchGroup[];
}

export function offsetFetchMessage(
  version: number,
  groupIds: readonly string[],
  requireStable: boolean,
): ApiMessage<OffsetFetchResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.array(groupIds, (w, groupId) => {
        w.string(groupId);
        if (version >= 9) w.string(null).int32(-1); // MemberId, MemberEpoch: an admin, not a member
        w.array(null, () => undefined); // Topics null: every partition the group committed
        w.taggedFields();
      });
      w.bool(requireStable);
    },
    read: (r) => ({
      throttleTimeMs: r.int32(),
      groups: r.array(() => r.struct(() => readGroup(r))),
    }),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readGroup(r: Reader): OffsetFetchGroup {
  const groupId = r.string();
  const offsets = r
    .array(() =>
      r.struct(() => {
        const topic = r.string();
        return r.array(() =>
          r.struct(
            (): CommittedOffset => ({
              topic,
              partition: r.int32(),
              offset: noneIfNegative(r.int64()),
              leaderEpoch: noneIfNegative(r.int32()),
              metadata: r.nullableString(),
              error: kafkaError(r.int16()),
            }),
          ),
        );
      }),
    )
    .flat();
  return { groupId, offsets, errorCode: r.int16() };
}

function noneIfNegative(value: number): number | null {
  return value < 0 ? null : value;
}

/** Committed offsets of groups whose coordinator is `broker`. */
export async function offsetFetchOn(
  broker: BrokerConnection,
  groupIds: readonly string[],
  options: OffsetFetchOptions = {},
): Promise<GroupOffsets[]> {
  const unique = [...new Set(groupIds)];
  if (unique.length === 0) return [];
  const versions = await broker.apiVersions();
  if (!versions.has(API_KEY)) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const cap = Math.min(options.maxVersion ?? BATCHED_VERSIONS.max, BATCHED_VERSIONS.max);
  const version = pickVersion(versions, API_KEY, { min: BATCHED_VERSIONS.min, max: cap });
  if (version === null) return legacyOffsetFetch(broker, unique);

  const results: GroupOffsets[] = [];
  for (const chunk of chunks(unique, options.maxGroupsPerRequest ?? DEFAULT_MAX_GROUPS_PER_REQUEST)) {
    const response = await send(broker, offsetFetchMessage(version, chunk, options.requireStable ?? false));
    const byGroup = new Map(response.groups.map((group) => [group.groupId, group]));
    for (const groupId of chunk) {
      const group = byGroup.get(groupId);
      const error =
        group === undefined
          ? clientError('MISSING_FROM_RESPONSE', 'the coordinator did not answer for this group')
          : kafkaError(group.errorCode);
      results.push({ groupId, coordinatorId: broker.nodeId, error, offsets: group?.offsets ?? [] });
    }
  }
  return results;
}

function legacyOffsetFetch(broker: BrokerConnection, groupIds: string[]): Promise<GroupOffsets[]> {
  return mapWithConcurrency(groupIds, LEGACY_FETCHES_IN_FLIGHT, async (groupId): Promise<GroupOffsets> => {
    try {
      const topics = await broker.legacyOffsetFetch(groupId);
      return {
        groupId,
        coordinatorId: broker.nodeId,
        error: null,
        offsets: topics.flatMap(toCommittedOffsets),
      };
    } catch (error) {
      return { groupId, coordinatorId: broker.nodeId, error: errorInfoOf(error), offsets: [] };
    }
  });
}

function toCommittedOffsets({ topic, partitions }: LegacyTopicOffsets): CommittedOffset[] {
  return partitions.map((p) => ({
    topic,
    partition: p.partition,
    offset: noneIfNegative(Number(p.offset)),
    leaderEpoch: null,
    metadata: p.metadata,
    error: kafkaError(p.errorCode),
  }));
}

/**
 * Committed offsets of many groups: one FindCoordinator for all of them, then per coordinator
 * one OffsetFetch (per `maxGroupsPerRequest` groups), coordinators in parallel. Never throws for
 * one group or one coordinator: their failure is in their GroupOffsets.error. Coordinators the
 * caller already knows (from this cycle's DescribeGroups) are not looked up again.
 */
export async function fetchCommittedOffsets(
  kafka: ClusterAccess,
  groupIds: readonly string[],
  options: OffsetFetchOptions = {},
  known: ReadonlyMap<string, number> = new Map(),
): Promise<GroupOffsets[]> {
  const unknown = groupIds.filter((id) => !known.has(id));
  const lookups = [
    ...groupIds
      .filter((id) => known.has(id))
      .map((groupId) => ({ groupId, nodeId: known.get(groupId)!, error: null })),
    ...(unknown.length === 0 ? [] : await findCoordinators(kafka, unknown)).map((l) =>
      l.error === null
        ? { groupId: l.groupId, nodeId: l.coordinator.nodeId, error: null }
        : { ...l, nodeId: -1 },
    ),
  ];
  const results: GroupOffsets[] = [];
  const byCoordinator = new Map<number, string[]>();
  for (const lookup of lookups) {
    if (lookup.error !== null) {
      results.push({ groupId: lookup.groupId, coordinatorId: null, error: lookup.error, offsets: [] });
      continue;
    }
    const groups = byCoordinator.get(lookup.nodeId) ?? [];
    groups.push(lookup.groupId);
    byCoordinator.set(lookup.nodeId, groups);
  }
  const perCoordinator = await Promise.all(
    [...byCoordinator].map(async ([nodeId, groups]) => {
      try {
        return await offsetFetchOn(await kafka.broker(nodeId), groups, options);
      } catch (error) {
        const info = errorInfoOf(error);
        return groups.map(
          (groupId): GroupOffsets => ({ groupId, coordinatorId: nodeId, error: info, offsets: [] }),
        );
      }
    }),
  );
  return [...results, ...perCoordinator.flat()];
}
