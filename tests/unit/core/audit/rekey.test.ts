import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, memoryAuditKey } from '../../../../main/core/audit';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';
import { plant, releases } from '../../../fixtures/schemas/released';
import { tempDir } from '../../../fixtures/workstation';
import { dropTriggers, writeLegacyRows } from './helpers';

const before0007 = workstationMigrations.filter((m) => m.version < 7);

/** A database as the release before the keyed chain left it: the old SHA-256 rows. */
function legacyDb(rows: number): Database.Database {
  const db = new Database(':memory:');
  migrate(db, before0007);
  writeLegacyRows(db, rows);
  return db;
}

describe('re-keying a log written before the keyed chain', () => {
  it('migration 0007 keeps the old rows as they were; the first open under the key checks them and seals them with one audit.rekeyed row', () => {
    const db = legacyDb(4);
    const old = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq').all();
    expect(migrate(db, workstationMigrations).applied.slice(0, 1)).toEqual(['audit-keyed']);
    expect(db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq').all()).toEqual(old);
    const audit = new AuditLog(db, memoryAuditKey());
    const seal = audit.recent(1)[0];
    expect(seal).toMatchObject({ seq: 5, action: 'audit.rekeyed', prevHash: (old[3] as { hash: string }).hash });
    expect(JSON.parse(seal.details)).toMatchObject({ legacyRows: 4, legacyVerified: { ok: true }, legacyHead: { seq: 4 } });
    expect(audit.verify()).toMatchObject({ ok: true, rows: 5 });
    // Opening again writes no second seal.
    new AuditLog(db, memoryAuditKey());
    expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.rekeyed'").get()).toEqual({ n: 1 });
  });

  it('a sealed old row edited later (and its old hashes recomputed) is caught by the keyed seal', () => {
    const db = legacyDb(4);
    migrate(db, workstationMigrations);
    const audit = new AuditLog(db, memoryAuditKey());
    audit.record({ action: 'session.login', outcome: 'ok' });
    dropTriggers(db);
    // Rewrite row 2 and re-link rows 2..4 with the old SHA-256: the seal's prev no longer matches.
    db.prepare("UPDATE audit_log SET action = 'session.logout' WHERE seq = 2").run();
    const v = audit.verify();
    expect(v).toMatchObject({ ok: false, status: 'broken', brokenAt: 2, reason: 'row-altered' });
  });

  it('records, rather than launders, an old chain that was already broken', () => {
    const db = legacyDb(4);
    db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 3").run();
    migrate(db, workstationMigrations);
    const audit = new AuditLog(db, memoryAuditKey());
    expect(JSON.parse(audit.recent(1)[0].details)).toMatchObject({ legacyRows: 4, legacyVerified: { ok: false, brokenAt: 3, reason: 'row-altered' } });
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it.each(releases())('%s: an upgraded released database opens, re-keys its log and verifies; the triggers then hold', (release) => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    plant(release, 'workstation', file);
    // The fixture's audit row carries a placeholder hash; an old log as the old AuditLog really wrote it:
    const planted = new Database(file);
    planted.exec('DELETE FROM audit_log');
    writeLegacyRows(planted, 3);
    planted.close();
    const db = openDatabase({ dataDir: dir, migrations: workstationMigrations });
    const audit = new AuditLog(db, memoryAuditKey());
    expect(audit.recent(1)[0]).toMatchObject({ action: 'audit.rekeyed', seq: 4 });
    expect(JSON.parse(audit.recent(1)[0].details)).toMatchObject({ legacyRows: 3, legacyVerified: { ok: true } });
    expect(audit.verify()).toMatchObject({ ok: true, status: 'ok', rows: 4 });
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it.each(releases())('%s: the fixture as released (its hash a placeholder) is re-keyed with the old break recorded, and stays reported', (release) => {
    const dir = tempDir();
    plant(release, 'workstation', path.join(dir, 'windowdesk.sqlite'));
    const db = openDatabase({ dataDir: dir, migrations: workstationMigrations });
    const audit = new AuditLog(db, memoryAuditKey());
    expect(JSON.parse(audit.recent(1)[0].details)).toMatchObject({ legacyVerified: { ok: false, brokenAt: 1, reason: 'row-altered' } });
    expect(audit.verify()).toMatchObject({ ok: false, status: 'broken', brokenAt: 1 });
    db.close();
  });
});
