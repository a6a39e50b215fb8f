// Turns kafkajs' decoded records into BrowsedRecords, hiding what a read_committed consumer
// never sees: records of aborted transactions and the transaction markers themselves. The same
// walk as Kafka's own consumer: batches in offset order, aborted transactions (from the Fetch
// answer) become "aborted producers" once reached, and a producer's abort marker ends it.
import type { BrowsedRecord, RecordHeader } from './types.ts';

/** The fields of kafkajs' decoded records (src/protocol/recordBatch/record/v0/decoder.js) used here. */
export interface KafkajsRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | null | (Buffer | null)[]>;
  /** Absent for the old message-set formats (magic 0 and 1). */
  batchContext?: KafkajsBatchContext;
}

export interface KafkajsBatchContext {
  firstOffset: string;
  lastOffsetDelta: number;
  producerId: string;
  inTransaction: boolean;
  isControlBatch: boolean;
  /** 0 CreateTime, 1 LogAppendTime (src/protocol/timestampTypes.js) */
  timestampType: number;
}

export interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

const LOG_APPEND_TIME = 1;
const ABORT_MARKER = 0;
const COMMIT_MARKER = 1;

interface Batch {
  context: KafkajsBatchContext | undefined;
  records: KafkajsRecord[];
}

/** Consecutive records of one batch share kafkajs' batch context object. */
function batchesOf(records: readonly KafkajsRecord[]): Batch[] {
  const batches: Batch[] = [];
  for (const record of records) {
    const last = batches.at(-1);
    if (last && record.batchContext !== undefined && last.context === record.batchContext) {
      last.records.push(record);
    } else {
      batches.push({ context: record.batchContext, records: [record] });
    }
  }
  return batches;
}

/** A control record's key is (version int16, type int16); type 0 aborts, 1 commits. */
function markerType(record: KafkajsRecord): 'commit' | 'abort' | null {
  if (!record.key || record.key.length < 4) return null;
  const type = record.key.readInt16BE(2);
  return type === ABORT_MARKER ? 'abort' : type === COMMIT_MARKER ? 'commit' : null;
}

function headersOf(raw: KafkajsRecord['headers']): RecordHeader[] {
  // kafkajs folds headers into an object (repeated keys into arrays); its insertion order is
  // the producer's, except that JavaScript lists integer-like keys first.
  return Object.entries(raw ?? {}).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: v })),
  );
}

function toBrowsed(
  partition: number,
  record: KafkajsRecord,
  control: BrowsedRecord['control'],
): BrowsedRecord {
  const context = record.batchContext;
  return {
    partition,
    offset: Number(record.offset),
    timestamp: Number(record.timestamp),
    timestampType: context?.timestampType === LOG_APPEND_TIME ? 'LogAppendTime' : 'CreateTime',
    key: control ? null : record.key,
    value: control ? null : record.value,
    headers: control ? [] : headersOf(record.headers),
    transactional: context?.inTransaction ?? false,
    control,
  };
}

/** The offset after the last whole batch read: where the next Fetch starts. */
export function nextFetchOffset(records: readonly KafkajsRecord[], fetchOffset: number): number {
  let next = fetchOffset;
  for (const record of records) {
    const context = record.batchContext;
    const end = context
      ? Number(context.firstOffset) + context.lastOffsetDelta + 1
      : Number(record.offset) + 1;
    if (end > next) next = end;
  }
  return next;
}

/**
 * The records at or after `fromOffset`. committed: as a read_committed consumer sees them.
 * all: every record, and the markers too.
 */
export function visibleRecords(
  partition: number,
  records: readonly KafkajsRecord[],
  aborted: readonly AbortedTransaction[],
  mode: 'committed' | 'all',
  fromOffset: number,
): BrowsedRecord[] {
  const pending = [...aborted].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
  const abortedProducers = new Set<string>();
  const visible: BrowsedRecord[] = [];
  for (const { context, records: batch } of batchesOf(records)) {
    if (context?.inTransaction) {
      // Markers count too: an abort reached only through its marker must not be applied later.
      const lastOffset = Number(context.firstOffset) + context.lastOffsetDelta;
      while (pending.length > 0 && Number(pending[0]!.firstOffset) <= lastOffset) {
        abortedProducers.add(pending.shift()!.producerId);
      }
    }
    if (context?.isControlBatch) {
      const marker = batch[0] ? markerType(batch[0]) : null;
      if (marker === 'abort') abortedProducers.delete(context.producerId);
      if (mode === 'all') {
        for (const r of batch)
          if (Number(r.offset) >= fromOffset) visible.push(toBrowsed(partition, r, marker));
      }
      continue;
    }
    if (mode === 'committed' && context?.inTransaction && abortedProducers.has(context.producerId)) continue;
    for (const r of batch) if (Number(r.offset) >= fromOffset) visible.push(toBrowsed(partition, r, null));
  }
  return visible;
}
