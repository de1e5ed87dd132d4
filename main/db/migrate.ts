import type { Database } from 'better-sqlite3';
import { DeskError } from '../core/errors';

/** One schema step. `version` is strictly increasing across the list; `up` runs inside the migration transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) {
      throw new Error(`migrations out of order: ${migrations[i - 1].version} then ${migrations[i].version}`);
    }
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a schema newer than this program knows; call before changing anything (even journal mode) in the file. */
export function assertNotFromFuture(db: Database, migrations: readonly Migration[], label = '数据库'): { from: number; latest: number } {
  assertOrdered(migrations);
  const from = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (from > latest) {
    throw new DeskError('DB_FROM_FUTURE', `${label}由更新版本的程序创建（版本 ${from}，本程序支持到 ${latest}），请升级程序后再打开；数据未做任何改动。`, { from, latest });
  }
  return { from, latest };
}

/**
 * Applies every migration newer than `user_version`, all in one transaction, so a crash
 * leaves the old schema intact. A database written by a newer WindowDesk is refused
 * untouched rather than "downgraded".
 */
export function migrate(db: Database, migrations: readonly Migration[], label = '数据库'): { from: number; to: number } {
  const { from, latest } = assertNotFromFuture(db, migrations, label);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
  return { from, to: latest };
}
