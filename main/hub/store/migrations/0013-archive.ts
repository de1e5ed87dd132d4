import type { Migration } from '../../../db/migrate';

/**
 * Archive packages the hub received (办结即归档): one row per case number, the receipt it
 * answered, so a repeated transfer gets the same receipt and a different bag under the same
 * number is refused.
 */
export const m0013: Migration = {
  version: 13,
  name: 'archive',
  up(db) {
    db.exec(`
      CREATE TABLE archive_receipts (
        case_number TEXT PRIMARY KEY,
        workstation TEXT NOT NULL,
        bag_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL,
        receipt TEXT NOT NULL
      );`);
  },
};
