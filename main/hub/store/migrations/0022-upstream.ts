import type { Migration } from '../../../db/migrate';

/**
 * The seam toward the city platform (issue 11, main/hub/upstream): how far this hub has forwarded
 * its case record and its archive (`upstream_cursors`, each advanced only after the platform took
 * what is before it) and what the platform refused for good (`upstream_refusals`, with its reason,
 * shown to the supervisor; the rest is not held up by it).
 */
export const m0022: Migration = {
  version: 22,
  name: 'upstream',
  up(db) {
    db.exec(`
      CREATE TABLE upstream_cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE upstream_refusals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('case', 'archive')),
        subject TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL
      );`);
  },
};
