import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, openRaw } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { workstationMigrations } from '../../../main/db/migrations';
import { demoHall } from '../../../main/hub/config';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { tempDir } from '../../fixtures/workstation';

const PLAIN_HEADER = 'SQLite format 3\0';
const header = (f: string) => fs.readFileSync(f).subarray(0, 16).toString('latin1');
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

function seeded(dir: string, key?: Buffer) {
  const db = openDatabase({ dataDir: dir, migrations: workstationMigrations, key });
  db.prepare(`INSERT INTO settings (key, value) VALUES ('probe', '"张三 310101199001011234"')`).run();
  return db;
}

describe('the workstation and hub databases are encrypted at rest (SQLCipher format)', () => {
  it('a keyed workstation database is not a plain SQLite file: no header, plain better-sqlite3 and sqlite3 cannot read it, no plaintext inside', () => {
    const dir = tempDir();
    const key = KeyRing.generate().databaseKey('workstation');
    seeded(dir, key).close();
    const file = path.join(dir, 'windowdesk.sqlite');
    expect(header(file)).not.toBe(PLAIN_HEADER);
    expect(fs.readFileSync(file).includes(Buffer.from('310101199001011234'))).toBe(false);
    const plain = new Database(file);
    expect(() => plain.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);
    plain.close();
    if (hasSqlite3) {
      const r = spawnSync('sqlite3', [file, 'SELECT count(*) FROM sqlite_master'], { encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/not a database/);
    }
    // …and with the key it opens, data intact.
    const again = openDatabase({ dataDir: dir, migrations: workstationMigrations, key });
    expect(again.prepare(`SELECT value FROM settings WHERE key = 'probe'`).pluck().get()).toContain('310101199001011234');
    again.close();
  });

  it('a wrong key is refused with a Chinese message and the file is not touched', () => {
    const dir = tempDir();
    seeded(dir, KeyRing.generate().databaseKey('workstation')).close();
    const file = path.join(dir, 'windowdesk.sqlite');
    const before = fs.readFileSync(file);
    expect(() => openDatabase({ dataDir: dir, migrations: workstationMigrations, key: KeyRing.generate().databaseKey('workstation') }))
      .toThrow(expect.objectContaining({ code: 'DB_KEY_WRONG', message: expect.stringContaining('无法解密') }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a plaintext database from an earlier version is encrypted on first keyed open, rows and WAL contents kept, no temporary copy left', () => {
    const dir = tempDir();
    // An earlier version's file, with a committed row still in the WAL (not checkpointed).
    const old = seeded(dir);
    old.pragma('wal_autocheckpoint = 0');
    old.prepare(`INSERT INTO settings (key, value) VALUES ('in-wal', '1')`).run();
    const copyDir = tempDir();
    for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(copyDir, f)); // as if the old version was killed
    old.close();
    const killedFile = path.join(copyDir, 'windowdesk.sqlite');
    expect(header(killedFile)).toBe(PLAIN_HEADER);
    expect(fs.existsSync(`${killedFile}-wal`)).toBe(true);

    const key = KeyRing.generate().databaseKey('workstation');
    const db = openDatabase({ dataDir: copyDir, migrations: workstationMigrations, key });
    expect(db.prepare(`SELECT key FROM settings WHERE key IN ('probe', 'in-wal') ORDER BY key`).pluck().all()).toEqual(['in-wal', 'probe']);
    db.close();
    expect(header(killedFile)).not.toBe(PLAIN_HEADER);
    expect(fs.readdirSync(copyDir).filter((f) => f.includes('encrypt'))).toEqual([]);
    expect(() => new Database(killedFile).prepare('SELECT 1 FROM sqlite_master').all()).toThrow(/not a database/);
  });

  it('a corrupt plaintext file is refused, not "migrated": the original stays as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    seeded(dir).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x55, 100, 4096 * 2); // keeps the header, breaks the schema page
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase({ dataDir: dir, migrations: workstationMigrations, key: KeyRing.generate().databaseKey('workstation') }))
      .toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('encrypt'))).toEqual([]);
  });

  it('data directory 0700 (an existing 0755 one is tightened), database and WAL 0600', () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const db = seeded(dir, KeyRing.generate().databaseKey('workstation'));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['windowdesk.sqlite', 'windowdesk.sqlite-wal']) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('the hub database: encrypted under its own key; issuing a ticket commits with synchronous FULL (a printed number survives a power cut), other writes NORMAL', async () => {
    const dir = tempDir();
    const ring = KeyRing.generate();
    const file = path.join(dir, 'hub.sqlite');
    const store = new SqliteQueueStore(file, ring.databaseKey('hub'));
    await store.saveHall(demoHall());
    // The order of synchronous changes and the ticket's insert, as the connection saw them.
    const seen: string[] = [];
    const pragma = store.db.pragma.bind(store.db);
    store.db.pragma = ((src: string, o?: never) => (src.startsWith('synchronous') && seen.push(src), pragma(src, o))) as typeof store.db.pragma;
    store.db.function('insert_probe', () => (seen.push('insert ticket'), 0));
    store.db.exec(`CREATE TEMP TRIGGER probe AFTER INSERT ON main.tickets BEGIN SELECT insert_probe(); END`);
    const day = '2026-03-02';
    const at = Date.parse(`${day}T01:00:00Z`);
    const ticket = await store.issueTicket({
      day, stream: 'A', kind: 'walkin', series: 'hub', source: 'kiosk', status: 'waiting', itemCode: null, note: null,
      targetCounter: null, dueAt: at, issuedAt: at, appointmentId: null,
    }, 'A', (n) => `A${String(n).padStart(3, '0')}`);
    expect(ticket.ticket.number).toBe('A001');
    expect(seen).toEqual(['synchronous = FULL', 'insert ticket', 'synchronous = NORMAL']);
    expect(pragma('synchronous', { simple: true })).toBe(1); // NORMAL again after it
    await store.close();
    expect(header(file)).not.toBe(PLAIN_HEADER);
    // The workstation's key is not the hub's: the sub-keys are independent.
    expect(() => new SqliteQueueStore(file, ring.databaseKey('workstation'))).toThrow(expect.objectContaining({ code: 'DB_KEY_WRONG', message: expect.stringContaining('大厅队列数据库') }));
    const raw = openRaw(file, ring.databaseKey('hub'), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});
