import type { Migration } from '../../../db/migrate';

/**
 * Ratings (好差评) the workstations send, for hall-wide figures: the latest snapshot of each rating,
 * and every idempotency key already answered (a resent snapshot is answered as the first time, never applied twice).
 * The later rating by the notice's QR: each service offered under its code's hash, and the answers given on the hub's page.
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
      );
      CREATE TABLE rating_offers (
        code_hash TEXT PRIMARY KEY,
        service_id TEXT NOT NULL UNIQUE,
        counter INTEGER NOT NULL,
        ticket_number TEXT,
        item_name TEXT,
        rate_until TEXT NOT NULL,
        offered_at INTEGER NOT NULL
      );
      CREATE TABLE rating_answers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        service_id TEXT NOT NULL UNIQUE,
        counter INTEGER NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        reasons TEXT NOT NULL,
        reason_text TEXT,
        rated_at TEXT NOT NULL
      );
      CREATE INDEX rating_answers_counter ON rating_answers(counter, seq);
    `);
  },
};
