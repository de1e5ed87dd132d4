import type { Database } from 'better-sqlite3';
import { DeskError } from '../../common/errors';

/**
 * One schema step. A database's migrations form ONE list, strictly increasing in `version`
 * (the file's number); `name` is the step's identity, recorded in `schema_migrations` when applied.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * Only for steps released before the ledger existed, when the runner trusted `user_version`
   * alone: the `user_version` that step carried, and a table it created (its witness).
   */
  legacy?: { userVersion: number; table: string };
}

/**
 * `user_version` of every database whose history is in `schema_migrations`: above anything the
 * user_version-only releases knew (at most 20), so those releases refuse such a file as newer
 * than themselves instead of re-running their migrations on it.
 */
export const LEDGER_USER_VERSION = 1000;

const LEDGER = 'schema_migrations';

export function assertOrdered(migrations: readonly Migration[]): void {
  const names = new Set<string>();
  for (let i = 0; i < migrations.length; i++) {
    if (i > 0 && migrations[i].version <= migrations[i - 1].version) {
      throw new Error(`migrations out of order: ${migrations[i - 1].version} then ${migrations[i].version}`);
    }
    if (names.has(migrations[i].name)) throw new Error(`migration name used twice: ${migrations[i].name}`);
    names.add(migrations[i].name);
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The names recorded in the ledger, in the order they were applied; null if the file predates the ledger. */
export function appliedMigrations(db: Database): string[] | null {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(LEDGER);
  if (!has) return null;
  return (db.prepare(`SELECT name FROM ${LEDGER} ORDER BY seq`).all() as { name: string }[]).map((r) => r.name);
}

interface Plan {
  /** Steps already in the file (recorded, or adopted from a pre-ledger file). */
  done: readonly Migration[];
  pending: readonly Migration[];
  /** True when `done` came from a pre-ledger file and must be written into the ledger. */
  adopt: boolean;
}

/**
 * Works out what the file holds and what to run, reading only; every refusal leaves the file
 * untouched, so call it before changing anything (even the journal mode).
 *
 * - A name in the ledger this program does not know: the file was written by a newer WindowDesk
 *   (DB_FROM_FUTURE).
 * - A known step not yet applied while a LATER step is: someone inserted a migration into the
 *   middle of a released list. Fresh files would run it in order and existing ones out of order,
 *   so it is refused (DB_MIGRATION_ORDER) rather than run or skipped; add new steps at the end.
 * - A pre-ledger file is adopted from its `user_version`: every legacy step up to that version
 *   whose witness table exists is done. A legacy step at or below that version WITHOUT its table
 *   was silently skipped by the old runner (it was numbered below one already applied); it is
 *   pending and runs now — the one case where a step runs after a later one, because the old
 *   runner, not the list, broke the order, and those steps create disjoint tables. A NEW step
 *   (no `legacy`) listed before an adopted one is refused as above.
 */
export function plan(db: Database, migrations: readonly Migration[], label = '数据库'): Plan {
  assertOrdered(migrations);
  const applied = appliedMigrations(db);
  if (applied === null) {
    const from = schemaVersion(db);
    if (from === 0) return { done: [], pending: migrations, adopt: false };
    const known = Math.max(0, ...migrations.map((m) => m.legacy?.userVersion ?? 0));
    if (from > known) throw fromFuture(label, { from, latest: known });
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const done = migrations.filter((m) => m.legacy && m.legacy.userVersion <= from && tables.has(m.legacy.table));
    const lastDone = Math.max(-1, ...done.map((m) => migrations.indexOf(m)));
    refuseSkipped(migrations.slice(0, lastDone + 1).filter((m) => !done.includes(m) && !m.legacy), label);
    return { done, pending: migrations.filter((m) => !done.includes(m)), adopt: true };
  }
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const unknown = applied.filter((n) => !byName.has(n));
  if (unknown.length) throw fromFuture(label, { unknown, latest: migrations.at(-1)?.name ?? null });
  const lastApplied = Math.max(-1, ...applied.map((n) => migrations.indexOf(byName.get(n)!)));
  const done = migrations.filter((m) => applied.includes(m.name));
  refuseSkipped(migrations.slice(0, lastApplied + 1).filter((m) => !applied.includes(m.name)), label);
  return { done, pending: migrations.slice(lastApplied + 1), adopt: false };
}

/** Steps listed before one already run but not run themselves: inserted mid-list, never to be guessed at. */
function refuseSkipped(skipped: readonly Migration[], label: string): void {
  if (skipped.length === 0) return;
  throw new DeskError(
    'DB_MIGRATION_ORDER',
    `${label}的结构升级步骤顺序有误（${skipped.map((m) => `${m.version}-${m.name}`).join('、')} 排在已执行的步骤之前），程序拒绝升级；数据未做任何改动，请联系技术支持。`,
    { skipped: skipped.map((m) => m.name) },
  );
}

function fromFuture(label: string, details: Record<string, unknown>): DeskError {
  return new DeskError('DB_FROM_FUTURE', `${label}由更新版本的程序创建，本程序无法识别其结构，请升级程序后再打开；数据未做任何改动。`, details);
}

/** Refuses a file this program must not migrate (see `plan`); reads only. */
export function assertNotFromFuture(db: Database, migrations: readonly Migration[], label = '数据库'): void {
  plan(db, migrations, label);
}

/**
 * Applies every pending migration, and records each in `schema_migrations`, all in one
 * transaction, so a crash leaves the old schema intact. Returns the names it applied.
 */
export function migrate(db: Database, migrations: readonly Migration[], label = '数据库'): { applied: string[] } {
  const p = plan(db, migrations, label);
  if (p.pending.length === 0 && !p.adopt) return { applied: [] };
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${LEDGER} (
      seq INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      version INTEGER NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const record = db.prepare(`INSERT INTO ${LEDGER} (name, version, applied_at) VALUES (?, ?, ?)`);
    const at = new Date().toISOString();
    if (p.adopt) for (const m of p.done) record.run(m.name, m.version, at);
    for (const m of p.pending) {
      m.up(db);
      record.run(m.name, m.version, at);
    }
    db.pragma(`user_version = ${LEDGER_USER_VERSION}`);
  })();
  return { applied: p.pending.map((m) => m.name) };
}
