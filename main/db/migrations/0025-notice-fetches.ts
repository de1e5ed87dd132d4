import type { Migration } from '../migrate';

/**
 * A case's notices come back from the hall hub like its scans and signature images: each
 * `notice-issued` step of an imported case's trail whose PDF this machine lacks waits in
 * `case_file_fetches` with kind 'notice' (its `attachment_id` the file id the step names). The
 * kind's CHECK allows it now; the table is rebuilt as it stands (only ever read by case).
 */
export const m0025: Migration = {
  version: 25,
  name: 'notice-fetches',
  up(db) {
    db.exec(`
      CREATE TABLE case_file_fetches_next (
        attachment_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'attachment' CHECK (kind IN ('attachment', 'signature', 'notice')),
        case_id TEXT NOT NULL REFERENCES cases (id),
        material_id TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        mime TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'absent')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO case_file_fetches_next (attachment_id, kind, case_id, material_id, sha256, mime, state, attempts, last_error, updated_at)
        SELECT attachment_id, kind, case_id, material_id, sha256, mime, state, attempts, last_error, updated_at FROM case_file_fetches;
      DROP TABLE case_file_fetches;
      ALTER TABLE case_file_fetches_next RENAME TO case_file_fetches;
      CREATE INDEX case_file_fetches_case ON case_file_fetches (case_id);`);
  },
};
