import { maskIdNumber } from '../../../common/identity';
import type { Migration } from '../migrate';

/**
 * The offline copy of today's bookings follows the hub (issue 9, personal data): the hub now
 * answers ID numbers as a matching hash under the day's matching key plus the masked form, so the
 * cache keeps those. Cached plain numbers are masked here and their hash left empty (such a row
 * no longer matches by ID number until the next refresh from the hub rewrites it; code and
 * name+phone still match). Name and phone become nullable (the hub purges them after the day).
 */
export const m0017: Migration = {
  version: 17,
  name: 'appointment-cache-identity',
  up(db) {
    db.exec(`
      CREATE TABLE queue_appointments_v17 (
        id TEXT PRIMARY KEY, day TEXT NOT NULL, code TEXT NOT NULL,
        id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name TEXT, phone TEXT,
        slot_start INTEGER NOT NULL, slot_end INTEGER NOT NULL, item_code TEXT, item_name TEXT,
        status TEXT NOT NULL, ticket_number TEXT, cached_at INTEGER NOT NULL);`);
    const ins = db.prepare(`INSERT INTO queue_appointments_v17 (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_number, cached_at)
      VALUES (@id, @day, @code, '', @masked, @name, @phone, @slot_start, @slot_end, @item_code, @item_name, @status, @ticket_number, @cached_at)`);
    for (const r of db.prepare('SELECT * FROM queue_appointments').all() as Record<string, unknown>[]) {
      ins.run({ ...r, masked: maskIdNumber(String(r.id_number ?? '')) });
    }
    db.exec(`
      DROP TABLE queue_appointments;
      ALTER TABLE queue_appointments_v17 RENAME TO queue_appointments;
      CREATE INDEX queue_appointments_day ON queue_appointments(day, id_hash);
      CREATE INDEX queue_appointments_code ON queue_appointments(day, code);`);
  },
};
