export { type MigrationResult, migrate } from './migrate.ts';
export { DATABASE_FILE, MIGRATIONS_DIR, openDatabase } from './open.ts';
