import type { Migration } from '../migrate';

/**
 * The audit log becomes a keyed chain (main/core/audit): each new row carries `keyed = 1` and an
 * HMAC-SHA256 in `hash`; `source` says where a refused connection or call came from. UPDATE and
 * DELETE on the log are refused by triggers, and so they are on the record of anchors the hall hub
 * acknowledged (kept here so verification can say which anchor it checked against when the hub is
 * out of reach).
 *
 * Rows from before keep their values (`keyed = 0`, the old SHA-256). The key is deliberately out of
 * reach of a migration step (it never lives in the database), so the re-keying itself — checking the
 * old chain and sealing its head under the key with one `audit.rekeyed` row — is the first thing the
 * AuditLog does when it opens with its key, in one transaction, before any new row.
 */
export const m0007: Migration = {
  version: 7,
  name: 'audit-keyed',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));
      ALTER TABLE audit_log ADD COLUMN source TEXT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;

      CREATE TABLE audit_anchors (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        head_seq INTEGER NOT NULL,
        head_mac TEXT NOT NULL,
        reason TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        hub_received_at INTEGER NOT NULL
      );
      CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only: DELETE refused'); END;
    `);
  },
};
