import type { Migration } from '../../../db/migrate';

/**
 * A kept 日动态's figures beside the whole report: a month sums 60 days' figures, and parsing each
 * day's case and ticket lists (hundreds of kilobytes a day at a large hall) made 月动态 take a
 * second over a million cases. Reports kept before are given their figures here.
 */
export const m0019: Migration = {
  version: 19,
  name: 'daily-report-figures',
  up(db) {
    db.exec(`ALTER TABLE daily_reports ADD COLUMN figures TEXT;
             UPDATE daily_reports SET figures = json_remove(report, '$.ticketList', '$.cases.cases');`);
  },
};
