import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0007 audit-keyed', () => {
  it('adds keyed and source to the audit log, the local anchor record, and triggers refusing UPDATE and DELETE on both', () => {
    const { db, added } = step(workstationMigrations, 'audit-keyed');
    expect(added).toEqual(['audit_anchors', 'audit_anchors_no_delete', 'audit_anchors_no_update', 'audit_log_no_delete', 'audit_log_no_update']);
    const cols = (db.prepare('PRAGMA table_info(audit_log)').all() as { name: string; dflt_value: string | null }[]).slice(-2);
    expect(cols).toMatchObject([{ name: 'keyed', dflt_value: '0' }, { name: 'source', dflt_value: null }]);
    db.prepare(`INSERT INTO audit_log (at, action, outcome, prev_hash, hash, keyed) VALUES ('t', 'a', 'ok', 'p', 'h', 1)`).run();
    expect(() => db.prepare(`INSERT INTO audit_log (at, action, outcome, prev_hash, hash, keyed) VALUES ('t', 'a', 'ok', 'p', 'h', 2)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE audit_log SET action = 'b'`).run()).toThrow(/UPDATE refused/);
    expect(() => db.prepare(`DELETE FROM audit_log`).run()).toThrow(/DELETE refused/);
    db.prepare(`INSERT INTO audit_anchors (head_seq, head_mac, reason, sent_at, hub_received_at) VALUES (1, 'm', 'periodic', 't', 1)`).run();
    expect(() => db.prepare(`UPDATE audit_anchors SET head_seq = 0`).run()).toThrow(/UPDATE refused/);
    expect(() => db.prepare(`DELETE FROM audit_anchors`).run()).toThrow(/DELETE refused/);
  });
});
