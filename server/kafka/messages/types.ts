// What the message browser reads and returns: raw bytes, never rendered (server/api renders).

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One record as Kafka stores it, with what the browser needs to show and filter it. */
export interface BrowsedRecord {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: Buffer | null;
  value: Buffer | null;
  /** In the order the producer wrote them; a key may repeat. */
  headers: RecordHeader[];
  /** Written by a transactional producer. */
  transactional: boolean;
  /** A transaction marker (only shown when transactions are shown): which one. */
  control: 'commit' | 'abort' | null;
}

export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'timestamp'; timestamp: number };

export interface RecordFilter {
  keyContains?: string;
  valueContains?: string;
  header?: { key: string; value?: string };
  /** Inclusive time range, ms since the epoch. */
  since?: number;
  until?: number;
}

export interface BrowseQuery {
  topic: string;
  /** Undefined: every partition of the topic. */
  partitions?: readonly number[];
  from: StartPosition;
  /** forward: oldest first from the start; backward: newest first, ending at the start. */
  direction: 'forward' | 'backward';
  limit: number;
  filter: RecordFilter;
  /** committed: read_committed, aborted records and markers hidden. all: everything in the log. */
  transactions: 'committed' | 'all';
  /** Stop once the records kept hold this many bytes (keys, values, headers). */
  maxBytes: number;
  /** Stop reading at this time (ms since the epoch) and answer with what was read. */
  deadline: number;
}

export interface PartitionRange {
  partition: number;
  /** Log start offset. */
  startOffset: number;
  /** High watermark, or the last stable offset when reading committed records. */
  endOffset: number;
  /** Lowest and highest offset among the records returned from this partition; null: none. */
  firstOffset: number | null;
  lastOffset: number | null;
  error: string | null;
}

export type StopReason = 'limit' | 'end' | 'bytes' | 'timeout';

export interface BrowseResult {
  records: BrowsedRecord[];
  partitions: PartitionRange[];
  stoppedBy: StopReason;
  /** Records read from Kafka (matching the filter or not). */
  scanned: number;
  /** Bytes the kept records hold. */
  bytes: number;
}

/** The bytes a record holds in memory: what maxBytes counts. */
export function recordBytes(record: BrowsedRecord): number {
  let size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers) size += Buffer.byteLength(header.key) + (header.value?.length ?? 0);
  return size;
}
