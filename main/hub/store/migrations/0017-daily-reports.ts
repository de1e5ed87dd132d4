import type { Migration } from '../../../db/migrate';

/**
 * 日动态 kept as generated at the close of each day (seed 001 §二(五)1): the figures a supervisor
 * saw that evening stay what the month sums, even when a late case arrives afterwards.
 */
export const m0017: Migration = {
  version: 17,
  name: 'daily-reports',
  up(db) {
    db.exec(`CREATE TABLE daily_reports (day TEXT PRIMARY KEY, generated_at INTEGER NOT NULL, report TEXT NOT NULL);`);
  },
};
