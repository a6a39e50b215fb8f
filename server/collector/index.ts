export { buildSnapshot } from './build.ts';
export { ClusterCollection } from './collect.ts';
export { Collector } from './collector.ts';
export { GROUP_LAG_STATUSES } from './derive/lag-status.ts';
export { ClusterPoller, type PollerStatus, type SnapshotListener } from './poller.ts';
export type { ClusterReader } from './read.ts';
export type * from './snapshot.ts';
export { GROUP_STATES } from './snapshot.ts';
