import type { Migration } from '../../../db/migrate';

/**
 * The hub keeps only what it must of an appointment holder (issue 9, personal data): the ID number
 * as a keyed matching hash (`id_hash`, match-hash.ts) and its masked form for display; name and
 * phone become nullable, emptied at the day rollover once the retention after the booking's day
 * has passed (`contacts_purged_at` says when). Existing rows are converted in place and the plain
 * column dropped: `hub_id_hash(day, id)` and `hub_id_mask(id)` are registered on the connection by
 * the store (it holds the identity key) before migrations run.
 */
export const m0010: Migration = {
  version: 10,
  name: 'appointment-identity',
  up(db) {
    db.exec(`
      CREATE TABLE appointments_v10 (
        id TEXT PRIMARY KEY, day TEXT NOT NULL, code TEXT NOT NULL UNIQUE,
        id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name TEXT, phone TEXT,
        slot_start INTEGER NOT NULL, slot_end INTEGER NOT NULL, item_code TEXT, item_name TEXT,
        status TEXT NOT NULL, ticket_id INTEGER, checked_in_at INTEGER, note TEXT, contacts_purged_at INTEGER);`);
    const any = db.prepare('SELECT 1 FROM appointments LIMIT 1').get();
    // Only a file with bookings needs the key (a connection without the store's functions fails here, loudly).
    if (any) {
      db.exec(`
        INSERT INTO appointments_v10 (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_id, checked_in_at, note)
        SELECT id, day, code, hub_id_hash(day, id_number), hub_id_mask(id_number), name, phone, slot_start, slot_end, item_code, item_name, status, ticket_id, checked_in_at, note
        FROM appointments;`);
    }
    db.exec(`
      DROP TABLE appointments;
      ALTER TABLE appointments_v10 RENAME TO appointments;
      CREATE INDEX appointments_day_hash ON appointments (day, id_hash);
      CREATE INDEX appointments_day_phone ON appointments (day, phone);`);
  },
};
