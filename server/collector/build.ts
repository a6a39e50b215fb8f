import { buildBrokers, buildController } from './build-brokers.ts';
import { buildGroups } from './build-groups.ts';
import { buildTopics } from './build-topics.ts';
import { observeChurn } from './derive/diagnosis/churn.ts';
import { diagnoseCluster } from './derive/diagnosis/diagnose.ts';
import { NO_DIAGNOSIS } from './derive/diagnosis/types.ts';
import { isrChanges } from './derive/isr.ts';
import { clusterMessageRate } from './derive/rates.ts';
import type { RawCycle } from './raw.ts';
import { type ClusterSnapshot, freezeSnapshot, type GroupSnapshot, type IsrChangeEvent } from './snapshot.ts';
import type { BuildOptions, CollectorState } from './state.ts';

/**
 * The pure half of a cycle: what Kafka said (raw) plus what the collector remembers (state)
 * becomes an immutable snapshot. No I/O. Updates `state` for the next cycle.
 */
export function buildSnapshot(
  cluster: string,
  raw: RawCycle,
  state: CollectorState,
  options: BuildOptions,
): ClusterSnapshot {
  const reachable = raw.metadata !== null;
  const previous = state.previous;
  const controller = buildController(raw, previous?.controller);
  const topics = reachable ? buildTopics(raw, state) : [];
  const groups = reachable ? buildGroups(raw, topics, state, options) : [];
  const brokers = buildBrokers(raw, topics, controller, state);

  const changes: IsrChangeEvent[] =
    reachable && previous?.reachable
      ? isrChanges(
          previous.topics.flatMap((t) => t.partitions),
          topics.flatMap((t) => t.partitions),
        ).map((change) => ({ ...change, at: raw.startedAt }))
      : [];

  // A cycle whose group listing failed says nothing about rebalances: keep the history as it is.
  if (reachable && !raw.errors.some((e) => e.kind === 'groups'))
    observeGroups(state, groups, raw.endOffsetsAt);
  const diagnosis = reachable
    ? diagnoseCluster({
        topics,
        groups,
        brokers,
        previous: previous?.reachable
          ? { topics: previous.topics, offsetsAt: previous.offsetsAt }
          : undefined,
        offsetsAt: raw.endOffsetsAt,
        lagWindows: state.lagWindows,
        churn: state.churn,
      })
    : NO_DIAGNOSIS;

  const snapshot = freezeSnapshot({
    cluster,
    collectedAt: raw.startedAt,
    durationMs: raw.finishedAt - raw.startedAt,
    offsetsAt: raw.endOffsetsAt,
    reachable,
    clusterId: raw.metadata?.clusterId ?? previous?.clusterId ?? null,
    controller,
    brokers,
    topics,
    groups,
    messageRate: clusterMessageRate(brokers, topics),
    isrChanges: changes,
    diagnosis,
    errors: raw.errors,
    stats: { requests: raw.requests },
  });
  // Rates and ISR changes compare with the last cycle in which the cluster answered.
  if (reachable) state.previous = snapshot;
  return snapshot;
}

/** Rebalance history per group; a group that is gone takes its history with it. */
function observeGroups(state: CollectorState, groups: readonly GroupSnapshot[], at: number): void {
  const seen = new Set<string>();
  for (const group of groups) {
    seen.add(group.id);
    state.churn.set(group.id, observeChurn(state.churn.get(group.id), group, at));
  }
  for (const id of state.churn.keys()) if (!seen.has(id)) state.churn.delete(id);
}
