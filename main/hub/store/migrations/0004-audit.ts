import type { Migration } from '../../../db/migrate';

/**
 * The hub's own audit log (every mutating call, with the caller as far as it is known: address,
 * counter, forwarded staff), chained with HMAC-SHA256 under the hub's key like the workstation's
 * (main/core/audit), and the audit anchors: the chain heads each workstation sends, kept per
 * workstation so a workstation's truncated or re-computed log is caught. Both append-only:
 * UPDATE and DELETE are refused by triggers.
 */
export const m0004: Migration = {
  version: 4,
  name: 'audit',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_staff_id TEXT,
        actor_role TEXT,
        counter_id TEXT,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok','refused','failed')),
        details TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        keyed INTEGER NOT NULL DEFAULT 1 CHECK (keyed IN (0, 1)),
        source TEXT
      );
      CREATE INDEX audit_action ON audit_log(action, at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;

      CREATE TABLE audit_anchors (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        workstation TEXT NOT NULL,
        head_seq INTEGER NOT NULL,
        head_mac TEXT NOT NULL,
        at TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        source TEXT
      );
      CREATE INDEX audit_anchors_workstation ON audit_anchors(workstation, head_seq);
      CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only: DELETE refused'); END;
    `);
  },
};
