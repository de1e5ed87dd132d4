import type { Migration } from '../../../db/migrate';

/**
 * The hall's case files (issue 11): the scanned pages and material PDFs of each case, so a
 * workstation rebuilt after a disk failure, or a counter taking a case over (一口发证), gets them
 * back. Content-addressed: one blob per SHA-256 (`case_file_blobs`), named by each attachment of a
 * case that holds it (`case_files`, the attachment's id from the case's trail; a look-up by case
 * and digest reads the case's few attachments through the primary key). PostgreSQL:
 * hub/files/pg-store.ts.
 */
export const m0023: Migration = {
  version: 23,
  name: 'case-files',
  up(db) {
    db.exec(`
      CREATE TABLE case_file_blobs (sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64), size INTEGER NOT NULL, bytes BLOB NOT NULL, stored_at INTEGER NOT NULL);
      CREATE TABLE case_files (
        case_id TEXT NOT NULL, attachment_id TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES case_file_blobs (sha256),
        material_id TEXT NOT NULL, mime TEXT NOT NULL, workstation TEXT NOT NULL, device_id TEXT, received_at INTEGER NOT NULL,
        PRIMARY KEY (case_id, attachment_id)) WITHOUT ROWID;
      -- Whether another case still names a blob (a case's files dropped once its archive is stored).
      CREATE INDEX case_files_blob ON case_files (sha256);`);
  },
};
