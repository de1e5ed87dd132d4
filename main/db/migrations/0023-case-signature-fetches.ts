import type { Migration } from '../migrate';

/**
 * A case's signature images come back from the hall hub like its scanned files (issue 11): when a
 * rebuilt workstation, or a counter taking a case over, imports a case, its signatures are rebuilt
 * from the trail's `signature` steps and each image waits in `case_file_fetches` until fetched.
 * A waiting row therefore names an attachment OR a signature (`kind`); the foreign key to
 * case_attachments goes (the import writes the row it names in the same transaction), the one to
 * the case stays. The table is only ever read by case, so it is rebuilt as it stands.
 */
export const m0023: Migration = {
  version: 23,
  name: 'case-signature-fetches',
  up(db) {
    db.exec(`
      CREATE TABLE case_file_fetches_next (
        attachment_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'attachment' CHECK (kind IN ('attachment', 'signature')),
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
        SELECT attachment_id, 'attachment', case_id, material_id, sha256, mime, state, attempts, last_error, updated_at FROM case_file_fetches;
      DROP TABLE case_file_fetches;
      ALTER TABLE case_file_fetches_next RENAME TO case_file_fetches;
      CREATE INDEX case_file_fetches_case ON case_file_fetches (case_id);`);
  },
};
