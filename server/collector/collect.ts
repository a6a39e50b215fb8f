import type { ClusterClient } from '../kafka/index.ts';
import { type ClusterSnapshot, deepFreeze } from './snapshot.ts';

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
      reachable: true,
      clusterId: described.clusterId,
      controller: { id: described.metadataControllerId, source: 'metadata' },
      brokers: described.brokers.map((b) => ({ ...b })).sort((a, b) => a.id - b.id),
      errors: [],
    });
  } catch (error) {
    return deepFreeze({
      cluster: client.name,
      collectedAt: started,
      durationMs: now() - started,
      reachable: false,
      clusterId: null,
      controller: { id: null, source: 'metadata' },
      brokers: [],
      errors: [{ kind: 'connection', message: (error as Error).message }],
    });
  }
}
