import type { Migration } from '../../../db/migrate';

/**
 * Ratings (好差评) the workstations send, for hall-wide figures: the latest snapshot of each rating,
 * and every idempotency key already answered (a resent snapshot is answered as the first time, never applied twice).
 */
export const m0015: Migration = {
  version: 15,
  name: 'ratings',
  up(db) {
    db.exec(`
      CREATE TABLE ratings (
        rating_id TEXT PRIMARY KEY,
        counter INTEGER NOT NULL,
        staff_no TEXT NOT NULL,
        item_code TEXT,
        rated_at TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        snapshot TEXT NOT NULL,
        revision INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX ratings_rated_at ON ratings(rated_at);
      CREATE TABLE rating_keys (
        idempotency_key TEXT PRIMARY KEY,
        rating_id TEXT NOT NULL,
        revision INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
