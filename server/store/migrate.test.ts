import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS_DIR, openDatabase } from './open.ts';

const tempDirs = useTempDirs();

function dirWith(files: Record<string, string>): string {
  const dir = tempDirs('kestrel-migrations-');
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

const tables = (db: BetterSqlite3.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);

describe('migrate', () => {
  it('applies files in order once, recording each with a checksum', () => {
    const dir = dirWith({
      '0002_b.sql': 'CREATE TABLE b (x INTEGER REFERENCES a(x));',
      '0001_a.sql': 'CREATE TABLE a (x INTEGER PRIMARY KEY);',
    });
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, dir)).toEqual({
      applied: ['0001_a.sql', '0002_b.sql'],
      total: 2,
      version: 2,
      latest: 2,
      current: true,
    });
    expect(migrate(db, dir)).toEqual({ applied: [], total: 2, version: 2, latest: 2, current: true });
    const rows = db
      .prepare<[], { version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')
      .all();
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rolls back a failing file and names it', () => {
    const dir = dirWith({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
      '0002_bad.sql': 'CREATE TABLE c (x INTEGER); SELECT * FROM nowhere;',
    });
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, dir)).toThrow(/migration 0002_bad.sql failed: no such table: nowhere/);
    expect(tables(db)).toEqual(['a', 'schema_migrations']); // table c was rolled back with its file
  });

  it('refuses an applied file that was edited afterwards', () => {
    const dir = dirWith({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' });
    const db = new BetterSqlite3(':memory:');
    migrate(db, dir);
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER, y INTEGER);');
    expect(() => migrate(db, dir)).toThrow(/0001_a.sql was changed after it was applied/);
  });

  it('tells the schema version it found: behind is upgraded, ahead (a downgraded Kestrel) is not current', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, dirWith({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' }));
    const both = dirWith({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
      '0002_b.sql': 'CREATE TABLE b (x INTEGER);',
    });
    expect(migrate(db, both)).toMatchObject({
      applied: ['0002_b.sql'],
      version: 2,
      latest: 2,
      current: true,
    });
    // The same database opened by an older Kestrel that ships only 0001.
    expect(migrate(db, dirWith({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' }))).toMatchObject({
      applied: [],
      version: 2,
      latest: 1,
      current: false,
    });
  });

  it('refuses badly named files', () => {
    expect(() => migrate(new BetterSqlite3(':memory:'), dirWith({ 'init.sql': 'SELECT 1;' }))).toThrow(
      /file name must look like/,
    );
  });

  it("the project's own migrations apply to a fresh database in WAL mode", () => {
    const db = openDatabase(tempDirs('kestrel-db-'), MIGRATIONS_DIR);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tables(db)).toContain('known_broker');
    db.close();
  });

  it('0006 keeps the notification log, marks old failures retryable, and accepts deferred', () => {
    const dir = tempDirs('kestrel-migrations-');
    const older = dirWith({});
    for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < '0006'))
      copyFileSync(join(MIGRATIONS_DIR, name), join(older, name));
    const db = new BetterSqlite3(join(dir, 'k.db'));
    migrate(db, older);
    const insert =
      db.prepare(`INSERT INTO notification_log (time, receiver, channel, kind, group_key, alerts, status, attempts, error)
      VALUES (?, 'ops', 'webhook', 'firing', 'g', 1, ?, ?, ?)`);
    insert.run(1, 'sent', 1, null);
    insert.run(2, 'failed', 4, 'HTTP 500');
    expect(migrate(db, MIGRATIONS_DIR).applied).toContain('0006_notification_outcome.sql');
    const rows = db
      .prepare('SELECT time, status, failure, attempts, error FROM notification_log ORDER BY time')
      .all();
    expect(rows).toEqual([
      { time: 1, status: 'sent', failure: null, attempts: 1, error: null },
      { time: 2, status: 'failed', failure: 'retryable', attempts: 4, error: 'HTTP 500' },
    ]);
    db.prepare(`INSERT INTO notification_log (time, receiver, channel, kind, group_key, alerts, status, failure, attempts)
      VALUES (3, 'ops', 'dingtalk', 'firing', 'g', 1, 'deferred', NULL, 1)`).run();
    // A failure must say which kind it was, and only a failure may.
    expect(() =>
      db
        .prepare(`INSERT INTO notification_log (time, receiver, channel, kind, group_key, alerts, status, failure, attempts)
        VALUES (4, 'ops', 'webhook', 'firing', 'g', 1, 'failed', NULL, 1)`)
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
