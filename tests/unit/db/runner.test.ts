import Database from 'better-sqlite3';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appliedMigrations, LEDGER_USER_VERSION, migrate, schemaVersion, type Migration } from '../../../main/db/migrate';
import { workstationMigrations } from '../../../main/db/migrations';
import { hubMigrations } from '../../../main/hub/store/migrations';
import { m0001 } from '../../../main/db/migrations/0001-foundation';
import { m0002 } from '../../../main/db/migrations/0002-files';
import { m0003 } from '../../../main/db/migrations/0003-queue-offline';
import { m0004 } from '../../../main/db/migrations/0004-cases';
import { objects } from './helpers';

const table = (version: number, name: string): Migration => ({ version, name, up: (db) => db.exec(`CREATE TABLE ${name.replaceAll('-', '_')} (a)`) });

const fileOf = (m: Migration) => `${String(m.version).padStart(4, '0')}-${m.name}`;

describe('the migration lists', () => {
  it.each([
    ['workstation', workstationMigrations, 'main/db/migrations'],
    ['hub', hubMigrations, 'main/hub/store/migrations'],
  ] as const)('%s: numbered in increasing order, one file per migration, named after it', (_, list, dir) => {
    // Numbers are handed out per round to work landing in parallel, so a reserved one may be missing for a while (never reused).
    const versions = list.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(fs.readdirSync(dir).filter((f) => /^\d{4}-.*\.ts$/.test(f))).toEqual(list.map((m) => `${fileOf(m)}.ts`));
  });

  it('one test per migration', () => {
    expect(fs.readdirSync('tests/unit/db/migrations').sort()).toEqual(workstationMigrations.map((m) => `${fileOf(m)}.test.ts`));
    const hubTests = fs.readFileSync('tests/integration/hub/migrations.test.ts', 'utf8');
    for (const m of hubMigrations) expect(hubTests).toContain(`describe('hub migration ${fileOf(m)}`);
  });
});

/** The steps after the ledger's released ones (each later step is checked by its own test). */
const later = workstationMigrations.filter((m) => m.version > 5).map((m) => m.name);

describe('migration runner', () => {
  it('applies all migrations once, records each in schema_migrations, and is idempotent', () => {
    const db = new Database(':memory:');
    expect(migrate(db, workstationMigrations).applied).toEqual(['foundation', 'files', 'queue-offline', 'cases', 'case-ticket', ...later]);
    expect(appliedMigrations(db)).toEqual(['foundation', 'files', 'queue-offline', 'cases', 'case-ticket', ...later]);
    expect(schemaVersion(db)).toBe(LEDGER_USER_VERSION);
    expect(migrate(db, workstationMigrations).applied).toEqual([]);
  });

  it('applies a migration added at the end to an existing database', () => {
    const db = new Database(':memory:');
    migrate(db, [m0001, m0002]);
    expect(migrate(db, [m0001, m0002, table(3, 'later')]).applied).toEqual(['later']);
    expect(objects(db, 'table')).toContain('later');
  });

  it('rolls back every step of a failing batch, the ledger included', () => {
    const db = new Database(':memory:');
    const bad: Migration = { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE x (a); THIS IS NOT SQL') };
    expect(() => migrate(db, [m0001, bad])).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(appliedMigrations(db)).toBeNull();
    expect(objects(db)).toEqual([]);
  });

  it('refuses a list out of order or naming a migration twice', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ ...m0001, version: 3 }, { ...m0002, version: 2 }])).toThrow(/out of order/);
    expect(() => migrate(db, [m0001, { ...m0002, name: 'foundation' }])).toThrow(/twice/);
  });

  it("the issue's scenario: a migration numbered below one already applied is refused, never silently skipped", () => {
    // Released: foundation, then cases. Later someone inserts a queue migration between them.
    const db = new Database(':memory:');
    migrate(db, [m0001, table(2, 'cases-x')]);
    const before = objects(db);
    const inserted = [m0001, table(2, 'queue-x'), table(3, 'cases-x')];
    expect(() => migrate(db, inserted)).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_ORDER', message: expect.stringContaining('queue-x') }));
    expect(objects(db)).toEqual(before);
    expect(appliedMigrations(db)).toEqual(['foundation', 'cases-x']);
    // A fresh database would have run it: the same list can never give two schemas.
    const fresh = new Database(':memory:');
    expect(migrate(fresh, inserted).applied).toEqual(['foundation', 'queue-x', 'cases-x']);
  });

  it('refuses a database whose ledger names a migration this program does not know (written by a newer version)', () => {
    const db = new Database(':memory:');
    migrate(db, [m0001, table(2, 'from-the-future')]);
    expect(() => migrate(db, [m0001])).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
  });

  it('refuses a pre-ledger database with a user_version above every released one', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 21');
    expect(() => migrate(db, workstationMigrations)).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
  });
});

describe('adopting a database written before the ledger (user_version only)', () => {
  /** A file as the old runner left it: these steps' tables and `user_version` = the highest legacy number. */
  function legacy(steps: Migration[], userVersion: number) {
    const db = new Database(':memory:');
    db.transaction(() => steps.forEach((m) => m.up(db)))();
    db.pragma(`user_version = ${userVersion}`);
    return db;
  }

  it('at user_version 20 with every released table: records all four, runs only what came after the ledger', () => {
    const db = legacy([m0001, m0002, m0003, m0004], 20);
    expect(migrate(db, workstationMigrations).applied).toEqual(['case-ticket', ...later]);
    expect(appliedMigrations(db)).toEqual(['foundation', 'files', 'queue-offline', 'cases', 'case-ticket', ...later]);
    expect(schemaVersion(db)).toBe(LEDGER_USER_VERSION);
  });

  it('at user_version 20 written before files (2) and queue (10) existed: the old runner skipped them; now they run', () => {
    const db = legacy([m0001, m0004], 20);
    expect(migrate(db, workstationMigrations).applied).toEqual(['files', 'queue-offline', 'case-ticket', ...later]);
    expect(objects(db, 'table')).toEqual(expect.arrayContaining(['files', 'queue_outbox', 'cases', 'hall']));
  });

  it('a new migration inserted before a released one is refused on a released file too, untouched', () => {
    const db = legacy([m0001, m0002, m0003, m0004], 20);
    const before = objects(db);
    expect(() => migrate(db, [m0001, m0002, table(3, 'inserted'), { ...m0003, version: 4 }, { ...m0004, version: 5 }])).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_ORDER' }));
    expect(objects(db)).toEqual(before);
    expect(appliedMigrations(db)).toBeNull();
    expect(schemaVersion(db)).toBe(20);
  });

  it('at user_version 1: adopts the foundation and runs the rest', () => {
    const db = legacy([m0001], 1);
    expect(migrate(db, workstationMigrations).applied).toEqual(['files', 'queue-offline', 'cases', 'case-ticket', ...later]);
  });
});
