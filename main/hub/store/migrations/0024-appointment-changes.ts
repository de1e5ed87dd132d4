import type { Migration } from '../../../db/migrate';

/**
 * Appointments pulled by cursor (issue 11): every booking carries `change_seq`, issued by the
 * database itself — triggers bump the one-row counter `appointment_seq` on every insert and
 * every update, whatever code path writes (import, check-in, offline reconcile, no-show sweep,
 * contact purge) — so `GET /appointments/changes` answers what changed after a cursor.
 * `queue_meta.epoch` names this database (a cursor from another answers "start over"); the hall
 * configuration's version carries it too. Existing bookings get their rowid as a first sequence.
 * PostgreSQL: the step of the same version and name in pg/migrations.ts.
 */
export const m0024: Migration = {
  version: 24,
  name: 'appointment-changes',
  up(db) {
    db.exec(`
      ALTER TABLE appointments ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
      UPDATE appointments SET change_seq = rowid;
      CREATE INDEX appointments_day_change ON appointments (day, change_seq);
      CREATE TABLE appointment_seq (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
      INSERT INTO appointment_seq (id, last) VALUES (1, (SELECT COALESCE(MAX(change_seq), 0) FROM appointments));
      CREATE TABLE queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO queue_meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));
      CREATE TRIGGER appointments_change_insert AFTER INSERT ON appointments BEGIN
        UPDATE appointment_seq SET last = last + 1 WHERE id = 1;
        UPDATE appointments SET change_seq = (SELECT last FROM appointment_seq WHERE id = 1) WHERE id = NEW.id;
      END;
      CREATE TRIGGER appointments_change_update AFTER UPDATE ON appointments WHEN NEW.change_seq IS OLD.change_seq BEGIN
        UPDATE appointment_seq SET last = last + 1 WHERE id = 1;
        UPDATE appointments SET change_seq = (SELECT last FROM appointment_seq WHERE id = 1) WHERE id = NEW.id;
      END;`);
  },
};
