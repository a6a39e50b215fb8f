import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVERY, predictableCycle, snapshot, T0 } from '../../test/support/snapshot-fixtures.ts';
import { HistoryStore } from './history-store.ts';
import { openDatabase } from './open.ts';

describe('cluster series (Overview chart)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-cluster-series-'));
  const db = openDatabase(dir);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('averages messages in and total lag per bucket, skipping unreachable cycles', () => {
    const store = new HistoryStore(db);
    const cycles = Array.from({ length: 12 }, (_, i) => predictableCycle(i));
    for (const s of cycles) store.writeCycle(s);
    store.writeCycle(snapshot({ at: T0 + 11 * EVERY + 1000, reachable: false }));
    const points = store.clusterSeries('test', T0, T0 + 12 * EVERY - 1, 4);
    // Four buckets of 15 minutes, three cycles each; the unreachable cycle is left out.
    expect(points).toHaveLength(4);
    const lagOf = (i: number) => cycles[i]!.groups[0]!.lag!;
    expect(points[0]).toEqual({
      at: cycles[2]!.collectedAt,
      produceRate: 1,
      totalLag: (lagOf(0) + lagOf(1) + lagOf(2)) / 3,
    });
    expect(points[3]?.at).toBe(cycles[11]!.collectedAt);
    expect(store.clusterSeries('nowhere', T0, T0 + 12 * EVERY, 4)).toEqual([]);
  });
});
