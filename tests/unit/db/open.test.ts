import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { migrate } from '../../../main/db/migrate';
import { workstationMigrations } from '../../../main/db/migrations';
import { tempDir } from '../../fixtures/workstation';

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

  it('refuses a database whose ledger holds a newer migration, before WAL or anything else touches it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    const db = new Database(file);
    migrate(db, [...workstationMigrations, { version: 99, name: 'from-a-newer-desk', up: (d) => d.exec('CREATE TABLE later (a)') }]);
    db.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase({ dataDir: dir, migrations: workstationMigrations })).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(file + '-wal')).toBe(false);
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
