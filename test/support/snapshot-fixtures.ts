/**
 * ClusterSnapshot factories for the store's tests and benchmark. Only the fields the store
 * reads carry meaning; the rest get plausible defaults.
 */
import { diagnoseCluster, NO_DIAGNOSIS } from '../../server/collector/index.ts';
import type {
  BrokerSnapshot,
  ClusterSnapshot,
  GroupPartition,
  GroupSnapshot,
  GroupTopicLag,
  IsrChangeEvent,
  PartitionSnapshot,
  TopicSnapshot,
} from '../../server/collector/snapshot.ts';
import {
  CLASSIC_MEMBER_FIELDS,
  type GroupMember,
  type RawTopic,
  type TopicConfigs,
} from '../../server/model/index.ts';

export function broker(id: number, up = true, extra: Partial<BrokerSnapshot> = {}): BrokerSnapshot {
  return {
    id,
    host: `broker-${id}`,
    port: 9092,
    rack: null,
    up,
    isController: id === 1,
    partitions: 10,
    leaders: 5,
    underReplicated: 0,
    logDirBytes: 1_000_000 * id,
    jmx: { ...NO_JMX, bytesInPerSec: 100 * id, bytesOutPerSec: 200 * id, messagesInPerSec: 10 * id },
    ...extra,
  };
}

const NO_JMX = {
  bytesInPerSec: null,
  bytesOutPerSec: null,
  messagesInPerSec: null,
  requestHandlerIdleRatio: null,
  activeControllerCount: null,
  isrShrinksPerSec: null,
  isrExpandsPerSec: null,
  underReplicatedPartitions: null,
};

/** A topic whose partition i has end offset endOffsets[i] (null: not read this cycle). */
export function topic(
  name: string,
  endOffsets: readonly (number | null)[],
  extra: Partial<TopicSnapshot> = {},
): TopicSnapshot {
  const partitions = endOffsets.map(
    (endOffset, partition): PartitionSnapshot => ({
      topic: name,
      partition,
      leader: 1,
      replicas: [1, 2, 3],
      isr: [1, 2, 3],
      offlineReplicas: [],
      eligibleLeaderReplicas: [],
      lastKnownElr: [],
      cleanLeaderPossible: null,
      preferredLeader: 1,
      leaderIsPreferred: true,
      underReplicated: false,
      underMinIsr: false,
      offline: false,
      startOffset: endOffset === null ? null : 0,
      endOffset,
      sizeBytes: endOffset === null ? null : endOffset * 100,
    }),
  );
  const known = endOffsets.filter((e): e is number => e !== null);
  return {
    name,
    internal: false,
    partitionCount: partitions.length,
    replicationFactor: 3,
    configs: { retentionMs: null, retentionBytes: null, cleanupPolicy: 'delete', minInsyncReplicas: 2 },
    sizeBytes: known.length ? known.reduce((a, b) => a + b, 0) * 100 : null,
    messageCount: known.length ? known.reduce((a, b) => a + b, 0) : null,
    produceRate: known.length ? 1.5 : null,
    underReplicated: 0,
    underMinIsr: 0,
    offline: 0,
    elrPartitions: 0,
    partitions,
    ...extra,
  };
}

/** A topic's configs: delete, no retention limit read, min.insync.replicas 1; `extra` overrides. */
export const topicConfigs = (extra: Partial<TopicConfigs>): TopicConfigs => ({
  retentionMs: null,
  retentionBytes: null,
  cleanupPolicy: 'delete',
  minInsyncReplicas: 1,
  ...extra,
});

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: number | null;
  end: number | null;
  timeLagSeconds?: number | null;
}

const sumKnown = (values: readonly (number | null)[]): number | null =>
  values.reduce<number | null>((sum, v) => (v === null ? sum : (sum ?? 0) + v), null);
const maxKnown = (values: readonly (number | null)[]): number | null =>
  values.reduce<number | null>((max, v) => (v === null ? max : Math.max(max ?? v, v)), null);

export function group(id: string, partitions: readonly PartitionLag[]): GroupSnapshot {
  const parts = partitions.map(
    (p): GroupPartition => ({
      topic: p.topic,
      partition: p.partition,
      committedOffset: p.committed,
      endOffset: p.end,
      lag: p.committed === null || p.end === null ? null : Math.max(0, p.end - p.committed),
      timeLagSeconds:
        p.timeLagSeconds !== undefined
          ? p.timeLagSeconds
          : p.committed === p.end
            ? 0
            : p.committed === null
              ? null
              : 1.5,
      timeLagSource: 'history',
      status: 'OK',
      owner: 'member-1',
    }),
  );
  const topics = [...new Set(parts.map((p) => p.topic))].map((name): GroupTopicLag => {
    const of = parts.filter((p) => p.topic === name);
    return {
      topic: name,
      lag: sumKnown(of.map((p) => p.lag)),
      timeLagSeconds: maxKnown(of.map((p) => p.timeLagSeconds)),
      committedSum: of.reduce((sum, p) => sum + (p.committedOffset ?? 0), 0),
      partitions: of.length,
    };
  });
  return {
    id,
    type: 'classic',
    state: 'Stable',
    protocolType: 'consumer',
    protocol: 'range',
    groupEpoch: null,
    assignmentEpoch: null,
    coordinator: 1,
    members: [],
    partitions: parts,
    topics,
    lag: sumKnown(parts.map((p) => p.lag)),
    timeLagSeconds: maxKnown(parts.map((p) => p.timeLagSeconds)),
    consumeRate: null,
    timeToCatchUpSeconds: null,
    catchUp: 'unknown',
    status: 'OK',
  };
}

/** A classic group member assigned `partitions` of one topic (none: an idle member). */
export const member = (id: string, partitions: number[], topicName = 't'): GroupMember => ({
  ...CLASSIC_MEMBER_FIELDS,
  memberId: id,
  clientId: `client-${id}`,
  host: '127.0.0.1',
  assignment: partitions.length ? [{ topic: topicName, partitions }] : [],
});

export interface SnapshotParts {
  cluster?: string;
  at: number;
  reachable?: boolean;
  brokers?: readonly BrokerSnapshot[];
  topics?: readonly TopicSnapshot[];
  groups?: readonly GroupSnapshot[];
  isrChanges?: readonly IsrChangeEvent[];
  errors?: ClusterSnapshot['errors'];
  /** false: an empty diagnosis, for the store's large synthetic cycles (the store never reads it). */
  diagnose?: boolean;
}

export function snapshot(parts: SnapshotParts): ClusterSnapshot {
  const reachable = parts.reachable ?? true;
  const brokers = parts.brokers ?? [broker(1, reachable), broker(2, reachable), broker(3, reachable)];
  const topics = reachable ? (parts.topics ?? []) : [];
  const groups = reachable ? (parts.groups ?? []) : [];
  return {
    cluster: parts.cluster ?? 'test',
    collectedAt: parts.at,
    durationMs: 120,
    offsetsAt: parts.at + 50,
    reachable,
    clusterId: 'cluster-id',
    controller: { mode: 'kraft', id: 1, epoch: 1, highWatermark: 0, voters: [], observers: [] },
    brokers,
    topics,
    groups,
    messageRate: { perSecond: null, source: null },
    isrChanges: parts.isrChanges ?? [],
    // No history in a fixture: rates, churn and capacity are unknown, as on a first cycle.
    diagnosis:
      parts.diagnose === false
        ? NO_DIAGNOSIS
        : diagnoseCluster({
            topics,
            groups,
            brokers,
            offsetsAt: parts.at + 50,
            lagWindows: new Map(),
            churn: new Map(),
          }),
    errors: parts.errors ?? (reachable ? [] : [{ kind: 'connection', message: 'connect ECONNREFUSED' }]),
    stats: { requests: 10, buildMs: 35 },
  };
}

export interface SyntheticShape {
  cluster?: string;
  topics: number;
  partitions: number;
  /** Group g consumes all partitions of topic g mod topics. */
  groups: number;
  start?: number;
  intervalMs?: number;
}

/**
 * A large cluster whose end offsets and lags all move every cycle: the worst case for
 * writes. Deterministic in `cycle`, so a reader can tell exactly what a cycle wrote.
 */
export function syntheticSnapshot(cycle: number, shape: SyntheticShape): ClusterSnapshot {
  const at = (shape.start ?? 1_700_000_000_000) + cycle * (shape.intervalMs ?? 15_000);
  const endOf = (t: number, p: number) => 1_000_000 + t * 1_000 + p * 10 + cycle * (7 + p);
  const topicName = (t: number) => `topic-${String(t).padStart(5, '0')}`;
  const topics = Array.from({ length: shape.topics }, (_, t) =>
    topic(
      topicName(t),
      Array.from({ length: shape.partitions }, (_, p) => endOf(t, p)),
    ),
  );
  const groups = Array.from({ length: shape.groups }, (_, g) => {
    const t = g % shape.topics;
    return group(
      `group-${String(g).padStart(5, '0')}`,
      Array.from({ length: shape.partitions }, (_, p) => ({
        topic: topicName(t),
        partition: p,
        committed: endOf(t, p) - ((cycle * 13 + g + p) % 500),
        end: endOf(t, p),
        timeLagSeconds: ((cycle + g + p) % 90) + 0.25,
      })),
    );
  });
  return snapshot({ cluster: shape.cluster, at, topics, groups, diagnose: false });
}

/** An hour boundary, and a cycle every five minutes after it, for roll-up and series tests. */
export const T0 = 472_223 * 3_600_000;
export const EVERY = 5 * 60_000;

/** Cycle i: lags, rates and broker 1's availability all follow i, so every aggregate is predictable. */
export function predictableCycle(i: number, t0 = T0): ClusterSnapshot {
  const a = [1000 + 10 * i, 2000 + 20 * i];
  const b = [500 + 5 * i];
  return snapshot({
    at: t0 + i * EVERY,
    brokers: [broker(1, i % 4 !== 0), broker(2)],
    topics: [topic('a', a, { produceRate: i }), topic('b', b, { produceRate: null })],
    groups: [
      group('g1', [
        { topic: 'a', partition: 0, committed: a[0]! - (i % 7), end: a[0]!, timeLagSeconds: i / 10 },
        { topic: 'a', partition: 1, committed: a[1]! - (i % 5) * 2, end: a[1]! },
        { topic: 'b', partition: 0, committed: b[0]! - (i % 2) * 3, end: b[0]! },
      ]),
    ],
    isrChanges:
      i % 6 === 0
        ? [
            {
              at: t0 + i * EVERY,
              topic: i % 12 === 0 ? 'a' : 'b',
              partition: 0,
              kind: i % 12 === 0 ? 'shrink' : 'expand',
              brokers: [3],
              isrBefore: i % 12 === 0 ? [1, 2, 3] : [1, 2],
              isrAfter: i % 12 === 0 ? [1, 2] : [1, 2, 3],
            },
          ]
        : [],
  });
}

/** A topic as Metadata gives it: every partition led by broker 1, the only replica, in sync. */
export function rawTopic(name: string, partitions: number): RawTopic {
  return {
    name,
    internal: false,
    partitions: Array.from({ length: partitions }, (_, partition) => ({
      partition,
      leader: 1,
      replicas: [1],
      isr: [1],
      offlineReplicas: [],
      eligibleLeaderReplicas: null,
      lastKnownElr: null,
    })),
  };
}
