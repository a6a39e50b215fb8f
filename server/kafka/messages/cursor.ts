// One partition read in one direction, a buffer at a time, for the k-way merge in browser.ts.
// Forward: from an offset toward the end, chunk by chunk. Backward: windows of offsets below
// an upper bound, each read forward and then reversed, the window growing while the filter
// rejects most records.

import type { FetchedChunk } from './fetch.ts';
import type { CompiledFilter } from './filter.ts';
import type { BrowsedRecord } from './types.ts';

/** Reads the partition's records from an offset (one Fetch). */
export type ChunkReader = (offset: number) => Promise<FetchedChunk>;

export interface CursorRange {
  /** Lowest offset that may be read (log start, or the start offset when reading forward). */
  low: number;
  /** Offset after the highest that may be read. */
  high: number;
}

const MIN_WINDOW = 16;
const MAX_WINDOW = 50_000;

export class PartitionCursor {
  /** Matching records not yet taken, in the order they are to be returned. */
  buffer: BrowsedRecord[] = [];
  /** No more records will come (the buffer may still hold some). */
  done = false;
  error: string | null = null;
  scanned = 0;
  private position: number;
  private window: number;

  constructor(
    readonly partition: number,
    private readonly range: CursorRange,
    private readonly direction: 'forward' | 'backward',
    private readonly read: ChunkReader,
    private readonly filter: CompiledFilter,
    /** How many records are wanted: the first backward window's size. */
    wanted: number,
    private readonly stopped: () => boolean,
  ) {
    this.position = direction === 'forward' ? range.low : range.high;
    this.window = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, wanted));
    if (range.low >= range.high) this.done = true;
  }

  /** Fills the buffer unless it holds records or the partition is done. */
  async refill(): Promise<void> {
    try {
      while (this.buffer.length === 0 && !this.done && !this.stopped()) {
        if (this.direction === 'forward') await this.forward();
        else await this.backward();
      }
    } catch (error) {
      this.done = true;
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async forward(): Promise<void> {
    const chunk = await this.read(this.position);
    const end = Math.min(this.range.high, chunk.endOffset);
    this.scanned += chunk.decoded;
    for (const record of chunk.records) {
      if (record.offset < end && this.filter(record)) this.buffer.push(record);
    }
    // Nothing came back below the end: a gap in the log (compaction); step over it.
    this.position = chunk.nextOffset > this.position ? chunk.nextOffset : this.position + 1;
    if (this.position >= end) this.done = true;
  }

  private async backward(): Promise<void> {
    const high = this.position;
    const low = Math.max(this.range.low, high - this.window);
    const found: BrowsedRecord[] = [];
    let at = low;
    while (at < high) {
      if (this.stopped()) return; // a half-read window would leave a gap: none of it is returned
      const chunk = await this.read(at);
      this.scanned += chunk.decoded;
      for (const record of chunk.records) {
        if (record.offset < high && this.filter(record)) found.push(record);
      }
      at = chunk.nextOffset > at ? chunk.nextOffset : at + 1;
      if (at >= chunk.endOffset) break;
    }
    this.buffer = found.reverse();
    this.position = low;
    if (low <= this.range.low) this.done = true;
    // Few matches: the filter is selective, so look further back at a time.
    if (found.length < this.window / 2) this.window = Math.min(MAX_WINDOW, this.window * 2);
  }
}
