import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

export interface MigrationResult {
  /** Files applied by this call, in order; empty when the schema was already current. */
  applied: string[];
  /** Migration files in the directory. */
  total: number;
  /** The schema's version afterwards: the highest version recorded in schema_migrations (0: none). */
  version: number;
  /** The highest version among the files: what this Kestrel expects. */
  latest: number;
  /** Every file is recorded and no version newer than the files is (not a downgraded Kestrel). */
  current: boolean;
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Applies numbered, forward-only .sql files in order, each in its own transaction, and
 * records each with a checksum. An applied file that was later edited is an error: history
 * must not silently diverge between installations.
 */
export function migrate(db: Database, dir: string): MigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const applied = new Map(
    db
      .prepare<[], { version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations',
      )
      .all()
      .map((row) => [row.version, row]),
  );
  const result: MigrationResult = { applied: [], total: files.length, version: 0, latest: 0, current: false };
  for (const name of files) {
    const match = FILE_PATTERN.exec(name);
    if (!match) throw new Error(`migration ${name}: file name must look like 0001_description.sql`);
    const version = Number(match[1]);
    const sql = readFileSync(join(dir, name), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const previous = applied.get(version);
    if (previous) {
      if (previous.checksum !== checksum) {
        throw new Error(
          `migration ${name} was changed after it was applied (as ${previous.name}); add a new migration instead`,
        );
      }
      continue;
    }
    const apply = db.transaction(() => {
      db.exec(sql);
      db.prepare(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
      ).run(version, name, checksum, Date.now());
    });
    try {
      apply();
    } catch (error) {
      throw new Error(`migration ${name} failed: ${(error as Error).message}`);
    }
    result.applied.push(name);
  }
  // Read back rather than inferred: what the database itself now says it holds.
  const versions = db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
    .all()
    .map((r) => r.version);
  const fileVersions = files.map((name) => Number(FILE_PATTERN.exec(name)![1]));
  result.version = Math.max(0, ...versions);
  result.latest = Math.max(0, ...fileVersions);
  result.current = fileVersions.every((v) => versions.includes(v)) && result.version <= result.latest;
  return result;
}
