import { type DescribedGroup, partitionKey, recordKey, splitPartitionKey } from '../model/index.ts';
import { sumKnown } from '../shared/known.ts';
import { getOrInsert } from '../shared/maps.ts';
import { catchUpOutlook, partitionLag, ratePerSecond, timeToCatchUp } from './derive/lag.ts';
import { groupLagStatus, partitionLagStatus } from './derive/lag-status.ts';
import { LagWindow } from './derive/lag-window.ts';
import { appendBracket, timeLag } from './derive/time-lag.ts';
import type { RawCycle } from './raw.ts';
import type { GroupPartition, GroupSnapshot, GroupTopicLag, TopicSnapshot } from './snapshot.ts';
import type { BuildOptions, CollectorState } from './state.ts';

/** Consumer groups with lag, time lag, Burrow status and rates. Updates the lag windows in `state`. */
export function buildGroups(
  raw: RawCycle,
  topics: readonly TopicSnapshot[],
  state: CollectorState,
  options: BuildOptions,
): GroupSnapshot[] {
  const produceRates = new Map(topics.map((t) => [t.name, t.produceRate]));
  const previous = new Map((state.previous?.groups ?? []).map((g) => [g.id, g]));
  // The windows observed this cycle; those of partitions and groups not seen are dropped.
  const windows: CollectorState['lagWindows'] = new Map();
  const groups = raw.groups.map((group) =>
    buildGroup(group, previous.get(group.id), raw, produceRates, state, options, windows),
  );
  state.lagWindows = windows;
  return groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function buildGroup(
  group: DescribedGroup,
  previous: GroupSnapshot | undefined,
  raw: RawCycle,
  produceRates: ReadonlyMap<string, number | null>,
  state: CollectorState,
  options: BuildOptions,
  windows: CollectorState['lagWindows'],
): GroupSnapshot {
  const previousWindows = state.lagWindows.get(group.id);
  const groupWindows = new Map<string, LagWindow>();
  const owners = new Map<string, string>();
  for (const member of group.members) {
    for (const { topic, partitions } of member.assignment)
      for (const p of partitions) owners.set(partitionKey(topic, p), member.memberId);
  }
  // A share group's progress is its start offset, and its lag is the broker's: records above the
  // start offset may be acknowledged already, so end minus start would over-state it.
  const shared = group.type === 'share' ? (raw.shareOffsets.get(group.id) ?? new Map()) : undefined;
  const committed = shared
    ? new Map([...shared].map(([key, progress]) => [key, progress.startOffset]))
    : (raw.committed.get(group.id) ?? new Map<string, number>());
  // Partitions with a commit, and assigned ones that have none yet; only topics we watch.
  const keys = [...new Set([...committed.keys(), ...owners.keys()])].filter((key) => raw.endOffsets.has(key));

  const partitions = keys
    .map((key): GroupPartition => {
      const { topic, partition } = splitPartitionKey(key);
      const committedOffset = committed.get(key) ?? null;
      const endOffset = raw.endOffsets.get(key) ?? null;
      const lag = shared ? (shared.get(key)?.lag ?? null) : partitionLag(committedOffset, endOffset);
      let window = previousWindows?.get(key);
      if (committedOffset !== null && lag !== null) {
        window = windowFor(window, options.lagWindow);
        window.push({ at: raw.endOffsetsAt, offset: committedOffset, lag });
        groupWindows.set(key, window);
      }
      const runs = state.endOffsetRuns.get(key);
      const bracket = committedOffset !== null && runs ? appendBracket(runs, committedOffset) : undefined;
      // Most cycles read few record timestamps or none: no key to build for those.
      const recordTimestamp =
        committedOffset === null || raw.recordTimestamps.size === 0
          ? undefined
          : raw.recordTimestamps.get(recordKey(topic, partition, committedOffset));
      const time = timeLag({
        now: raw.endOffsetsAt,
        lag,
        bracket,
        recordTimestamp,
        maxBracketMs: options.maxBracketMs,
      });
      const owner = owners.get(key) ?? null;
      return {
        topic,
        partition,
        committedOffset,
        endOffset,
        lag,
        timeLagSeconds: time.seconds,
        timeLagSource: time.source,
        status: partitionLagStatus({ window, owned: owner !== null }),
        owner,
      };
    })
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  if (groupWindows.size > 0) windows.set(group.id, groupWindows);

  const topics = topicLags(partitions);
  const consumeRate = consumeRateOf(topics, previous?.topics, state.previous?.offsetsAt, raw.endOffsetsAt);
  const produceRate = sumKnown(topics.map((t) => produceRates.get(t.topic) ?? null));
  const lag = sumKnown(partitions.map((p) => p.lag));
  return {
    id: group.id,
    type: group.type,
    state: group.state,
    protocolType: group.protocolType,
    protocol: group.protocol,
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    coordinator: group.coordinator,
    members: group.members,
    partitions,
    topics,
    lag,
    timeLagSeconds: maxKnown(partitions.map((p) => p.timeLagSeconds)),
    consumeRate,
    timeToCatchUpSeconds: timeToCatchUp(lag, consumeRate, produceRate),
    catchUp: catchUpOutlook(lag, consumeRate, produceRate),
    status: groupLagStatus(partitions.map((p) => p.status)),
  };
}

/** The partition's window at the configured size: a new one, or one restored at another size, moved over. */
function windowFor(window: LagWindow | undefined, capacity: number): LagWindow {
  if (window?.capacity === capacity) return window;
  return new LagWindow(capacity, window?.observations().slice(-capacity));
}

function topicLags(partitions: readonly GroupPartition[]): GroupTopicLag[] {
  const byTopic = new Map<string, GroupPartition[]>();
  for (const p of partitions) getOrInsert(byTopic, p.topic, () => []).push(p);
  return [...byTopic].map(([topic, list]) => ({
    topic,
    lag: sumKnown(list.map((p) => p.lag)),
    timeLagSeconds: maxKnown(list.map((p) => p.timeLagSeconds)),
    committedSum: list.reduce((sum, p) => sum + (p.committedOffset ?? 0), 0),
    partitions: list.length,
  }));
}

/** Messages committed per second, summed over the topics seen in both cycles (a new topic is no burst). */
function consumeRateOf(
  topics: readonly GroupTopicLag[],
  previous: readonly GroupTopicLag[] | undefined,
  previousAt: number | undefined,
  now: number,
): number | null {
  if (!previous || previousAt === undefined) return null;
  const rates = topics.map((t) => {
    const before = previous.find((p) => p.topic === t.topic && p.partitions === t.partitions);
    return before
      ? ratePerSecond({ at: previousAt, value: before.committedSum }, { at: now, value: t.committedSum })
      : null;
  });
  return sumKnown(rates);
}

function maxKnown(values: readonly (number | null)[]): number | null {
  let max: number | null = null;
  for (const value of values) if (value !== null && (max === null || value > max)) max = value;
  return max;
}
