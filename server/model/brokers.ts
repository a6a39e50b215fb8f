// What Kafka tells about its brokers and the KRaft quorum, beyond Metadata.

export interface QuorumReplica {
  id: number;
  logEndOffset: number | null;
  /** Leader's log end offset minus this replica's; null when either is unknown. */
  lag: number | null;
  lastFetchTimestamp: number | null;
  lastCaughtUpTimestamp: number | null;
}

export interface BrokerJmx {
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  messagesInPerSec: number | null;
  requestHandlerIdleRatio: number | null;
  activeControllerCount: number | null;
  isrShrinksPerSec: number | null;
  isrExpandsPerSec: number | null;
  underReplicatedPartitions: number | null;
}
