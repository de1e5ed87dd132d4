import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../main/core/files';
import { createBackup, HUB_BACKUP, pruneBackups, restoreBackup, verifyBackup, WORKSTATION_BACKUP } from '../../../main/db/backup';
import { openDatabase } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { workstationMigrations } from '../../../main/db/migrations';
import { scheduleDailyBackups } from '../../../main/hub/daily-backup';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { tempDir } from '../../fixtures/workstation';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PIN = '314159';
const SCAN = Buffer.from('扫描件 310101199001011234 '.repeat(40));

/** A workstation data folder as `npm start` leaves it: a PIN key ring, the encrypted database, one stored file. */
async function workstationData() {
  const dir = tempDir();
  const { ring } = await unlockKeyRing(dir, { demo: false, pin: async () => PIN });
  const db = openDatabase({ dataDir: dir, migrations: workstationMigrations, key: ring.databaseKey('workstation') });
  db.prepare(`INSERT INTO settings (key, value) VALUES ('probe', '"before backup"')`).run();
  const file = new FileStore(db, dir, ring).put(SCAN, { kind: 'capture', mime: 'image/png' });
  db.close();
  return { dir, ring, file };
}

describe('backups: encrypted, verified by restoring, restorable', () => {
  it('a workstation backup holds only ciphertext, restores into a new folder and opens there with the key', async () => {
    const { dir, ring, file } = await workstationData();
    const out = tempDir();
    const { dir: backup, manifest } = createBackup({ dataDir: dir, outRoot: out, kind: WORKSTATION_BACKUP, keys: ring });
    expect(manifest.entries.map((e) => e.name).sort()).toEqual(['files/' + path.basename(file.path), 'keyring.json', 'windowdesk.sqlite'].sort());
    for (const e of manifest.entries) {
      const bytes = fs.readFileSync(path.join(backup, e.name));
      expect(bytes.includes(Buffer.from('310101199001011234')), e.name).toBe(false);
      expect(bytes.subarray(0, 15).toString('latin1'), e.name).not.toBe('SQLite format 3');
    }
    expect(fs.statSync(backup).mode & 0o777).toBe(0o700);

    const target = tempDir();
    restoreBackup({ backupDir: backup, dataDir: target, kind: WORKSTATION_BACKUP, keys: ring });
    const { ring: restoredRing } = await unlockKeyRing(target, { demo: false, pin: async () => PIN });
    const db = openDatabase({ dataDir: target, migrations: workstationMigrations, key: restoredRing.databaseKey('workstation') });
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'probe'`).pluck().get()).toBe('"before backup"');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const restoredFile = fs.readFileSync(path.join(target, 'files', path.basename(file.path)));
    expect(restoredFile.equals(fs.readFileSync(file.path))).toBe(true);
  });

  it('verification catches a changed byte, a missing file, and the wrong key', async () => {
    const { dir, ring } = await workstationData();
    const { dir: backup } = createBackup({ dataDir: dir, outRoot: tempDir(), kind: WORKSTATION_BACKUP, keys: ring });
    expect(() => verifyBackup(backup, KeyRing.generate(), WORKSTATION_BACKUP)).toThrow(expect.objectContaining({ code: 'BACKUP_KEY_MISMATCH' }));
    const dbFile = path.join(backup, 'windowdesk.sqlite');
    const good = fs.readFileSync(dbFile);
    const bad = Buffer.from(good);
    bad[5000] ^= 0xff;
    fs.writeFileSync(dbFile, bad);
    expect(() => verifyBackup(backup, ring, WORKSTATION_BACKUP)).toThrow(expect.objectContaining({ code: 'BACKUP_CORRUPT' }));
    fs.writeFileSync(dbFile, good);
    expect(verifyBackup(backup, ring, WORKSTATION_BACKUP).tables).toBeGreaterThan(5);
    fs.rmSync(path.join(backup, 'keyring.json'));
    expect(() => verifyBackup(backup, ring, WORKSTATION_BACKUP)).toThrow(expect.objectContaining({ code: 'BACKUP_INCOMPLETE' }));
    expect(() => verifyBackup(backup, ring, HUB_BACKUP)).toThrow(expect.objectContaining({ code: 'BACKUP_WRONG_KIND' }));
  });

  it('restore moves what was there aside instead of deleting it', async () => {
    const { dir, ring } = await workstationData();
    const { dir: backup } = createBackup({ dataDir: dir, outRoot: tempDir(), kind: WORKSTATION_BACKUP, keys: ring });
    const { movedAside } = restoreBackup({ backupDir: backup, dataDir: dir, kind: WORKSTATION_BACKUP, keys: ring });
    expect(movedAside).not.toBeNull();
    expect(fs.readdirSync(movedAside!).sort()).toEqual(expect.arrayContaining(['files', 'keyring.json', 'windowdesk.sqlite']));
  });

  it('the hub backs itself up once a day (encrypted, verified) and keeps the newest N', async () => {
    const dir = tempDir();
    const ring = KeyRing.generate();
    const store = new SqliteQueueStore(path.join(dir, 'hub.sqlite'), ring.databaseKey('hub'));
    let now = Date.parse('2026-03-02T09:00:00Z');
    const logs: string[] = [];
    const daily = scheduleDailyBackups({ db: store.db, dataDir: dir, keys: ring, keep: 2, now: () => now, log: (m) => logs.push(m) });
    const first = daily.runNow();
    expect(first).not.toBeNull();
    expect(daily.runNow()).toBeNull(); // same day: nothing more
    for (let d = 1; d <= 3; d++) {
      now += 86_400_000;
      expect(daily.runNow()).not.toBeNull();
    }
    daily.stop();
    const kept = fs.readdirSync(path.join(dir, 'backups')).sort();
    expect(kept).toHaveLength(2);
    expect(kept[1]).toContain('2026-03-05');
    for (const k of kept) expect(verifyBackup(path.join(dir, 'backups', k), ring, HUB_BACKUP).tables).toBeGreaterThan(0);
    expect(logs.filter((l) => l.includes('每日备份完成'))).toHaveLength(4);
    expect(pruneBackups(path.join(dir, 'backups'), 'hub', 1)).toHaveLength(1);
    await store.close();
  });

  it('`npm run backup` and `npm run restore` (the CLI) round-trip a workstation with its PIN, and refuse a wrong one', async () => {
    const { dir } = await workstationData();
    const out = tempDir();
    const cli = (args: string[], pin = PIN) => spawnSync(process.execPath, ['--import', 'tsx', 'main/backup/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, WINDOWDESK_PIN: pin } });
    const wrong = cli(['backup', '--data', dir, '--out', out], '000000');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('PIN 不正确');
    const made = cli(['backup', '--data', dir, '--out', out]);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('备份完成并已校验');
    const [backup] = fs.readdirSync(out);
    const target = tempDir();
    const restored = cli(['restore', '--from', path.join(out, backup), '--data', target]);
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain('已从备份恢复');
    const { ring } = await unlockKeyRing(target, { demo: false, pin: async () => PIN });
    const db = openDatabase({ dataDir: target, migrations: workstationMigrations, key: ring.databaseKey('workstation') });
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'probe'`).pluck().get()).toBe('"before backup"');
    db.close();
  }, 120_000);
});
