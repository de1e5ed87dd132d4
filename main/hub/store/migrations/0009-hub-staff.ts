import type { Migration } from '../../../db/migrate';

/**
 * The hall's supervisors as the hub knows them (registered by an administrator: scrypt hashes, never
 * passwords) and the short-lived staff assertions it issues after checking one's password. An
 * assertion is kept as its SHA-256 and bound to the device that asked for it.
 */
export const m0009: Migration = {
  version: 9,
  name: 'hub-staff',
  up(db) {
    db.exec(`
      CREATE TABLE hub_staff (
        staff_no TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1, failures INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, updated_at INTEGER NOT NULL);
      CREATE TABLE staff_assertions (
        token_hash TEXT PRIMARY KEY, staff_no TEXT NOT NULL, device_id TEXT NOT NULL,
        issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, max_until INTEGER NOT NULL, ended_at INTEGER, ended_reason TEXT);
      CREATE INDEX staff_assertions_staff ON staff_assertions (staff_no);`);
  },
};
