import type { Migration } from '../../../db/migrate';

/**
 * Enrolled devices and the one-time codes that enrol them. A code is kept only as its SHA-256
 * (a stolen database enrols nothing); a device by its certificate's serial, so a revocation takes
 * effect on the next request it makes.
 */
export const m0007: Migration = {
  version: 7,
  name: 'devices',
  up(db) {
    db.exec(`
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY, role TEXT NOT NULL, counters TEXT NOT NULL, name TEXT NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER, device_id TEXT, failures INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE devices (
        id TEXT PRIMARY KEY, role TEXT NOT NULL, counters TEXT NOT NULL, name TEXT NOT NULL,
        serial TEXT NOT NULL UNIQUE, not_after INTEGER NOT NULL,
        enrolled_at INTEGER NOT NULL, revoked_at INTEGER, revoked_reason TEXT, last_seen INTEGER);`);
  },
};
