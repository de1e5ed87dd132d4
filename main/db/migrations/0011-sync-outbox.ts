import type { Migration } from '../migrate';

/**
 * Offline-first sync to the hall hub (issue 11). `sync_outbox`: every change that must reach the
 * hub, written in the same transaction as the change, in order per aggregate (`seq`, 1, 2, 3… per
 * case), with its idempotency key; status pending → inflight → done, or failed (retried with
 * backoff) or dead (refused by the hub; shown on the 同步 page with its reason until resent).
 * `sync_aggregates` keeps each aggregate's last seq (outbox rows may be purged once done).
 * `sync_cursors`: the hub-issued pull cursors, written with the rows they brought.
 * `hall_cases`: the hall's case records pulled from the hub (masked summaries).
 * `case_events.time_source`: whose clock stamped the step ('hub' online, 'local' offline).
 */
export const m0011: Migration = {
  version: 11,
  name: 'sync-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        aggregate TEXT NOT NULL,
        seq INTEGER NOT NULL,
        payload TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','inflight','failed','dead','done')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        done_at INTEGER,
        hub_seq INTEGER,
        received_at INTEGER,
        UNIQUE (aggregate, seq)
      );
      CREATE INDEX sync_outbox_open ON sync_outbox (aggregate, seq) WHERE status <> 'done';
      CREATE INDEX sync_outbox_status ON sync_outbox (status, created_at) WHERE status <> 'done';

      CREATE TABLE sync_aggregates (aggregate TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;

      CREATE TABLE sync_cursors (name TEXT PRIMARY KEY, cursor TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;

      CREATE TABLE hall_cases (
        id TEXT PRIMARY KEY,
        case_number TEXT,
        state TEXT NOT NULL,
        item_name TEXT NOT NULL,
        applicant_name TEXT NOT NULL,
        applicant_key_masked TEXT NOT NULL,
        workstation TEXT NOT NULL,
        due_date TEXT,
        hub_seq INTEGER NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX hall_cases_number ON hall_cases (case_number);

      ALTER TABLE case_events ADD COLUMN time_source TEXT CHECK (time_source IN ('hub','local'));
    `);
  },
};
