// The replication throttle for one reassignment, as kafka-reassign-partitions sets it: a rate on
// every broker involved, and on the topic the replicas it applies to — the existing replicas of
// each moving partition (they lead the copy) and the new ones (they follow).
import type { PlannedPartition } from './reassignment-plan.ts';

export interface Throttle {
  topic: string;
  /** Bytes per second, per broker, for leader and follower replication alike. */
  rate: number;
  brokers: number[];
  /** leader.replication.throttled.replicas: "partition:broker,...". */
  leaderReplicas: string;
  /** follower.replication.throttled.replicas. */
  followerReplicas: string;
}

export const BROKER_THROTTLE_KEYS = [
  'leader.replication.throttled.rate',
  'follower.replication.throttled.rate',
] as const;
export const TOPIC_THROTTLE_KEYS = [
  'leader.replication.throttled.replicas',
  'follower.replication.throttled.replicas',
] as const;

/** null when nothing moves: no copy, nothing to throttle. */
export function throttleFor(
  topic: string,
  partitions: readonly PlannedPartition[],
  rate: number,
): Throttle | null {
  const moving = partitions.filter((p) => p.adding.length > 0);
  if (moving.length === 0) return null;
  const entries = (pick: (p: PlannedPartition) => number[]) =>
    moving.flatMap((p) => pick(p).map((id) => `${p.partition}:${id}`)).join(',');
  return {
    topic,
    rate,
    brokers: [...new Set(moving.flatMap((p) => [...p.current, ...p.proposed]))].sort((a, b) => a - b),
    leaderReplicas: entries((p) => p.current),
    followerReplicas: entries((p) => p.adding),
  };
}

/** Brokers whose rate can go: those no other pending throttle still uses. */
export function brokersToRelease(done: Throttle, stillPending: readonly Throttle[]): number[] {
  const inUse = new Set(stillPending.filter((t) => t.topic !== done.topic).flatMap((t) => t.brokers));
  return done.brokers.filter((id) => !inUse.has(id));
}
