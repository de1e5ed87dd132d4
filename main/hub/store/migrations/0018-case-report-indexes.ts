import type { Migration } from '../../../db/migrate';

/** The 日动态 reads a day's accepted and completed cases by these two ranges (a month over a million cases stays fast). */
export const m0018: Migration = {
  version: 18,
  name: 'case-report-indexes',
  up(db) {
    db.exec(`CREATE INDEX hall_cases_accepted_at ON hall_cases (accepted_at) WHERE accepted_at IS NOT NULL;
             CREATE INDEX hall_cases_completed_at ON hall_cases (completed_at) WHERE completed_at IS NOT NULL;`);
  },
};
