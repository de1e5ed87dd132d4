import type Database from 'better-sqlite3';
import CipherDatabase from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../common/errors';
import { ensurePrivateDir, PRIVATE_FILE, tighten } from './keys/private-files';
import { encryptPlaintextDatabase, isPlaintextSqlite, keyDatabase, withEncryptLock } from './encryption';
import { assertNotFromFuture, migrate, type Migration } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Folder that holds the database file; created if missing. `:memory:` for tests. */
  dataDir: string;
  /** Default `windowdesk.sqlite` (the workstation's); the hub's is `hub.sqlite`. */
  fileName?: string;
  /** The database's one migration list (workstationMigrations or hubMigrations). */
  migrations: readonly Migration[];
  /** How errors name the file to the user, e.g. 大厅队列数据库. */
  label?: string;
  /**
   * The database's raw 256-bit key (KeyRing.databaseKey). With it the file is SQLCipher-encrypted
   * (and a plaintext file from an earlier version is encrypted first); without it (unit tests,
   * `:memory:`) the file is plain SQLite.
   */
  key?: Buffer;
  /** `FULL` where a committed row must survive a power cut (the hub's ticket numbers); default NORMAL. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Runs on the open connection before migrations (SQL functions a migration needs, e.g. the hub's keyed ID hash). */
  prepare?: (db: Db) => void;
}

/** Opens a database file with the SQLCipher-capable driver, keyed when a key is given. */
export function openRaw(file: string, key?: Buffer, options?: { readonly?: boolean }): Db {
  const db = new CipherDatabase(file, { fileMustExist: false, readonly: options?.readonly ?? false }) as unknown as Db;
  if (key) keyDatabase(db, key);
  return db;
}

/**
 * Opens (or creates) a WindowDesk database — the workstation's and the hub's alike — and brings
 * its schema up to date. Every failure that would otherwise be a stack trace becomes a DeskError
 * with a Chinese message, and none of them touches the existing file: a wrong key and corruption
 * are detected with `quick_check`, and a newer or inconsistent schema is refused, before the
 * journal mode (which rewrites the header) or any migration changes it.
 */
export function openDatabase(opts: OpenOptions): Db {
  const label = opts.label ?? '本地数据库';
  let file = ':memory:';
  if (opts.dataDir !== ':memory:') {
    try {
      ensurePrivateDir(opts.dataDir);
      fs.accessSync(opts.dataDir, fs.constants.W_OK);
    } catch {
      throw new DeskError('DATA_DIR_NOT_WRITABLE', `数据目录不可写：${opts.dataDir}。请检查目录权限或用 --data 指定其他目录。`, { dataDir: opts.dataDir });
    }
    file = path.join(opts.dataDir, opts.fileName ?? 'windowdesk.sqlite');
    const key = opts.key;
    if (key && isPlaintextSqlite(file)) {
      withEncryptLock(file, label, () => {
        if (isPlaintextSqlite(file)) encryptPlaintextDatabase(file, key, label, (db) => assertNotFromFuture(db, opts.migrations, label));
      });
    }
  }
  const key = file === ':memory:' ? undefined : opts.key;
  let db: Db;
  try {
    db = openRaw(file, key);
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (e) {
    if (key) throw new DeskError('DB_KEY_WRONG', `${label}无法解密：${file}。数据密钥与该文件不对应（换了 PIN 或密钥文件？），或文件已损坏。文件未被改动，请从备份恢复或联系技术支持。`, { file, cause: String((e as Error).message) });
    throw new DeskError('DB_CORRUPT', `${label}文件已损坏或不是数据库文件：${file}。文件未被改动，请从备份恢复或联系技术支持。`, { file, cause: String((e as Error).message) });
  }
  try {
    assertNotFromFuture(db, opts.migrations, label);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
    opts.prepare?.(db);
    migrate(db, opts.migrations, label);
  } catch (e) {
    db.close();
    throw e;
  }
  if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) tighten(f, PRIVATE_FILE);
  return db;
}

/** A row as better-sqlite3 returns it: untyped until a mapper reads it into a domain type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRow = Record<string, any>;
