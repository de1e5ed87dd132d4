import type { Migration } from '../migrate';

/**
 * 好差评 by the QR on the notice (issue 12): a notice is printed before the service ends (受理 comes
 * before 结束), so the later-rating code of that ticket's service is reserved when the notice is
 * printed and taken by the service row at 结束 (`rating_services.later_code`). Kept in the
 * database, not in memory: a printed QR must still work after a restart.
 */
export const m0018: Migration = {
  version: 18,
  name: 'rating-reserved-codes',
  up(db) {
    db.exec(`
      CREATE TABLE rating_reserved_codes (
        ticket_ref TEXT PRIMARY KEY,
        later_code TEXT NOT NULL UNIQUE,
        reserved_at TEXT NOT NULL
      ) WITHOUT ROWID;`);
  },
};
