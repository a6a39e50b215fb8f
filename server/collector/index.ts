export { buildSnapshot } from './build.ts';
export { ClusterCollection } from './collect.ts';
export { Collector } from './collector.ts';
export { GROUP_LAG_STATUSES } from './derive/lag-status.ts';
export { ClusterPoller, type PollerStatus, type SnapshotListener } from './poller.ts';
export type { ClusterReader } from './read.ts';
export type * from './snapshot.ts';
export { CLASSIC_MEMBER_FIELDS, GROUP_STATES, GROUP_STATES_BY_TYPE, GROUP_TYPES } from './snapshot.ts';
