export { buildSnapshot } from './build.ts';
export { ClusterCollection } from './collect.ts';
export { type ClusterConnection, Collector, type ConnectCluster } from './collector.ts';
export { ClusterPoller, type PollerStatus, type SnapshotListener } from './poller.ts';
export type { ClusterReader } from './read.ts';
export type * from './snapshot.ts';
