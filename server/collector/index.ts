export { collectSnapshot } from './collect.ts';
export { Collector } from './collector.ts';
export { ClusterPoller, type PollerStatus, type SnapshotListener } from './poller.ts';
export type { BrokerSnapshot, ClusterSnapshot, CollectError, ControllerSnapshot } from './snapshot.ts';
