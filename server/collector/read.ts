import type { ClusterConfig } from '../config/index.ts';
import type { JmxCounters } from '../kafka/jmx.ts';
import type { RawMetadata, RawQuorum } from '../model/index.ts';
import {
  type BrokerJmx,
  type CollectError,
  type CollectErrorKind,
  type DescribedGroup,
  type ListedGroup,
  partitionKey,
  type SharePartitionProgress,
  type TopicConfigs,
} from '../model/index.ts';
import { messageOf } from '../shared/error-message.ts';
import { getOrInsert } from '../shared/maps.ts';
import { recordEndOffset } from './derive/time-lag.ts';
import type { RawCycle } from './raw.ts';
import { type RecordTimestampReader, readTimestamps, type TimestampCache } from './read-timestamps.ts';
import type { CollectorState } from './state.ts';

/** What the collector asks of a cluster. ClusterClient implements it over kafkajs. */
export interface ClusterReader extends RecordTimestampReader {
  metadata(): Promise<RawMetadata>;
  describeQuorum(): Promise<RawQuorum | 'unsupported'>;
  topicConfigs(topics: readonly string[]): Promise<Map<string, TopicConfigs>>;
  /** Every group of every type, with the type and state ListGroups gives (what it has of them). */
  listGroups(): Promise<{ groups: ListedGroup[]; errors: CollectError[] }>;
  /** Each group described by the API of its type, batched per coordinator. */
  describeGroups(
    groups: readonly ListedGroup[],
  ): Promise<{ groups: DescribedGroup[]; errors: CollectError[] }>;
  /** group → "topic\0partition" → committed offset, batched per coordinator. */
  committedOffsets(
    groupIds: readonly string[],
  ): Promise<{ offsets: Map<string, Map<string, number>>; errors: CollectError[] }>;
  /** Share groups: group → "topic\0partition" → start offset and the broker's lag. */
  shareGroupOffsets(
    groupIds: readonly string[],
  ): Promise<{ offsets: Map<string, Map<string, SharePartitionProgress>>; errors: CollectError[] }>;
  /** Offsets per "topic\0partition", one request per leader. */
  listOffsets(
    partitions: readonly { topic: string; partition: number; leader: number }[],
    which: 'earliest' | 'latest',
  ): Promise<{ offsets: Map<string, number>; errors: CollectError[] }>;
  /** broker id → "topic\0partition" → bytes. */
  logDirSizes(): Promise<{ sizes: Map<number, Map<string, number>>; errors: CollectError[] }>;
  brokerJmx(broker: { id: number; host: string }, counters: JmxCounters): Promise<BrokerJmx | null>;
  /** Requests sent since the reader was created. */
  readonly requestCount: number;
}

export interface ReadOptions {
  cluster: ClusterConfig;
  maxBracketMs: number;
  /** Topic configs change rarely: re-read them every this many cycles (and for new topics). */
  configEveryCycles: number;
  /** Most record timestamps fetched in one cycle, so re-reads of old data stay cheap. */
  maxTimestampFetches: number;
}

/** Per-cluster memory of the reading side (caches that are not part of the snapshot). */
export interface ReadCache extends TimestampCache {
  cycle: number;
  configs: Map<string, TopicConfigs>;
  jmxCounters: Map<number, JmxCounters>;
  /** The last log-dir sizes read, and when. */
  logDirs: { sizes: Map<number, Map<string, number>>; at: number } | null;
}

/**
 * How often log-dir sizes are read again. DescribeLogDirs makes every broker stat every log it
 * holds, its dearest answer by far (about 140 ms of a single broker's time at 10,000
 * partitions); sizes serve the size columns, disk use and the retention.bytes estimate, which
 * a minute's age does not change. A partition with no size yet is read at the next cycle.
 */
const LOG_DIRS_EVERY_MS = 60_000;

export function emptyReadCache(): ReadCache {
  return {
    cycle: 0,
    configs: new Map(),
    timestamps: new Map(),
    jmxCounters: new Map(),
    calibration: new Map(),
    logDirs: null,
  };
}

/**
 * The I/O half of a cycle. Order matters: committed offsets are read before end offsets, so
 * lag can only be over-stated by what was produced in between, never negative. Each step
 * that fails is recorded and the rest still runs: a half-failed cycle says what it missed.
 */
export async function readCycle(
  reader: ClusterReader,
  state: CollectorState,
  cache: ReadCache,
  options: ReadOptions,
  now: () => number = Date.now,
): Promise<RawCycle> {
  const startedAt = now();
  const requestsBefore = reader.requestCount;
  const errors: CollectError[] = [];
  const attempt = async <T>(kind: CollectErrorKind, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      errors.push({ kind, message: messageOf(error) });
      return null;
    }
  };
  cache.cycle++;

  // Listing groups needs no metadata: it starts with it, and the committed offsets follow the
  // listing at once (ListGroups gives each group's type), beside describing the groups.
  const listing = settle(async () => {
    const listed = await reader.listGroups();
    const keep = nameFilter(options.cluster.groups);
    return { wanted: listed.groups.filter((g) => keep(g.id)), errors: listed.errors };
  });
  const metadata = await attempt('connection', async () =>
    filterMetadata(await reader.metadata(), options.cluster),
  );
  if (!metadata) {
    await listing; // a cluster that is down fails both; the connection error says it
    return emptyCycle(startedAt, now(), errors, reader.requestCount - requestsBefore);
  }
  const partitions = metadata.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader })),
  );
  const led = partitions.filter((p) => p.leader >= 0);
  // Start offsets may be read any time; end offsets only after the committed offsets.
  const startsReading = attempt('offsets', () => reader.listOffsets(led, 'earliest'));

  const listed = await listing;
  if ('error' in listed) errors.push({ kind: 'groups', message: messageOf(listed.error) });
  else errors.push(...listed.value.errors);
  const wanted = 'value' in listed ? listed.value.wanted : [];
  // A share group has no committed offsets: its progress is its start offset and the broker's
  // lag. A broker too old to give types has no share groups.
  const committing = wanted.filter((g) => g.type !== 'share').map((g) => g.id);
  const sharing = wanted.filter((g) => g.type === 'share').map((g) => g.id);

  const [quorum, , groups, logDirs, jmx, committed, shared] = await Promise.all([
    attempt('quorum', () => reader.describeQuorum()),
    attempt('configs', () => refreshConfigs(reader, metadata, cache, options.configEveryCycles)),
    wanted.length
      ? attempt('groups', async () => {
          const described = await reader.describeGroups(wanted);
          errors.push(...described.errors);
          return described.groups;
        })
      : [],
    attempt('log-dirs', () => readLogDirs(reader, led, cache, startedAt)),
    readJmx(reader, metadata, cache, options.cluster, errors),
    committing.length ? attempt('group-offsets', () => reader.committedOffsets(committing)) : null,
    sharing.length ? attempt('group-offsets', () => reader.shareGroupOffsets(sharing)) : null,
  ]);
  const ends = await attempt('offsets', () => reader.listOffsets(led, 'latest'));
  const starts = await startsReading;
  const endOffsetsAt = now();
  const endOffsets = ends?.offsets ?? new Map<string, number>();
  const committedOffsets = committed?.offsets ?? new Map<string, Map<string, number>>();
  for (const [key, offset] of endOffsets)
    recordEndOffset(
      getOrInsert(state.endOffsetRuns, key, () => []),
      offset,
      endOffsetsAt,
    );

  const recordTimestamps = await readTimestamps(
    reader,
    led,
    committedOffsets,
    endOffsets,
    endOffsetsAt,
    state,
    cache,
    options,
    errors,
  );
  errors.push(
    ...(committed?.errors ?? []),
    ...(shared?.errors ?? []),
    ...(starts?.errors ?? []),
    ...(ends?.errors ?? []),
    ...(logDirs?.errors ?? []),
  );

  return {
    startedAt,
    finishedAt: now(),
    metadata,
    quorum,
    configs: cache.configs,
    groups: groups ?? [],
    committed: committedOffsets,
    shareOffsets: shared?.offsets ?? new Map(),
    startOffsets: starts?.offsets ?? new Map(),
    endOffsets,
    endOffsetsAt,
    logDirs: logDirs?.sizes ?? new Map(),
    recordTimestamps,
    jmx,
    errors,
    requests: reader.requestCount - requestsBefore,
  };
}

/** Starts work now and holds its outcome, so that a failure is not unhandled while it waits. */
function settle<T>(work: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return work().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function emptyCycle(
  startedAt: number,
  finishedAt: number,
  errors: CollectError[],
  requests: number,
): RawCycle {
  return {
    startedAt,
    finishedAt,
    metadata: null,
    quorum: null,
    configs: new Map(),
    groups: [],
    committed: new Map(),
    shareOffsets: new Map(),
    startOffsets: new Map(),
    endOffsets: new Map(),
    endOffsetsAt: finishedAt,
    logDirs: new Map(),
    recordTimestamps: new Map(),
    jmx: new Map(),
    errors,
    requests,
  };
}

/** The allow/ignore regexes of a cluster's `topics` or `groups` as one predicate. */
export function nameFilter(filter: {
  allow: readonly string[];
  ignore: readonly string[];
}): (name: string) => boolean {
  const allow = filter.allow.map((source) => new RegExp(source));
  const ignore = filter.ignore.map((source) => new RegExp(source));
  return (name) =>
    (allow.length === 0 || allow.some((re) => re.test(name))) && !ignore.some((re) => re.test(name));
}

function filterMetadata(metadata: RawMetadata, cluster: ClusterConfig): RawMetadata {
  const keep = nameFilter(cluster.topics);
  return { ...metadata, topics: metadata.topics.filter((t) => keep(t.name)) };
}

async function refreshConfigs(
  reader: ClusterReader,
  metadata: RawMetadata,
  cache: ReadCache,
  every: number,
): Promise<void> {
  const names = metadata.topics.map((t) => t.name);
  const stale = cache.cycle % every === 1 || every <= 1;
  const wanted = stale ? names : names.filter((n) => !cache.configs.has(n));
  if (wanted.length === 0) return;
  const fresh = await reader.topicConfigs(wanted);
  for (const [name, configs] of fresh) cache.configs.set(name, configs);
  const present = new Set(names);
  for (const name of cache.configs.keys()) if (!present.has(name)) cache.configs.delete(name);
}

async function readLogDirs(
  reader: ClusterReader,
  led: readonly { topic: string; partition: number; leader: number }[],
  cache: ReadCache,
  at: number,
): Promise<{ sizes: Map<number, Map<string, number>>; errors: CollectError[] }> {
  const last = cache.logDirs;
  const fresh =
    last !== null &&
    at - last.at < LOG_DIRS_EVERY_MS &&
    led.every((p) => last.sizes.get(p.leader)?.has(partitionKey(p.topic, p.partition)));
  if (fresh) return { sizes: last.sizes, errors: [] };
  const read = await reader.logDirSizes();
  cache.logDirs = { sizes: read.sizes, at };
  return read;
}

async function readJmx(
  reader: ClusterReader,
  metadata: RawMetadata,
  cache: ReadCache,
  cluster: ClusterConfig,
  errors: CollectError[],
): Promise<Map<number, BrokerJmx>> {
  const result = new Map<number, BrokerJmx>();
  if (!cluster.jmx) return result;
  await Promise.all(
    metadata.brokers.map(async (broker) => {
      try {
        const jmx = await reader.brokerJmx(
          broker,
          getOrInsert(cache.jmxCounters, broker.id, () => new Map()),
        );
        if (jmx) result.set(broker.id, jmx);
      } catch (error) {
        errors.push({ kind: 'jmx', message: messageOf(error), target: String(broker.id) });
      }
    }),
  );
  return result;
}
