// The browser's pure parts: transaction filtering, filters, and partition cursors over an
// in-memory log that answers like Fetch does (whole batches, from the batch holding the offset).
import { describe, expect, it } from 'vitest';
import { PartitionCursor } from './cursor.ts';
import type { FetchedChunk } from './fetch.ts';
import { compileFilter } from './filter.ts';
import {
  type KafkajsBatchContext,
  type KafkajsRecord,
  nextFetchOffset,
  visibleRecords,
} from './transactions.ts';
import type { BrowsedRecord } from './types.ts';

function batch(
  firstOffset: number,
  values: (string | null)[],
  options: { producerId?: string; transactional?: boolean; control?: 'abort' | 'commit' } = {},
): KafkajsRecord[] {
  const context: KafkajsBatchContext = {
    firstOffset: String(firstOffset),
    lastOffsetDelta: values.length - 1,
    producerId: options.producerId ?? '-1',
    inTransaction: options.transactional ?? options.control !== undefined,
    isControlBatch: options.control !== undefined,
    timestampType: 0,
  };
  return values.map((value, i) => {
    const key = options.control
      ? Buffer.from([0, 0, 0, options.control === 'abort' ? 0 : 1])
      : Buffer.from(`k${firstOffset + i}`);
    return {
      offset: String(firstOffset + i),
      timestamp: String(1000 + firstOffset + i),
      key,
      value: value === null ? null : Buffer.from(value),
      headers: { trace: Buffer.from(`t${firstOffset + i}`) },
      batchContext: context,
    };
  });
}

const values = (records: BrowsedRecord[]) => records.map((r) => r.value?.toString() ?? null);

describe('transaction filtering', () => {
  // offsets: 0-1 plain, 2-3 txn A (aborted), 4 txn B (committed), 5 abort marker A, 6 commit marker B, 7 plain
  const log = [
    ...batch(0, ['a', 'b']),
    ...batch(2, ['x1', 'x2'], { producerId: '7', transactional: true }),
    ...batch(4, ['c'], { producerId: '8', transactional: true }),
    ...batch(5, [''], { producerId: '7', control: 'abort' }),
    ...batch(6, [''], { producerId: '8', control: 'commit' }),
    ...batch(7, ['d']),
  ];
  const aborted = [{ producerId: '7', firstOffset: '2' }];

  it('hides aborted records and markers when reading committed', () => {
    expect(values(visibleRecords(0, log, aborted, 'committed', 0))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('shows everything, markers marked, when asked to', () => {
    const all = visibleRecords(0, log, aborted, 'all', 0);
    expect(all.map((r) => [r.offset, r.control, r.transactional])).toEqual([
      [0, null, false],
      [1, null, false],
      [2, null, true],
      [3, null, true],
      [4, null, true],
      [5, 'abort', true],
      [6, 'commit', true],
      [7, null, false],
    ]);
  });

  it('drops the records of a batch before the fetch offset, and knows where the next fetch starts', () => {
    expect(values(visibleRecords(0, log, aborted, 'committed', 1))).toEqual(['b', 'c', 'd']);
    expect(nextFetchOffset(log, 0)).toBe(8);
    expect(nextFetchOffset([], 5)).toBe(5);
  });

  it("does not carry an abort reached only through its marker over to the producer's next transaction", () => {
    const later = [
      ...batch(5, [''], { producerId: '7', control: 'abort' }),
      ...batch(6, ['next'], { producerId: '7', transactional: true }),
    ];
    expect(values(visibleRecords(0, later, aborted, 'committed', 5))).toEqual(['next']);
  });

  it('keeps header order and repeated header keys', () => {
    const record: KafkajsRecord = {
      ...batch(0, ['v'])[0]!,
      headers: { b: Buffer.from('1'), a: [Buffer.from('2'), null] },
    };
    const [shown] = visibleRecords(0, [record], [], 'committed', 0);
    expect(shown!.headers.map((h) => [h.key, h.value?.toString() ?? null])).toEqual([
      ['b', '1'],
      ['a', '2'],
      ['a', null],
    ]);
  });
});

describe('filters', () => {
  const [record] = visibleRecords(3, batch(10, ['{"id":42,"name":"ада"}']), [], 'committed', 0);
  it('match key and value substrings (UTF-8), headers by presence or value, and a time range', () => {
    expect(compileFilter({}).all).toBe(true);
    expect(compileFilter({ valueContains: 'ада' })(record!)).toBe(true);
    expect(compileFilter({ valueContains: 'nope' })(record!)).toBe(false);
    expect(compileFilter({ keyContains: 'k10' })(record!)).toBe(true);
    expect(compileFilter({ header: { key: 'trace' } })(record!)).toBe(true);
    expect(compileFilter({ header: { key: 'trace', value: 't10' } })(record!)).toBe(true);
    expect(compileFilter({ header: { key: 'trace', value: 't1' } })(record!)).toBe(false);
    expect(compileFilter({ since: 1010, until: 1010 })(record!)).toBe(true);
    expect(compileFilter({ since: 1011 })(record!)).toBe(false);
  });
});

/** A log of `count` records in batches of `batchSize`, read `perFetch` batches at a time. */
function memoryLog(count: number, batchSize: number, perFetch: number) {
  const records: KafkajsRecord[] = [];
  for (let first = 0; first < count; first += batchSize) {
    records.push(
      ...batch(
        first,
        Array.from({ length: Math.min(batchSize, count - first) }, (_, i) => `v${first + i}`),
      ),
    );
  }
  let fetches = 0;
  const read = async (offset: number): Promise<FetchedChunk> => {
    fetches++;
    const firstBatch = Math.floor(offset / batchSize) * batchSize;
    const raw = records.filter(
      (r) => Number(r.offset) >= firstBatch && Number(r.offset) < firstBatch + perFetch * batchSize,
    );
    return {
      records: visibleRecords(0, raw, [], 'committed', offset),
      nextOffset: nextFetchOffset(raw, offset),
      endOffset: count,
      decoded: raw.length,
    };
  };
  return { read, fetches: () => fetches };
}

async function drain(cursor: PartitionCursor, limit: number): Promise<number[]> {
  const offsets: number[] = [];
  await cursor.refill();
  while (offsets.length < limit && cursor.buffer.length > 0) {
    offsets.push(cursor.buffer.shift()!.offset);
    if (cursor.buffer.length === 0) await cursor.refill();
  }
  return offsets;
}

describe('partition cursors', () => {
  const all = compileFilter({});
  const never = () => false;

  it('read forward from an offset to the end', async () => {
    const log = memoryLog(100, 10, 2);
    const cursor = new PartitionCursor(0, { low: 35, high: 100 }, 'forward', log.read, all, 10, never);
    const offsets = await drain(cursor, 1000);
    expect(offsets).toEqual(Array.from({ length: 65 }, (_, i) => 35 + i));
    expect(cursor.done).toBe(true);
  });

  it('read backward, newest first, the latest N in a few fetches', async () => {
    const log = memoryLog(1000, 10, 50);
    const cursor = new PartitionCursor(0, { low: 0, high: 1000 }, 'backward', log.read, all, 5, never);
    expect(await drain(cursor, 5)).toEqual([999, 998, 997, 996, 995]);
    expect(log.fetches()).toBe(1);
  });

  it('read backward below an upper bound with a selective filter, widening the window', async () => {
    const log = memoryLog(1000, 10, 5);
    const filter = compileFilter({ valueContains: '7' }); // v7, v17, ..., v70..v79, v107 ...
    const cursor = new PartitionCursor(0, { low: 0, high: 200 }, 'backward', log.read, filter, 3, never);
    const offsets = await drain(cursor, 1000);
    const expected = Array.from({ length: 200 }, (_, i) => 199 - i).filter((o) => String(o).includes('7'));
    expect(offsets).toEqual(expected);
  });

  it('stop when told to, and never return half a backward window', async () => {
    const log = memoryLog(1000, 10, 1);
    let allowed = 3;
    const cursor = new PartitionCursor(
      0,
      { low: 0, high: 1000 },
      'backward',
      log.read,
      all,
      100,
      () => allowed-- <= 0,
    );
    await cursor.refill();
    expect(cursor.buffer).toEqual([]);
    expect(cursor.done).toBe(false);
  });
});
