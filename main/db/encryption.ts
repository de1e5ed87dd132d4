import type Database from 'better-sqlite3';
import CipherDatabase from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import { DeskError } from '../../common/errors';

type Db = Database.Database;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Keys a freshly opened connection: SQLCipher 4's format (so `sqlcipher`/DB Browser can open a
 * copy with the same key), with the raw 256-bit key given as x'…' so SQLCipher's own slow KDF is
 * skipped (the key is already random, derived from the master key by HKDF).
 */
export function keyDatabase(db: Db, key: Buffer): void {
  if (key.length !== 32) throw new DeskError('KEY_INVALID', '数据库密钥长度不正确。');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** Whether the file exists and starts with plain SQLite's header (an encrypted file starts with random salt). */
export function isPlaintextSqlite(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

function tableCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  for (const t of tables) out[t] = db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number;
  return out;
}

/**
 * Encrypts a plaintext database from an earlier version (after `precheck` accepted it as it is).
 * The original stays untouched until an
 * encrypted copy has been made, reopened with the key, passed `integrity_check` and shown the
 * same row count in every table; only then does the copy replace it (one rename). A crash at any
 * point leaves either the original or the verified copy in place, never neither.
 */
export function encryptPlaintextDatabase(file: string, key: Buffer, label: string, precheck: (db: Db) => void = () => {}): void {
  const tmp = `${file}.encrypting`;
  fs.rmSync(tmp, { force: true });
  const fail = (why: string): never => {
    fs.rmSync(tmp, { force: true });
    throw new DeskError('DB_ENCRYPT_FAILED', `${label}加密迁移失败（${why}）。原文件未被改动：${file}。请联系技术支持。`, { file });
  };
  let before: Record<string, number>;
  try {
    const src = new CipherDatabase(file, { fileMustExist: true }) as unknown as Db;
    try {
      if (src.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('quick_check');
      // Refusals (e.g. a schema from a newer version) come before anything is written.
      precheck(src);
      // Everything committed in the WAL goes into the main file, so the copy below is complete.
      src.pragma('wal_checkpoint(TRUNCATE)');
      before = tableCounts(src);
    } finally {
      src.close();
    }
  } catch (e) {
    if (e instanceof DeskError) throw e;
    throw new DeskError('DB_CORRUPT', `${label}文件已损坏或不是数据库文件：${file}。文件未被改动，请从备份恢复或联系技术支持。`, { file, cause: String((e as Error).message) });
  }
  try {
    fs.copyFileSync(file, tmp);
    fs.chmodSync(tmp, 0o600);
    const enc = new CipherDatabase(tmp, { fileMustExist: true }) as unknown as Db;
    try {
      // SQLite3MultipleCiphers encrypts in place with rekey, which it refuses in WAL mode.
      enc.pragma('journal_mode = DELETE');
      enc.pragma(`cipher = 'sqlcipher'`);
      enc.pragma('legacy = 4');
      enc.pragma(`rekey = "x'${key.toString('hex')}'"`);
    } finally {
      enc.close();
    }
  } catch (e) {
    fail((e as Error).message);
  }
  if (isPlaintextSqlite(tmp)) fail('副本仍是明文');
  try {
    const check = new CipherDatabase(tmp, { fileMustExist: true }) as unknown as Db;
    try {
      keyDatabase(check, key);
      if (check.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('integrity_check');
      if (JSON.stringify(tableCounts(check)) !== JSON.stringify(before!)) throw new Error('行数不一致');
    } finally {
      check.close();
    }
  } catch (e) {
    fail((e as Error).message);
  }
  // The old WAL is empty (checkpointed above) and belongs to the plaintext file: drop it first, so
  // it can never be replayed into the encrypted one.
  fs.rmSync(`${file}-wal`, { force: true });
  fs.rmSync(`${file}-shm`, { force: true });
  fs.renameSync(tmp, file);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // being written this instant: wait for it
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding `<file>.encrypt-lock`, so that two processes upgrading the same file at
 * once (two hub processes on one hub.sqlite) never both encrypt it: the second waits, then finds
 * it encrypted. A lock left by a process that died is taken over.
 */
export function withEncryptLock<T>(file: string, label: string, fn: () => T): T {
  const lock = `${file}.encrypt-lock`;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 100) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(lock, 'utf8'));
      } catch {
        continue;
      }
      if (!alive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (waited > 120_000) throw new DeskError('DB_ENCRYPT_BUSY', `${label}正由另一个进程（${holder}）加密迁移，请稍后再启动。`);
      Atomics.wait(sleeper, 0, 0, 100);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
