import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, fileAuditKey, memoryAuditKey } from '../../../../main/core/audit';
import { tempDir } from '../../../fixtures/workstation';
import { dropTriggers, editAndRehash, keyedLog, knownKey } from './helpers';

describe('keyed audit chain', () => {
  it('starts with a row naming its key, and verifies an untouched chain', () => {
    const { audit } = keyedLog(5);
    const first = audit.recent(10).at(-1)!;
    expect(first).toMatchObject({ seq: 1, action: 'audit.started' });
    expect(JSON.parse(first.details).keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(audit.verify()).toMatchObject({ ok: true, status: 'ok', rows: 6, head: { seq: 6 } });
  });

  it('refuses UPDATE and DELETE on the log (triggers)', () => {
    const { db, audit } = keyedLog(3);
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'ok' WHERE seq = 2").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 4').run()).toThrow(/append-only: DELETE refused/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(audit.verify()).toMatchObject({ ok: true, rows: 4 });
  });

  it('catches an edited row even when the attacker re-hashes the rest without the key', () => {
    const { db, audit } = keyedLog(5);
    editAndRehash(db, 3);
    expect(audit.verify()).toMatchObject({ ok: false, status: 'broken', brokenAt: 3, reason: 'row-altered' });
  });

  it('catches a row rewritten as an old unkeyed one after the chain was keyed', () => {
    const { db, audit } = keyedLog(5);
    editAndRehash(db, 4);
    db.prepare('UPDATE audit_log SET keyed = 0 WHERE seq >= 4').run();
    expect(audit.verify()).toMatchObject({ ok: false, status: 'broken', brokenAt: 4, reason: 'unkeyed-row' });
  });

  it('catches a deleted row in the middle, and the oldest rows deleted', () => {
    const a = keyedLog(5);
    dropTriggers(a.db);
    a.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(a.audit.verify()).toMatchObject({ ok: false, status: 'broken', brokenAt: 3, reason: 'missing-row' });
    const b = keyedLog(5);
    dropTriggers(b.db);
    b.db.prepare('DELETE FROM audit_log WHERE seq <= 2').run();
    expect(b.audit.verify()).toMatchObject({ ok: false, status: 'broken', brokenAt: 1, reason: 'missing-row' });
  });

  it('without an anchor: deleting the newest rows is caught by the sequence counter, deleting every row by the missing keyed start', () => {
    const a = keyedLog(5);
    dropTriggers(a.db);
    a.db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
    expect(a.audit.verify()).toMatchObject({ ok: false, status: 'truncated', brokenAt: 5, reason: 'behind-counter' });

    const b = keyedLog(5);
    dropTriggers(b.db);
    b.db.prepare('DELETE FROM audit_log').run();
    b.db.prepare("DELETE FROM sqlite_sequence WHERE name = 'audit_log'").run();
    expect(b.audit.verify()).toMatchObject({ ok: false, status: 'truncated', brokenAt: 1, reason: 'no-keyed-row' });
  });

  it('with an anchor: truncation is caught even when the sequence counter is wound back too', () => {
    const { db, audit } = keyedLog(5);
    const anchor = audit.head()!;
    audit.record({ action: 'session.logout', outcome: 'ok' });
    dropTriggers(db);
    db.prepare('DELETE FROM audit_log WHERE seq >= 5').run();
    db.prepare("UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_log'").run();
    expect(audit.verify()).toMatchObject({ ok: true });
    expect(audit.verify(anchor)).toMatchObject({ ok: false, status: 'truncated', brokenAt: 5, reason: 'behind-anchor' });
  });

  it('a chain re-computed WITH the stolen key verifies on its own, and the anchor catches it as re-hashed', () => {
    const key = knownKey();
    const { db, audit } = keyedLog(5, key);
    const anchor = audit.head()!;
    editAndRehash(db, 2, key.raw);
    expect(audit.verify()).toMatchObject({ ok: true });
    expect(audit.verify(anchor)).toMatchObject({ ok: false, status: 'rehashed', brokenAt: anchor.seq, reason: 'anchor-mac' });
  });

  it('names a replaced key as such, not as an edited row', () => {
    const { db } = keyedLog(3);
    expect(new AuditLog(db, memoryAuditKey()).verify()).toMatchObject({ ok: false, status: 'broken', brokenAt: 1, reason: 'key-mismatch' });
  });

  it('keeps the key in a 0600 file in the data directory, created once and never replaced', () => {
    const dir = tempDir();
    const k1 = fileAuditKey(dir).key();
    const file = path.join(dir, 'audit.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fileAuditKey(dir).key().equals(k1)).toBe(true);
    fs.chmodSync(file, 0o644);
    fileAuditKey(dir).key();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, 'not a key');
    expect(() => fileAuditKey(dir).key()).toThrow(expect.objectContaining({ code: 'AUDIT_KEY_UNAVAILABLE' }));
  });
});
