import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { migrate, schemaVersion, type Migration } from '../../../main/db/migrate';
import { workstationMigrations } from '../../../main/db/migrations';
import { m0001 } from '../../../main/db/migrations/0001-foundation';
import { tempDir } from '../../fixtures/workstation';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migration 0001 foundation', () => {
  it('creates hall, counters, staff, sessions, settings and the audit log', () => {
    const db = new Database(':memory:');
    migrate(db, [m0001]);
    expect(tables(db)).toEqual(expect.arrayContaining(['hall', 'counters', 'staff', 'sessions', 'settings', 'audit_log']));
    expect(schemaVersion(db)).toBe(1);
    db.prepare("INSERT INTO hall (id, name, created_at) VALUES ('h', '大厅', 'now')").run();
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare("INSERT INTO counters (id, hall_id, number, name) VALUES ('c', 'missing', 1, 'x')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('s','1','n','king','h','t')").run()).toThrow(/CHECK/);
  });
});

describe('migration runner', () => {
  it('applies all migrations once and is idempotent', () => {
    const db = new Database(':memory:');
    const first = migrate(db, workstationMigrations);
    expect(first.from).toBe(0);
    expect(first.to).toBe(workstationMigrations.at(-1)!.version);
    expect(migrate(db, workstationMigrations)).toEqual({ from: first.to, to: first.to });
  });

  it('rolls back every step of a failing batch', () => {
    const db = new Database(':memory:');
    const bad: Migration = { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE x (a); THIS IS NOT SQL') };
    expect(() => migrate(db, [m0001, bad])).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses migrations out of order', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ ...m0001, version: 3 }, { ...m0001, version: 2 }])).toThrow(/out of order/);
  });
});

describe('opening the database', () => {
  it('uses WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase({ dataDir: tempDir(), migrations: workstationMigrations });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase({ dataDir: dir, migrations: workstationMigrations })).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt file with a clear message and does not touch it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    const junk = Buffer.alloc(8192, 0x5a);
    fs.writeFileSync(file, junk);
    expect(() => openDatabase({ dataDir: dir, migrations: workstationMigrations })).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
  });

  it('refuses a data directory it cannot write', () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; a path under a regular file can never be created.
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'file'), 'x');
      expect(() => openDatabase({ dataDir: path.join(dir, 'file', 'sub'), migrations: workstationMigrations })).toThrow(expect.objectContaining({ code: 'DATA_DIR_NOT_WRITABLE' }));
    } else {
      const dir = tempDir();
      fs.chmodSync(dir, 0o500);
      expect(() => openDatabase({ dataDir: dir, migrations: workstationMigrations })).toThrow(expect.objectContaining({ code: 'DATA_DIR_NOT_WRITABLE' }));
    }
  });
});
