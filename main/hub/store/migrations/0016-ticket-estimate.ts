import type { Migration } from '../../../db/migrate';

/**
 * The wait forecast a ticket got at issue (前面还有 N 人，预计等候约 M 分钟), kept on the ticket so
 * the slip, the kiosk and a reprint show the same figures, and so the day's forecasts can later be
 * compared with the waits that followed. NULL for tickets issued before forecasts existed.
 */
export const m0016: Migration = {
  version: 16,
  name: 'ticket-estimate',
  up(db) {
    db.exec(`ALTER TABLE tickets ADD COLUMN estimate_ahead INTEGER; ALTER TABLE tickets ADD COLUMN estimate_minutes REAL;`);
  },
};
