import type { Migration } from '../migrate';

/**
 * 办结即归档 on the workstation: one durable job per case whose result was issued, so a bag is
 * built once, re-sent with retries until the hub's receipt, and the case's personal data purged
 * after the grace period. Kept apart from the sync outbox so it can later ride it.
 */
export const m0013: Migration = {
  version: 13,
  name: 'archive-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE archive_jobs (
        case_id TEXT PRIMARY KEY REFERENCES cases(id),
        case_number TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','ready','archived','failed')),
        bag_dir TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        receipt TEXT,
        purge_after TEXT,
        purged_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX archive_jobs_due ON archive_jobs (status, next_attempt_at);`);
  },
};
