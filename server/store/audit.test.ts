import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog } from './audit.ts';
import { openDatabase } from './open.ts';

let dir: string;
let db: Database;
let log: AuditLog;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-audit-'));
  db = openDatabase(dir);
  log = new AuditLog(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: 1_000 + n,
  clientAddress: '127.0.0.1',
  userAgent: 'curl/8',
  action: 'topic.delete',
  target: `prod/t-${n}`,
  result: 'ok',
  status: 200,
  message: null,
  ...over,
});

describe('AuditLog', () => {
  it('keeps what an action changed, before and after, bounded in size', () => {
    log.record(entry(1, { changeBefore: '{"replicas":[1]}', changeAfter: 'x'.repeat(20_000) }));
    const [row] = log.list({ limit: 1 });
    expect(row!.changeBefore).toBe('{"replicas":[1]}');
    expect(row!.changeAfter!.length).toBeLessThan(17_000);
    expect(row!.changeAfter).toMatch(/… \(truncated\)$/);
  });

  it('lists entries newest first, paged by id', () => {
    const ids = [1, 2, 3, 4, 5].map((n) => log.record(entry(n)));
    const first = log.list({ limit: 2 });
    expect(first.map((e) => e.target)).toEqual(['prod/t-5', 'prod/t-4']);
    expect(first[0]).toEqual({ id: ids[4], ...entry(5), changeBefore: null, changeAfter: null });
    expect(log.list({ limit: 10, before: first[1]!.id }).map((e) => e.target)).toEqual([
      'prod/t-3',
      'prod/t-2',
      'prod/t-1',
    ]);
  });

  it('stores SQL and control characters as data, and clips long text', () => {
    const hostile = "x'); DROP TABLE audit_log; --";
    log.record(entry(1, { target: hostile, userAgent: 'a'.repeat(5000), message: null, result: 'denied' }));
    const [row] = log.list({ limit: 1 });
    expect(row!.target).toBe(hostile);
    expect(row!.userAgent).toHaveLength(512);
    expect(row!.result).toBe('denied');
    expect(log.list({ limit: 5 })).toHaveLength(1);
  });
});

describe('audit retention', () => {
  it('drops rows older than the retention and the oldest beyond the row cap', () => {
    for (let n = 0; n < 10; n++) log.record(entry(n)); // times 1000..1009
    expect(log.prune(1_003, 100)).toBe(3);
    expect(log.list({ limit: 100 }).map((e) => e.time)).toEqual([1009, 1008, 1007, 1006, 1005, 1004, 1003]);
    expect(log.prune(0, 4)).toBe(3);
    expect(log.list({ limit: 100 }).map((e) => e.time)).toEqual([1009, 1008, 1007, 1006]);
    expect(log.prune(0, 4)).toBe(0);
  });
});
