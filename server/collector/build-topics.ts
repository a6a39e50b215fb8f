import { partitionKey, type TopicConfigs } from '../model/index.ts';
import { sumKnown } from '../shared/known.ts';
import { getOrInsert } from '../shared/maps.ts';
import { ratePerSecond } from './derive/lag.ts';
import { recordEndOffset } from './derive/time-lag.ts';
import type { RawCycle } from './raw.ts';
import type { PartitionSnapshot, TopicSnapshot } from './snapshot.ts';
import type { CollectorState } from './state.ts';

const NO_CONFIGS: TopicConfigs = {
  retentionMs: null,
  retentionBytes: null,
  cleanupPolicy: null,
  minInsyncReplicas: null,
};

/** Topics and partitions with offsets, sizes, flags and rates; records end offsets for time lag. */
export function buildTopics(raw: RawCycle, state: CollectorState): TopicSnapshot[] {
  const previousEndSums = new Map(
    (state.previous?.topics ?? []).map((t) => [t.name, sumKnown(t.partitions.map((p) => p.endOffset))]),
  );
  const previousAt = state.previous?.offsetsAt;
  const previousConfigs = new Map((state.previous?.topics ?? []).map((t) => [t.name, t.configs]));
  const seen = new Set<string>();

  const topics = (raw.metadata?.topics ?? []).map((topic): TopicSnapshot => {
    const configs = raw.configs.get(topic.name) ?? previousConfigs.get(topic.name) ?? NO_CONFIGS;
    const minIsr = configs.minInsyncReplicas ?? 1;
    const partitions = topic.partitions
      .map((p): PartitionSnapshot => {
        const key = partitionKey(topic.name, p.partition);
        seen.add(key);
        const endOffset = raw.endOffsets.get(key) ?? null;
        if (endOffset !== null) {
          recordEndOffset(
            getOrInsert(state.endOffsetRuns, key, () => []),
            endOffset,
            raw.endOffsetsAt,
          );
        }
        const preferredLeader = p.replicas[0] ?? null;
        return {
          topic: topic.name,
          partition: p.partition,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas,
          eligibleLeaderReplicas: p.eligibleLeaderReplicas,
          lastKnownElr: p.lastKnownElr,
          cleanLeaderPossible:
            p.leader >= 0 ? null : p.isr.length + (p.eligibleLeaderReplicas?.length ?? 0) > 0,
          preferredLeader,
          leaderIsPreferred: p.leader >= 0 && p.leader === preferredLeader,
          underReplicated: p.isr.length < p.replicas.length,
          underMinIsr: p.isr.length < minIsr,
          offline: p.leader < 0,
          startOffset: raw.startOffsets.get(key) ?? null,
          endOffset,
          sizeBytes: partitionSize(raw, key, p.leader, p.replicas),
        };
      })
      .sort((a, b) => a.partition - b.partition);

    const endSum = sumKnown(partitions.map((p) => p.endOffset));
    const previousSum = previousEndSums.get(topic.name);
    return {
      name: topic.name,
      internal: topic.internal,
      partitionCount: partitions.length,
      replicationFactor: Math.max(0, ...partitions.map((p) => p.replicas.length)),
      configs,
      sizeBytes: sumKnown(partitions.map((p) => p.sizeBytes)),
      messageCount: sumKnown(
        partitions.map((p) =>
          p.endOffset === null || p.startOffset === null ? null : p.endOffset - p.startOffset,
        ),
      ),
      produceRate:
        endSum === null || previousSum == null || previousAt === undefined
          ? null
          : ratePerSecond({ at: previousAt, value: previousSum }, { at: raw.endOffsetsAt, value: endSum }),
      underReplicated: partitions.filter((p) => p.underReplicated).length,
      underMinIsr: partitions.filter((p) => p.underMinIsr).length,
      offline: partitions.filter((p) => p.offline).length,
      elrPartitions: partitions.filter((p) => (p.eligibleLeaderReplicas?.length ?? 0) > 0).length,
      partitions,
    };
  });

  // Partitions that are gone (topic deleted or filtered out) take their history with them.
  if (raw.metadata)
    for (const key of state.endOffsetRuns.keys()) if (!seen.has(key)) state.endOffsetRuns.delete(key);
  return topics.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The leader's copy; any replica's when there is no leader. */
function partitionSize(
  raw: RawCycle,
  key: string,
  leader: number,
  replicas: readonly number[],
): number | null {
  const fromLeader = raw.logDirs.get(leader)?.get(key);
  if (fromLeader !== undefined) return fromLeader;
  for (const replica of replicas) {
    const size = raw.logDirs.get(replica)?.get(key);
    if (size !== undefined) return size;
  }
  return null;
}
