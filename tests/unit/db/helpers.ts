import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { migrate, type Migration } from '../../../main/db/migrate';

/** Schema objects (tables, indexes) by name, leaving out SQLite's own and the ledger. */
export function objects(db: Database.Database, type?: 'table' | 'index'): string[] {
  const rows = db
    .prepare(`SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ${type ? 'AND type = ?' : ''} ORDER BY name`)
    .all(...(type ? [type] : [])) as { name: string }[];
  return rows.map((r) => r.name);
}

/**
 * Runs `list` up to the one named `name`, then that one alone, and returns what it added: the
 * objects it created, with the database, for the migration's own test to check.
 */
export function step(list: readonly Migration[], name: string): { db: Database.Database; added: string[] } {
  const i = list.findIndex((m) => m.name === name);
  if (i < 0) throw new Error(`no migration ${name}`);
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, list.slice(0, i));
  const before = new Set(objects(db));
  expect(migrate(db, list.slice(0, i + 1)).applied).toEqual([name]);
  return { db, added: objects(db).filter((n) => !before.has(n)) };
}
