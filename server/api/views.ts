import type { PollerStatus } from '../collector/index.ts';
import type { ClusterSnapshot, GroupSnapshot, TopicSnapshot } from '../collector/snapshot.ts';
import type { GroupLagStatus } from '../model/index.ts';
import { maxKnown, sumKnown } from '../shared/known.ts';
import type { GroupSortColumn, TopicSortColumn } from './columns.ts';
import { type SortOrder, type SortValue, sortRows } from './paging.ts';
import type { ClusterSummary, GroupRow, TopicConsumer, TopicRow } from './responses.ts';

export type { ClusterSummary, GroupRow, GroupSortColumn, TopicConsumer, TopicRow, TopicSortColumn };

/** Everything a list request needs, derived once per snapshot. */
interface SnapshotIndex {
  topicRows: readonly TopicRow[];
  topicsByName: ReadonlyMap<string, TopicSnapshot>;
  consumersByTopic: ReadonlyMap<string, readonly TopicConsumer[]>;
  groupRows: readonly GroupRow[];
  groupsById: ReadonlyMap<string, GroupSnapshot>;
  /** Sorted row lists, keyed "column order", filled on first use. */
  sortedTopics: Map<string, readonly TopicRow[]>;
  sortedGroups: Map<string, readonly GroupRow[]>;
}

// Snapshots are immutable and replaced every cycle: keying by the object lets the old
// index go with the old snapshot, and makes every request after the first O(page).
const indexes = new WeakMap<ClusterSnapshot, SnapshotIndex>();

function snapshotIndex(snapshot: ClusterSnapshot): SnapshotIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    index = buildIndex(snapshot);
    indexes.set(snapshot, index);
  }
  return index;
}

function buildIndex(snapshot: ClusterSnapshot): SnapshotIndex {
  const consumersByTopic = new Map<string, TopicConsumer[]>();
  for (const g of snapshot.groups) {
    for (const t of g.topics) {
      const consumer: TopicConsumer = {
        group: g.id,
        state: g.state,
        status: g.status,
        lag: t.lag,
        timeLagSeconds: t.timeLagSeconds,
        partitions: t.partitions,
      };
      const list = consumersByTopic.get(t.topic);
      if (list) list.push(consumer);
      else consumersByTopic.set(t.topic, [consumer]);
    }
  }
  return {
    topicRows: snapshot.topics.map((t) => topicRow(t, consumersByTopic.get(t.name) ?? [])),
    topicsByName: new Map(snapshot.topics.map((t) => [t.name, t])),
    consumersByTopic,
    groupRows: snapshot.groups.map(groupRow),
    groupsById: new Map(snapshot.groups.map((g) => [g.id, g])),
    sortedTopics: new Map(),
    sortedGroups: new Map(),
  };
}

function topicRow(t: TopicSnapshot, consumers: readonly TopicConsumer[]): TopicRow {
  return {
    name: t.name,
    internal: t.internal,
    partitions: t.partitionCount,
    replicationFactor: t.replicationFactor,
    sizeBytes: t.sizeBytes,
    messageCount: t.messageCount,
    produceRate: t.produceRate,
    underReplicated: t.underReplicated,
    underMinIsr: t.underMinIsr,
    offline: t.offline,
    lag: sumKnown(consumers.map((c) => c.lag)),
    maxGroupLag: maxKnown(consumers.map((c) => c.lag)),
    consumerGroups: consumers.length,
  };
}

function groupRow(g: GroupSnapshot): GroupRow {
  return {
    id: g.id,
    type: g.type,
    state: g.state,
    status: g.status,
    members: g.members.length,
    topics: g.topics.length,
    lag: g.lag,
    timeLagSeconds: g.timeLagSeconds,
    consumeRate: g.consumeRate,
    timeToCatchUpSeconds: g.timeToCatchUpSeconds,
    catchUp: g.catchUp,
  };
}

export function sortedTopicRows(
  snapshot: ClusterSnapshot,
  column: TopicSortColumn,
  order: SortOrder,
): readonly TopicRow[] {
  const index = snapshotIndex(snapshot);
  return cached(index.sortedTopics, `${column} ${order}`, () =>
    sortRows(
      index.topicRows,
      (r) => topicSortValue(r, column),
      order,
      (r) => r.name,
    ),
  );
}

export function sortedGroupRows(
  snapshot: ClusterSnapshot,
  column: GroupSortColumn,
  order: SortOrder,
): readonly GroupRow[] {
  const index = snapshotIndex(snapshot);
  return cached(index.sortedGroups, `${column} ${order}`, () =>
    sortRows(
      index.groupRows,
      (r) => groupSortValue(r, column),
      order,
      (r) => r.id,
    ),
  );
}

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

function topicSortValue(row: TopicRow, column: TopicSortColumn): SortValue {
  return row[column];
}

/** Status sorts by severity, so `sort=status&order=desc` puts the groups in trouble first. */
const STATUS_RANK: Record<GroupLagStatus, number> = { OK: 0, WARN: 1, ERR: 2 };

function groupSortValue(row: GroupRow, column: GroupSortColumn): SortValue {
  return column === 'status' ? STATUS_RANK[row.status] : row[column];
}

/** One cluster's headline numbers. The counts are null when the latest cycle could not read them. */
export function clusterSummary(status: PollerStatus, snapshot: ClusterSnapshot | undefined): ClusterSummary {
  const poll = {
    collectedAt: snapshot?.collectedAt ?? null,
    lastSuccessAt: status.lastSuccessAt,
    lastError: status.lastError,
    consecutiveFailures: status.consecutiveFailures,
  };
  if (!snapshot?.reachable) {
    return {
      name: status.cluster,
      reachable: false,
      ready: snapshot !== undefined,
      clusterId: snapshot?.clusterId ?? null,
      controller: null,
      brokers: snapshot ? brokerCounts(snapshot) : null,
      topics: null,
      internalTopics: null,
      partitions: null,
      internalPartitions: null,
      underReplicatedPartitions: null,
      underMinIsrPartitions: null,
      offlinePartitions: null,
      groups: null,
      totalLag: null,
      messageRate: null,
      ...poll,
    };
  }
  const byStatus: Record<GroupLagStatus, number> = { OK: 0, WARN: 0, ERR: 0 };
  for (const g of snapshot.groups) byStatus[g.status]++;
  const total = (pick: (t: TopicSnapshot) => number) => snapshot.topics.reduce((sum, t) => sum + pick(t), 0);
  const internal = snapshot.topics.filter((t) => t.internal);
  const { mode, id, epoch } = snapshot.controller;
  return {
    name: status.cluster,
    reachable: true,
    ready: true,
    clusterId: snapshot.clusterId,
    controller: { mode, id, epoch },
    brokers: brokerCounts(snapshot),
    topics: snapshot.topics.length,
    internalTopics: internal.length,
    partitions: total((t) => t.partitionCount),
    internalPartitions: internal.reduce((sum, t) => sum + t.partitionCount, 0),
    underReplicatedPartitions: total((t) => t.underReplicated),
    underMinIsrPartitions: total((t) => t.underMinIsr),
    offlinePartitions: total((t) => t.offline),
    groups: { total: snapshot.groups.length, byStatus },
    totalLag: sumKnown(snapshot.groups.map((g) => g.lag)),
    messageRate: snapshot.messageRate,
    ...poll,
  };
}

function brokerCounts(snapshot: ClusterSnapshot): { up: number; down: number } {
  const up = snapshot.brokers.filter((b) => b.up).length;
  return { up, down: snapshot.brokers.length - up };
}

export function topicConsumers(snapshot: ClusterSnapshot, topic: string): readonly TopicConsumer[] {
  return snapshotIndex(snapshot).consumersByTopic.get(topic) ?? [];
}

export function findTopic(snapshot: ClusterSnapshot, name: string): TopicSnapshot | undefined {
  return snapshotIndex(snapshot).topicsByName.get(name);
}

export function findGroup(snapshot: ClusterSnapshot, id: string): GroupSnapshot | undefined {
  return snapshotIndex(snapshot).groupsById.get(id);
}
