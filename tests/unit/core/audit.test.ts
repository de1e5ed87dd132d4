import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/core/audit';
import { migrate } from '../../../main/db/migrate';
import { m0001 } from '../../../main/db/migrations/0001-foundation';

function log(): { db: Database.Database; audit: AuditLog } {
  const db = new Database(':memory:');
  migrate(db, [m0001]);
  const audit = new AuditLog(db);
  for (let i = 0; i < 5; i++) audit.record({ action: 'session.login', actorStaffId: `s${i}`, outcome: i % 2 ? 'refused' : 'ok', details: { i } });
  return { db, audit };
}

describe('hash-chained audit log', () => {
  it('verifies an untouched chain', () => {
    expect(log().audit.verify()).toEqual({ ok: true, rows: 5 });
  });

  it('detects an edited row', () => {
    const { db, audit } = log();
    db.prepare("UPDATE audit_log SET outcome = 'ok' WHERE seq = 2").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'row-altered' });
  });

  it('detects a deleted row in the middle', () => {
    const { db, audit } = log();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'missing-row' });
  });

  it('detects a rewritten row whose hash was recomputed without the chain', () => {
    const { db, audit } = log();
    db.prepare("UPDATE audit_log SET prev_hash = 'x' WHERE seq = 4").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('detects truncation of the newest rows against a known head', () => {
    const { db, audit } = log();
    const head = audit.recent(1)[0];
    db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(audit.verify({ seq: head.seq, hash: head.hash })).toMatchObject({ ok: false, reason: 'truncated' });
  });
});
