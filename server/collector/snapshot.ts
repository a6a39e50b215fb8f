/** A problem met while collecting; a cycle that half-fails still yields a snapshot that lists them. */
export interface CollectError {
  kind: 'metadata' | 'connection';
  message: string;
}

export interface BrokerSnapshot {
  id: number;
  host: string;
  port: number;
}

export interface ControllerSnapshot {
  id: number | null;
  /** Where the id came from: KRaft's quorum leader, or Metadata's controller id (ZooKeeper mode). */
  source: 'metadata' | 'quorum';
}

/** Everything one poll cycle learned about one cluster. Immutable once published. */
export interface ClusterSnapshot {
  cluster: string;
  collectedAt: number;
  durationMs: number;
  /** True when the cluster answered the core metadata request. */
  reachable: boolean;
  clusterId: string | null;
  controller: ControllerSnapshot;
  brokers: readonly BrokerSnapshot[];
  errors: readonly CollectError[];
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
