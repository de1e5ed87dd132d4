import type { Migration } from '../migrate';

/**
 * A case's files brought back from the hall hub (issue 11): when a rebuilt workstation, or a
 * counter taking a case over, imports a case, its attachments come from the case's trail and
 * their files are fetched afterwards, outside the import's transaction. Each attachment still
 * waiting for its file has a row here ('pending'; 'absent' once the hub answered it has none),
 * retried on every pull; the row goes when the file is in the local file store.
 */
export const m0022: Migration = {
  version: 22,
  name: 'case-file-fetches',
  up(db) {
    db.exec(`
      CREATE TABLE case_file_fetches (
        attachment_id TEXT PRIMARY KEY REFERENCES case_attachments (id),
        case_id TEXT NOT NULL REFERENCES cases (id),
        material_id TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        mime TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'absent')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX case_file_fetches_case ON case_file_fetches (case_id);`);
  },
};
