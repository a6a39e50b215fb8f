import type { ClusterSnapshot, GroupSnapshot } from '../../collector/index.ts';
import type { FamilyDef, FamilySamples } from '../exposition.ts';

export type Granularity = 'partition' | 'topic';

/** What the exposition knows of one cluster: its latest snapshot and the groups still exported. */
export interface ClusterView {
  name: string;
  /** `cluster="name"`, escaped once for every sample of the cluster. */
  clusterLabel: string;
  granularity: Granularity;
  snapshot: ClusterSnapshot | undefined;
  lastSuccessAt: number | null;
  /** The current groups and the recently vanished ones (until groupExpiry). */
  groups: Iterable<GroupSnapshot>;
}

/** A family written straight from the snapshot: its samples for one cluster at a time. */
export interface SnapshotFamily {
  def: FamilyDef;
  /** Omitted at `topic` granularity: one series per partition (or per group and partition). */
  perPartition?: boolean;
  /**
   * Label sets may repeat (what Kafka lists may hold an id twice): keep the first place and the
   * last value, as a prom-client gauge does. The other families' label sets are unique by
   * construction (one per topic, partition, group... of the snapshot), and keep no index.
   */
  dedupe?: boolean;
  write(view: ClusterView, out: FamilySamples): void;
}

/** Declares a family. */
export function family(
  name: string,
  help: string,
  labels: readonly string[],
  write: SnapshotFamily['write'],
  options: { untyped?: boolean; perPartition?: boolean; dedupe?: boolean } = {},
): SnapshotFamily {
  return {
    def: { name, help, type: options.untyped ? 'untyped' : 'gauge', labels },
    perPartition: options.perPartition,
    dedupe: options.dedupe,
    write,
  };
}

/** The snapshot of a cluster that the latest cycle reached, or nothing. */
export const reachable = (view: ClusterView): ClusterSnapshot | undefined =>
  view.snapshot?.reachable ? view.snapshot : undefined;

// Lag is clamped in the collector already; the exposition makes sure of it once more.
export const nonNegative = (value: number | null): number | null =>
  value === null ? null : Math.max(0, value);

export const CLUSTER = ['cluster'] as const;
export const BROKER = ['cluster', 'broker'] as const;
export const TOPIC = ['cluster', 'topic'] as const;
export const PARTITION = ['cluster', 'topic', 'partition'] as const;
export const GROUP = ['cluster', 'consumergroup'] as const;
/** Kestrel's own group series also say which of Kafka's four group types the group is. */
export const TYPED_GROUP = ['cluster', 'consumergroup', 'type'] as const;
export const GROUP_TOPIC = ['cluster', 'consumergroup', 'topic'] as const;
export const GROUP_PARTITION = ['cluster', 'consumergroup', 'topic', 'partition'] as const;
