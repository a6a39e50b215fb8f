// Record timestamps for time lag where the end-offset history cannot vouch for a record's age.
import { type CollectError, partitionKey, recordKey, splitPartitionKey } from '../model/index.ts';
import { messageOf } from '../shared/error-message.ts';
import { appendBracket, isTight, timestampMatchesHistory } from './derive/time-lag.ts';
import type { CollectorState } from './state.ts';

/** What reading record timestamps asks of a cluster (part of ClusterReader). */
export interface RecordTimestampReader {
  /** Timestamps of the records at the given offsets, one fetch per leader. */
  recordTimestamps(
    records: readonly { topic: string; partition: number; offset: number; leader: number }[],
  ): Promise<{ timestamps: Map<string, number>; errors: CollectError[] }>;
}

/** What it remembers between cycles (part of ReadCache). */
export interface TimestampCache {
  /** "topic\0partition\0offset" → timestamp: a record's timestamp never changes. */
  timestamps: Map<string, number>;
  /** "topic\0partition" → whether its record timestamps agreed with the append history when last checked. */
  calibration: Map<string, { at: number; trusted: boolean }>;
}

/** How long a partition's timestamp calibration holds before it is checked again. */
const CALIBRATION_TTL_MS = 10 * 60_000;
/** Calibration reads per cycle: spreads the first look at 10,000s of partitions over cycles. */
const MAX_CALIBRATIONS_PER_CYCLE = 200;

/**
 * Reads the records whose age the end-offset history cannot vouch for: where the bracket is
 * wide or missing, and on partitions whose producers' timestamps disagree with the append
 * times (back-dated or skewed CreateTime). Each partition is calibrated now and then by
 * reading one record and checking it against the history. Timestamps are cached per offset,
 * so a consumer that does not move costs one read, not one per cycle.
 */
export async function readTimestamps(
  reader: RecordTimestampReader,
  led: readonly { topic: string; partition: number; leader: number }[],
  committed: ReadonlyMap<string, ReadonlyMap<string, number>>,
  endOffsets: ReadonlyMap<string, number>,
  at: number,
  state: CollectorState,
  cache: TimestampCache,
  options: { maxBracketMs: number; maxTimestampFetches: number },
  errors: CollectError[],
): Promise<Map<string, number>> {
  const leaders = new Map(led.map((p) => [partitionKey(p.topic, p.partition), p.leader]));
  type Wanted = { topic: string; partition: number; offset: number; leader: number; partitionKey: string };
  const needed = new Map<string, Wanted>();
  const calibrations = new Map<string, Wanted>();
  for (const offsets of committed.values()) {
    for (const [key, offset] of offsets) {
      const end = endOffsets.get(key);
      const leader = leaders.get(key);
      if (end === undefined || leader === undefined || end <= offset) continue;
      // Most group-partitions need no read: the record is built only for those that do.
      const record = () => ({ ...splitPartitionKey(key), offset, leader, partitionKey: key });
      const runs = state.endOffsetRuns.get(key);
      const calibration = cache.calibration.get(key);
      if (
        !isTight(runs && appendBracket(runs, offset), options.maxBracketMs) ||
        calibration?.trusted === false
      ) {
        const wanted = record();
        needed.set(recordKey(wanted.topic, wanted.partition, offset), wanted);
      } else if (!calibration || at - calibration.at > CALIBRATION_TTL_MS) {
        if (calibrations.size < MAX_CALIBRATIONS_PER_CYCLE) calibrations.set(key, record());
      }
    }
  }
  const result = new Map<string, number>();
  const toFetch: Wanted[] = [];
  for (const [key, record] of needed) {
    const known = cache.timestamps.get(key);
    if (known !== undefined) result.set(key, known);
    else if (toFetch.length < options.maxTimestampFetches) toFetch.push(record);
  }
  const calibrating = [...calibrations.values()];
  if (toFetch.length + calibrating.length > 0) {
    try {
      const fetched = await reader.recordTimestamps([...toFetch, ...calibrating]);
      errors.push(...fetched.errors);
      for (const record of calibrating) {
        const ts = fetched.timestamps.get(recordKey(record.topic, record.partition, record.offset));
        const runs = state.endOffsetRuns.get(record.partitionKey);
        if (ts === undefined || !runs) continue;
        const trusted = timestampMatchesHistory(ts, appendBracket(runs, record.offset), options.maxBracketMs);
        cache.calibration.set(record.partitionKey, { at, trusted });
      }
      for (const [key, ts] of fetched.timestamps) result.set(key, ts);
    } catch (error) {
      errors.push({ kind: 'timestamps', message: messageOf(error) });
    }
  }
  // Keep what is still wanted, so the caches cannot grow without bound.
  cache.timestamps = new Map([...result].filter(([key]) => needed.has(key)));
  for (const key of cache.calibration.keys()) if (!endOffsets.has(key)) cache.calibration.delete(key);
  return result;
}
