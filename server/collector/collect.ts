import type { ClusterClient } from '../kafka/index.ts';
import { type ClusterSnapshot, type ControllerSnapshot, deepFreeze } from './snapshot.ts';

const NO_CONTROLLER: ControllerSnapshot = {
  mode: 'unknown',
  id: null,
  epoch: null,
  highWatermark: null,
  voters: [],
  observers: [],
};
const BROKER_DEFAULTS = {
  rack: null,
  up: true,
  partitions: 0,
  leaders: 0,
  underReplicated: 0,
  logDirBytes: null,
  jmx: null,
};

/** One poll cycle: ask the cluster, build an immutable snapshot. Never throws. */
export async function collectSnapshot(
  client: ClusterClient,
  now: () => number = Date.now,
): Promise<ClusterSnapshot> {
  const started = now();
  try {
    const described = await client.describeCluster();
    return deepFreeze({
      cluster: client.name,
      collectedAt: started,
      durationMs: now() - started,
      offsetsAt: started,
      reachable: true,
      clusterId: described.clusterId,
      controller: { ...NO_CONTROLLER, id: described.metadataControllerId },
      brokers: described.brokers
        .map((b) => ({ ...b, ...BROKER_DEFAULTS, isController: b.id === described.metadataControllerId }))
        .sort((a, b) => a.id - b.id),
      topics: [],
      groups: [],
      isrChanges: [],
      errors: [],
      stats: { requests: 1 },
    });
  } catch (error) {
    return deepFreeze({
      cluster: client.name,
      collectedAt: started,
      durationMs: now() - started,
      offsetsAt: started,
      reachable: false,
      clusterId: null,
      controller: NO_CONTROLLER,
      brokers: [],
      topics: [],
      groups: [],
      isrChanges: [],
      errors: [{ kind: 'connection', message: (error as Error).message }],
      stats: { requests: 1 },
    });
  }
}
