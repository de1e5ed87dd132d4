import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeskError } from '../../common/errors';
import { openRaw, type Db } from './connection';
import { isPlaintextSqlite } from './encryption';
import type { KeyRing } from './keys/keyring';
import { DEMO_KEY_FILE, KEYRING_FILE } from './keys/keystore';
import { ensurePrivateDir, PRIVATE_FILE } from './keys/private-files';

/** What is backed up: the workstation's data directory (database + files) or the hub's (database). */
export interface BackupKind {
  kind: 'workstation' | 'hub';
  /** `windowdesk.sqlite` or `hub.sqlite`. */
  dbFile: string;
  /** The KeyRing.databaseKey name. */
  dbKeyName: string;
  /** The workstation's `files/` folder (already encrypted per file) goes along. */
  withFiles: boolean;
}

export const WORKSTATION_BACKUP: BackupKind = { kind: 'workstation', dbFile: 'windowdesk.sqlite', dbKeyName: 'workstation', withFiles: true };
export const HUB_BACKUP: BackupKind = { kind: 'hub', dbFile: 'hub.sqlite', dbKeyName: 'hub', withFiles: false };

interface ManifestEntry { name: string; size: number; sha256: string }
export interface Manifest {
  version: 1;
  kind: BackupKind['kind'];
  createdAt: string;
  entries: ManifestEntry[];
  /** HMAC-SHA256 of the rest under a key from the key ring: a changed, added or dropped file is caught. */
  mac?: string;
}

export const MANIFEST = 'manifest.json';
/** The audit chain's key file of data folders keyed before the key ring existed (core/audit AUDIT_KEY_FILE). */
const LEGACY_AUDIT_KEY = 'audit.key';

const sha256File = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const macOf = (keys: KeyRing, m: Manifest) => createHmac('sha256', keys.subKey('backup:manifest')).update(JSON.stringify({ ...m, mac: undefined })).digest('hex');
const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-').replace(/-\d\d\dZ$/, 'Z');

function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listFiles(p, base);
    return e.name.endsWith('.part') ? [] : [path.relative(base, p)];
  });
}

/**
 * Writes an encrypted backup of a data directory into `<outRoot>/windowdesk-<kind>-<time>/`:
 * the database as an encrypted snapshot (`VACUUM INTO` on a keyed connection writes the copy
 * under the same key; SQLite3MultipleCiphers refuses the page-copying backup API into an
 * unkeyed file, which is what better-sqlite3's `.backup()` would create), the stored files as
 * they are on disk (each already sealed), the key ring (the master key wrapped under the PIN,
 * OS keystore and recovery key — never in clear), and a keyed manifest. The backup is verified
 * (verifyBackup) before it gets its final name; an unverified one never looks like a backup.
 */
export function createBackup(o: { dataDir: string; outRoot: string; kind: BackupKind; keys: KeyRing; db?: Db; now?: Date; keyringDir?: string }): { dir: string; manifest: Manifest } {
  const at = o.now ?? new Date();
  ensurePrivateDir(o.outRoot);
  const final = path.join(o.outRoot, `windowdesk-${o.kind.kind}-${stamp(at)}`);
  const work = `${final}.partial`;
  fs.rmSync(work, { recursive: true, force: true });
  ensurePrivateDir(work);
  try {
    const target = path.join(work, o.kind.dbFile);
    const src = o.db ?? openRaw(path.join(o.dataDir, o.kind.dbFile), o.keys.databaseKey(o.kind.dbKeyName), { readonly: true });
    try {
      src.exec(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
    } catch (e) {
      throw new DeskError('BACKUP_FAILED', `备份失败：无法读取数据库（${(e as Error).message}）。`);
    } finally {
      if (!o.db) src.close();
    }
    fs.chmodSync(target, PRIVATE_FILE);
    if (isPlaintextSqlite(target)) throw new DeskError('BACKUP_FAILED', '备份失败：数据库尚未加密，拒绝写出明文备份。');
    for (const name of [KEYRING_FILE, DEMO_KEY_FILE, LEGACY_AUDIT_KEY]) {
      // The key ring may live one folder up (an embedded hub); an audit.key belongs to its own folder.
      const from = path.join(name === LEGACY_AUDIT_KEY ? o.dataDir : o.keyringDir ?? o.dataDir, name);
      if (fs.existsSync(from)) fs.copyFileSync(from, path.join(work, name));
    }
    if (o.kind.withFiles) {
      for (const rel of listFiles(path.join(o.dataDir, 'files'))) {
        const to = path.join(work, 'files', rel);
        ensurePrivateDir(path.dirname(to));
        fs.copyFileSync(path.join(o.dataDir, 'files', rel), to);
      }
    }
    const manifest: Manifest = {
      version: 1, kind: o.kind.kind, createdAt: at.toISOString(),
      entries: listFiles(work).sort().map((name) => ({ name, size: fs.statSync(path.join(work, name)).size, sha256: sha256File(path.join(work, name)) })),
    };
    manifest.mac = macOf(o.keys, manifest);
    fs.writeFileSync(path.join(work, MANIFEST), JSON.stringify(manifest, null, 2), { mode: PRIVATE_FILE });
    verifyBackup(work, o.keys, o.kind);
    fs.renameSync(work, final);
    return { dir: final, manifest };
  } catch (e) {
    fs.rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

export function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    throw new DeskError('BACKUP_INVALID', `不是有效的备份目录（缺少或无法读取 ${MANIFEST}）：${dir}`);
  }
}

/**
 * Checks a backup the only way that proves it restores: the manifest's MAC and every file's hash,
 * then a restore of the database into a temporary folder, opened with the key, `integrity_check`
 * ok and its tables readable. Throws a DeskError naming what is wrong; returns the table count.
 */
export function verifyBackup(dir: string, keys: KeyRing, kind: BackupKind): { tables: number } {
  const m = readManifest(dir);
  if (m.kind !== kind.kind) throw new DeskError('BACKUP_WRONG_KIND', `这是${m.kind === 'hub' ? '大厅服务' : '工作台'}的备份，不能用于${kind.kind === 'hub' ? '大厅服务' : '工作台'}。`);
  const mac = Buffer.from(macOf(keys, m), 'hex');
  if (!m.mac || m.mac.length !== mac.length * 2 || !timingSafeEqual(mac, Buffer.from(m.mac, 'hex'))) {
    throw new DeskError('BACKUP_KEY_MISMATCH', '备份清单校验失败：密钥与该备份不对应，或清单已被改动。');
  }
  const present = listFiles(dir).filter((n) => n !== MANIFEST).sort();
  const listed = m.entries.map((e) => e.name).sort();
  if (JSON.stringify(present) !== JSON.stringify(listed)) throw new DeskError('BACKUP_INCOMPLETE', '备份目录中的文件与清单不一致（有文件缺失或多出）。');
  for (const e of m.entries) {
    if (sha256File(path.join(dir, e.name)) !== e.sha256) throw new DeskError('BACKUP_CORRUPT', `备份文件已损坏：${e.name}`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-verify-'));
  try {
    const copy = path.join(tmp, kind.dbFile);
    fs.copyFileSync(path.join(dir, kind.dbFile), copy);
    let db: Db;
    try {
      db = openRaw(copy, keys.databaseKey(kind.dbKeyName));
    } catch (e) {
      throw new DeskError('BACKUP_CORRUPT', `备份的数据库无法打开：${(e as Error).message}`);
    }
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(String(check));
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      for (const t of tables) db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).get();
      return { tables: tables.length };
    } catch (e) {
      throw new DeskError('BACKUP_CORRUPT', `备份的数据库校验失败（密钥不对应或文件损坏）：${(e as Error).message}`);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Puts a verified backup in place of a data directory's database (and files, key ring). What was
 * there is moved aside into `<dataDir>/before-restore-<time>/`, never deleted, so a restore can
 * itself be undone. The workstation or hub must be stopped first.
 */
export function restoreBackup(o: { backupDir: string; dataDir: string; kind: BackupKind; keys: KeyRing; now?: Date; withKeyring?: boolean }): { movedAside: string | null } {
  verifyBackup(o.backupDir, o.keys, o.kind);
  ensurePrivateDir(o.dataDir);
  // An embedded hub's data folder has no key ring of its own (it uses the workstation's).
  const withKeyring = o.withKeyring ?? true;
  const keyNames = withKeyring ? [KEYRING_FILE, DEMO_KEY_FILE, LEGACY_AUDIT_KEY] : [LEGACY_AUDIT_KEY];
  const aside = path.join(o.dataDir, `before-restore-${stamp(o.now ?? new Date())}`);
  const current = [o.kind.dbFile, `${o.kind.dbFile}-wal`, `${o.kind.dbFile}-shm`, ...keyNames, ...(o.kind.withFiles ? ['files'] : [])]
    .filter((n) => fs.existsSync(path.join(o.dataDir, n)));
  if (current.length) {
    ensurePrivateDir(aside);
    for (const n of current) fs.renameSync(path.join(o.dataDir, n), path.join(aside, n));
  }
  for (const e of readManifest(o.backupDir).entries) {
    if (!withKeyring && [KEYRING_FILE, DEMO_KEY_FILE].includes(e.name)) continue;
    const to = path.join(o.dataDir, e.name);
    ensurePrivateDir(path.dirname(to));
    fs.copyFileSync(path.join(o.backupDir, e.name), to);
    fs.chmodSync(to, PRIVATE_FILE);
  }
  return { movedAside: current.length ? aside : null };
}

/** Keeps the newest `keep` finished backups of a kind in `outRoot` and removes older ones. */
export function pruneBackups(outRoot: string, kind: BackupKind['kind'], keep: number): string[] {
  if (!fs.existsSync(outRoot)) return [];
  const mine = fs.readdirSync(outRoot).filter((n) => n.startsWith(`windowdesk-${kind}-`) && !n.endsWith('.partial')).sort();
  const old = mine.slice(0, Math.max(0, mine.length - Math.max(1, keep)));
  for (const n of old) fs.rmSync(path.join(outRoot, n), { recursive: true, force: true });
  return old;
}

/** Whether a finished backup of this kind was made on the given local day (YYYY-MM-DD, UTC stamp prefix). */
export function hasBackupOn(outRoot: string, kind: BackupKind['kind'], isoDay: string): boolean {
  return fs.existsSync(outRoot) && fs.readdirSync(outRoot).some((n) => n.startsWith(`windowdesk-${kind}-${isoDay}`) && !n.endsWith('.partial'));
}
