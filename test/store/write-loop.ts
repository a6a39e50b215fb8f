/**
 * Child process of durability.test.ts: writes cycles as fast as it can, printing each
 * cycle's number only after its transaction committed, with frequent maintenance (log
 * folds included) in between, until it is killed.
 *
 *   node --import tsx test/store/write-loop.ts <dataDir>
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HistoryStore, openDatabase } from '../../server/store/index.ts';
import { syntheticSnapshot } from '../support/snapshot-fixtures.ts';
import { DURABILITY_SHAPE, DURABILITY_STORE_OPTIONS } from './durability-shape.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: write-loop.ts <dataDir>');
const db = openDatabase(dataDir);
const store = new HistoryStore(db, DURABILITY_STORE_OPTIONS);
// A restarted writer continues the numbering where the file ends.
let cycle = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cycle').get()?.n ?? 0;
for (;;) {
  const snapshot = syntheticSnapshot(cycle, DURABILITY_SHAPE);
  store.writeCycle(snapshot);
  process.stdout.write(`${cycle}\n`); // synchronous for pipes on Linux: printed means committed
  cycle++;
  if (cycle % 4 === 0) await store.maintain(snapshot.collectedAt);
  await nextTurn();
}
