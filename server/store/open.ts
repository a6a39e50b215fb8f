import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { PACKAGE_ROOT } from '../shared/package-root.ts';
import { type MigrationResult, migrate } from './migrate.ts';

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations');
export const DATABASE_FILE = 'kestrel.db';

/** Opens (creating if needed) the SQLite file in `dataDir` and brings its schema up to date. */
export function openDatabase(dataDir: string, migrationsDir = MIGRATIONS_DIR): Database {
  return openMigratedDatabase(dataDir, migrationsDir).db;
}

/** openDatabase, and what the migrations did (the readiness report shows it). */
export function openMigratedDatabase(
  dataDir: string,
  migrationsDir = MIGRATIONS_DIR,
): { db: Database; migrations: MigrationResult } {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE));
  try {
    // WAL lets HTTP reads proceed while the collector writes; NORMAL sync is durable
    // across process crashes (only an OS crash can lose the last transactions).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const migrations = migrate(db, migrationsDir);
    return { db, migrations };
  } catch (error) {
    db.close();
    throw error;
  }
}
