import type { Migration } from '../migrate';

/**
 * Assistance on the workstation: what an approval officer or a leader helps as (帮办 capacity; a
 * staff member without a row helps as their role suggests), and the small durable queue of 求助
 * and 办不成事 reports made while the hub was unreachable — each keeps its idempotency key and the
 * time it was made, and is sent to the hub in order once it is back.
 */
export const m0014: Migration = {
  version: 14,
  name: 'assist',
  up(db) {
    db.exec(`
      CREATE TABLE staff_assist_capacity (
        staff_id TEXT PRIMARY KEY REFERENCES staff(id),
        capacity TEXT NOT NULL CHECK (capacity IN ('assistant','approver','leader'))
      );
      CREATE TABLE assist_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        request_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('request','report')),
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
    `);
  },
};
