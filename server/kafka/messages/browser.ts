import { Kafka } from 'kafkajs';
import type { ClusterConfig } from '../../config/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { kafkaOptions } from '../options.ts';
import { type BrokerConnection, KafkaInternals } from '../protocol/index.ts';
import { registerCompressionCodecs } from './codecs.ts';
import { PartitionCursor } from './cursor.ts';
import { fetchChunk, PartitionReadError } from './fetch.ts';
import { compileFilter } from './filter.ts';
import { type LogBounds, logBounds, type PartitionLeader, partitionLeaders } from './offsets.ts';
import {
  type BrowsedRecord,
  type BrowseQuery,
  type BrowseResult,
  type PartitionRange,
  recordBytes,
  type StopReason,
} from './types.ts';

/** Bytes asked of one Fetch: big enough to scan quickly, small enough for many partitions at once. */
const MAX_FETCH_BYTES = 1024 * 1024;
const MIN_FETCH_BYTES = 64 * 1024;
/** Partitions whose first buffers are read at once. */
const PARALLEL_PARTITIONS = 8;

export class BrowseRefusal extends Error {
  constructor(
    readonly kind: 'unknown_topic' | 'unknown_partition' | 'bad_position',
    message: string,
  ) {
    super(message);
  }
}

class DeadlineReached extends Error {}

/**
 * Reads a topic's records for the message browser, on its own kafkajs connections (never the
 * collector's, so browsing cannot delay a poll cycle). Each request is bounded in records,
 * bytes and time; whatever was read when a bound is hit is returned, with the reason.
 */
export class MessageBrowser {
  private readonly internals: KafkaInternals;

  constructor(config: ClusterConfig, logger: Logger) {
    registerCompressionCodecs();
    this.internals = new KafkaInternals(new Kafka(kafkaOptions(config, logger)));
  }

  async close(): Promise<void> {
    await this.internals.disconnect().catch(() => undefined);
  }

  async read(query: BrowseQuery): Promise<BrowseResult> {
    const leaders = await partitionLeaders(this.internals, query.topic);
    const chosen = choosePartitions(leaders, query.partitions);
    const isolation = query.transactions === 'committed' ? 1 : 0;
    const timestamp = query.from.kind === 'timestamp' ? query.from.timestamp : undefined;
    const bounds = await logBounds(this.internals, query.topic, chosen, isolation, timestamp);

    const filter = compileFilter(query.filter);
    const stopped = () => Date.now() >= query.deadline;
    const fetchBytes = Math.max(
      MIN_FETCH_BYTES,
      Math.min(MAX_FETCH_BYTES, Math.floor(query.maxBytes / chosen.length)),
    );
    const ranges = new Map<number, PartitionRange>();
    const cursors: PartitionCursor[] = [];
    for (const { partition, leader } of chosen) {
      const bound = bounds.get(partition);
      const range: PartitionRange = {
        partition,
        startOffset: bound instanceof PartitionReadError || !bound ? -1 : bound.start,
        endOffset: bound instanceof PartitionReadError || !bound ? -1 : bound.end,
        firstOffset: null,
        lastOffset: null,
        error: bound instanceof PartitionReadError ? bound.message : bound ? null : 'no answer',
      };
      ranges.set(partition, range);
      if (!bound || bound instanceof PartitionReadError) continue;
      let broker: Promise<BrokerConnection> | undefined;
      const reader = async (offset: number) => {
        broker ??= this.internals.broker(leader);
        const chunk = fetchChunk(
          await broker,
          query.topic,
          partition,
          offset,
          fetchBytes,
          query.transactions,
        );
        return beforeDeadline(chunk, query.deadline);
      };
      cursors.push(
        new PartitionCursor(
          partition,
          cursorRange(bound, query),
          query.direction,
          reader,
          filter,
          query.limit,
          stopped,
        ),
      );
    }

    const records: BrowsedRecord[] = [];
    let bytes = 0;
    let stoppedBy: StopReason = 'end';
    await inBatches(cursors, PARALLEL_PARTITIONS, (c) => c.refill());
    while (true) {
      if (records.length >= query.limit) {
        stoppedBy = 'limit';
        break;
      }
      if (stopped()) {
        stoppedBy = 'timeout';
        break;
      }
      const next = pick(cursors, query.direction);
      if (!next) {
        // Only a cursor cut short by the deadline ends a read early; errors are per partition.
        stoppedBy = cursors.some((c) => !c.done || c.error === DEADLINE) ? 'timeout' : 'end';
        break;
      }
      const record = next.buffer[0]!;
      const size = recordBytes(record);
      // The first record always goes out: it is in memory already, and could not be seen otherwise.
      if (records.length > 0 && bytes + size > query.maxBytes) {
        stoppedBy = 'bytes';
        break;
      }
      next.buffer.shift();
      records.push(record);
      bytes += size;
      const range = ranges.get(record.partition)!;
      range.firstOffset = Math.min(range.firstOffset ?? record.offset, record.offset);
      range.lastOffset = Math.max(range.lastOffset ?? record.offset, record.offset);
      // Not once enough are in: the next buffer may be a whole window or batch of reading.
      if (next.buffer.length === 0 && records.length < query.limit) await next.refill();
    }
    for (const cursor of cursors) {
      const range = ranges.get(cursor.partition)!;
      if (cursor.error && cursor.error !== DEADLINE) range.error = cursor.error;
    }
    return {
      records,
      partitions: [...ranges.values()],
      stoppedBy,
      scanned: cursors.reduce((sum, c) => sum + c.scanned, 0),
      bytes,
    };
  }
}

const DEADLINE = 'deadline reached';

function choosePartitions(
  leaders: readonly PartitionLeader[],
  wanted: readonly number[] | undefined,
): PartitionLeader[] {
  if (wanted === undefined) return [...leaders];
  const byId = new Map(leaders.map((p) => [p.partition, p]));
  return [...new Set(wanted)].map((id) => {
    const found = byId.get(id);
    if (!found) throw new BrowseRefusal('unknown_partition', `the topic has no partition ${id}`);
    return found;
  });
}

/** Which offsets a cursor may read: forward from the start position, backward below it. */
function cursorRange(bound: LogBounds, query: BrowseQuery): { low: number; high: number } {
  const { start, end } = bound;
  const clamp = (offset: number) => Math.min(Math.max(offset, start), end);
  const from = query.from;
  if (query.direction === 'forward') {
    const low =
      from.kind === 'earliest'
        ? start
        : from.kind === 'latest'
          ? end
          : from.kind === 'offset'
            ? clamp(from.offset)
            : clamp(bound.atTimestamp ?? end);
    return { low, high: end };
  }
  // Backward from an offset includes it; from a time, only records before it.
  const high =
    from.kind === 'latest'
      ? end
      : from.kind === 'earliest'
        ? start
        : from.kind === 'offset'
          ? clamp(from.offset + 1)
          : clamp(bound.atTimestamp ?? end);
  return { low: start, high };
}

/** The cursor whose next record comes first: oldest timestamp forward, newest backward. */
function pick(
  cursors: readonly PartitionCursor[],
  direction: 'forward' | 'backward',
): PartitionCursor | undefined {
  const sign = direction === 'forward' ? 1 : -1;
  let best: PartitionCursor | undefined;
  let bestHead: BrowsedRecord | undefined;
  for (const cursor of cursors) {
    const head = cursor.buffer[0];
    if (!head) continue;
    if (
      !bestHead ||
      sign * (head.timestamp - bestHead.timestamp) < 0 ||
      (head.timestamp === bestHead.timestamp && head.partition < bestHead.partition)
    ) {
      best = cursor;
      bestHead = head;
    }
  }
  return best;
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/** The Fetch in flight cannot be cancelled; its answer is dropped once the deadline has passed. */
function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  const left = deadline - Date.now();
  if (left <= 0) {
    work.catch(() => undefined);
    return Promise.reject(new DeadlineReached(DEADLINE));
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineReached(DEADLINE)), left);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
