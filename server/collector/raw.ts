import type {
  BrokerJmx,
  CollectError,
  DescribedGroup,
  RawMetadata,
  RawQuorum,
  SharePartitionProgress,
  TopicConfigs,
} from '../model/index.ts';

/**
 * What one cycle read from Kafka, before any derivation. The I/O half of the collector
 * fills it; the pure half (build.ts) turns it and the collector's memory into a snapshot.
 */
export interface RawCycle {
  startedAt: number;
  finishedAt: number;
  metadata: RawMetadata | null;
  /** null: not asked or failed; 'unsupported': no KRaft quorum (ZooKeeper mode or an old broker). */
  quorum: RawQuorum | 'unsupported' | null;
  configs: ReadonlyMap<string, TopicConfigs>;
  groups: readonly DescribedGroup[];
  /** group → "topic\0partition" → committed offset. Read before the end offsets. */
  committed: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Share groups: group → "topic\0partition" → start offset and the broker's lag. */
  shareOffsets: ReadonlyMap<string, ReadonlyMap<string, SharePartitionProgress>>;
  startOffsets: ReadonlyMap<string, number>;
  endOffsets: ReadonlyMap<string, number>;
  /** When the end offsets were read (for rates and time-lag history). */
  endOffsetsAt: number;
  /** broker id → "topic\0partition" → bytes of that replica. */
  logDirs: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** "topic\0partition\0offset" → timestamp of that record. */
  recordTimestamps: ReadonlyMap<string, number>;
  jmx: ReadonlyMap<number, BrokerJmx>;
  errors: readonly CollectError[];
  requests: number;
}
