import { label } from '../exposition.ts';
import { CLUSTER, type ClusterView, family, reachable, type SnapshotFamily } from './types.ts';

// The cluster, the collector and the controller / KRaft quorum.

const cluster = (
  name: string,
  help: string,
  value: (view: ClusterView) => number | null | undefined,
): SnapshotFamily => family(name, help, CLUSTER, (view, out) => out.setKnown(view.clusterLabel, value(view)));

export const kafkaBrokers = cluster(
  'kafka_brokers',
  'Number of brokers in the Kafka cluster.',
  (view) => reachable(view)?.brokers.filter((b) => b.up).length,
);

export const clusterUp = cluster(
  'kestrel_cluster_up',
  '1 if the latest poll cycle reached the cluster.',
  (view) => (view.snapshot?.reachable ? 1 : 0),
);

export const clusterInfo = family(
  'kestrel_cluster_info',
  'The cluster id and metadata mode of a reachable cluster.',
  ['cluster', 'cluster_id', 'mode'],
  (view, out) => {
    const s = reachable(view);
    if (s)
      out.set(
        `${view.clusterLabel},${label('cluster_id', s.clusterId ?? '')},${label('mode', s.controller.mode)}`,
        1,
      );
  },
);

export const cycleDuration = cluster(
  'kestrel_collector_cycle_duration_seconds',
  'Duration of the latest poll cycle: first Kafka request to last response.',
  (view) => (view.snapshot ? view.snapshot.durationMs / 1000 : null),
);

export const buildDuration = cluster(
  'kestrel_collector_build_duration_seconds',
  'CPU time of turning the latest cycle’s responses into the snapshot (lag, status, diagnosis).',
  (view) => {
    const ms = view.snapshot?.stats.buildMs;
    return ms === undefined ? null : ms / 1000;
  },
);

export const cycleRequests = cluster(
  'kestrel_collector_cycle_requests',
  'Kafka requests sent in the latest poll cycle.',
  (view) => view.snapshot?.stats.requests,
);

export const lastSuccess = cluster(
  'kestrel_collector_last_success_timestamp_seconds',
  'Start time of the latest poll cycle that reached the cluster.',
  (view) => (view.lastSuccessAt === null ? null : view.lastSuccessAt / 1000),
);

export const lastCycle = cluster(
  'kestrel_collector_last_cycle_timestamp_seconds',
  'Start time of the latest poll cycle.',
  (view) => (view.snapshot ? view.snapshot.collectedAt / 1000 : null),
);

export const controllerId = cluster(
  'kestrel_controller_id',
  'KRaft quorum leader (ZooKeeper mode: controller) broker id; -1 when there is none.',
  (view) => {
    const s = reachable(view);
    return s ? (s.controller.id ?? -1) : null;
  },
);

export const quorumEpoch = cluster(
  'kestrel_quorum_leader_epoch',
  'Epoch of the KRaft quorum leader.',
  (view) => reachable(view)?.controller.epoch,
);

export const quorumHighWatermark = cluster(
  'kestrel_quorum_high_watermark',
  'High watermark of the KRaft metadata log.',
  (view) => reachable(view)?.controller.highWatermark,
);

export const quorumVoterLag = family(
  'kestrel_quorum_voter_lag',
  'Records a KRaft voter is behind the quorum leader.',
  ['cluster', 'voter'],
  (view, out) => {
    for (const voter of reachable(view)?.controller.voters ?? [])
      out.setKnown(`${view.clusterLabel},${label('voter', String(voter.id))}`, voter.lag);
  },
  { dedupe: true },
);

export const quorumObserverLag = family(
  'kestrel_quorum_observer_lag',
  'Records a KRaft observer is behind the quorum leader.',
  ['cluster', 'observer'],
  (view, out) => {
    for (const observer of reachable(view)?.controller.observers ?? [])
      out.setKnown(`${view.clusterLabel},${label('observer', String(observer.id))}`, observer.lag);
  },
  { dedupe: true },
);
