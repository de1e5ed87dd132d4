import type { Migration } from '../migrate';

/** The file store's index: every produced or received file, by id, with its hash. */
export const m0002: Migration = {
  version: 2,
  name: 'files',
  legacy: { userVersion: 2, table: 'files' },
  up(db) {
    db.exec(`
      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        path TEXT NOT NULL,
        source TEXT,
        width INTEGER,
        height INTEGER,
        created_at TEXT NOT NULL
      );
      CREATE INDEX files_kind ON files(kind, created_at);
    `);
  },
};
