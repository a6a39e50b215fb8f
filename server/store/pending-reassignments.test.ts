import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';
import { SqlitePendingReassignments } from './pending-reassignments.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const throttle = {
  topic: 'a',
  rate: 10_240,
  brokers: [1, 2],
  leaderReplicas: '0:1',
  followerReplicas: '0:2',
};

describe('SqlitePendingReassignments', () => {
  it('keeps pending reassignments and their throttle per cluster across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-pending-'));
    dirs.push(dir);
    let db = openDatabase(dir);
    const store = new SqlitePendingReassignments(db);
    store.save('prod', { topic: 'a', startedAt: 1, throttle });
    store.save('prod', { topic: 'b', startedAt: 2, throttle: null });
    store.save('test', { topic: 'a', startedAt: 3, throttle: null });
    store.save('prod', { topic: 'b', startedAt: 4, throttle: null }); // started again
    db.close();

    db = openDatabase(dir);
    const reopened = new SqlitePendingReassignments(db);
    expect(reopened.list('prod')).toEqual([
      { topic: 'a', startedAt: 1, throttle },
      { topic: 'b', startedAt: 4, throttle: null },
    ]);
    reopened.remove('prod', 'a');
    expect(reopened.list('prod').map((p) => p.topic)).toEqual(['b']);
    expect(reopened.list('test').map((p) => p.topic)).toEqual(['a']);
    db.close();
  });
});
