import type { Migration } from '../migrate';

/**
 * Retention of the sync outbox (issue 11). A `case.step` row carries the whole case as it stood
 * (applicant name, ID number, phone), so done rows kept the personal data the archive purge had
 * already removed from the case, and the table grew without bound (295 MB after 60 demo days).
 * Done rows are now deleted with the case's purge (core/archive/jobs.ts) and, for other kinds,
 * after a retention period (core/sync/outbox.ts purgeDone), through `sync_outbox_done`.
 * This migration clears what earlier purges left behind.
 */
export const m0021: Migration = {
  version: 21,
  name: 'sync-outbox-retention',
  up(db) {
    db.exec(`
      CREATE INDEX sync_outbox_done ON sync_outbox (done_at) WHERE status = 'done';
      DELETE FROM sync_outbox WHERE status = 'done' AND kind = 'case.step'
        AND aggregate IN (SELECT 'case:' || case_id FROM archive_jobs WHERE purged_at IS NOT NULL);`);
  },
};
