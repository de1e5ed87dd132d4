/** The PostgreSQL store's appointment statements (import, look-up, conditional update), as sqlite-appointments.ts. */
import { DeskError } from '../../../../common/errors';
import type { Appointment } from '../../protocol';
import { toAppointment } from '../rows';
import type { AppointmentQuery, NewAppointment } from '../types';
import type { IdentityHasher } from '../../../core/queue/match-hash';
import { maskIdNumber } from '../../../../common/identity';
import type { Q } from './db';
import type { PgMigration } from './migration-types';
import { randomBytes } from 'node:crypto';

/** Inserts a batch of bookings (known ids are left as they are); throws, undoing the batch, on a reused code or a full slot. */
export async function pgInsertAppointments(q: Q, ids: IdentityHasher, rows: NewAppointment[], capacityPerSlot: number): Promise<{ inserted: number; unchanged: number }> {
  let inserted = 0;
  let unchanged = 0;
  for (const a of rows) {
    const ex = await q.one('SELECT id FROM appointments WHERE id = ? OR code = ?', [a.id, a.code]);
    if (ex) {
      if (ex.id !== a.id) throw new DeskError('INVALID_INPUT', `预约码 ${a.code} 已被另一条预约使用，本批预约未导入。`);
      unchanged++;
      continue;
    }
    const n = (await q.one(`SELECT COUNT(*) AS n FROM appointments WHERE day = ? AND slot_start = ? AND status != 'cancelled'`, [a.day, a.slotStart]))!.n as number;
    if (n >= capacityPerSlot) {
      throw new DeskError('SLOT_FULL', `时段已约满（每时段 ${capacityPerSlot} 人），预约 ${a.code} 无法导入；本批预约未导入。`, { appointmentId: a.id });
    }
    await q.run(
      `INSERT INTO appointments (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_id, checked_in_at, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', NULL, NULL, NULL)`,
      [a.id, a.day, a.code, ids.hash(a.day, a.idNumber), maskIdNumber(a.idNumber), a.name, a.phone, a.slotStart, a.slotEnd, a.itemCode, a.itemName],
    );
    inserted++;
  }
  return { inserted, unchanged };
}

export async function pgFindAppointments(q: Q, ids: IdentityHasher, qy: AppointmentQuery): Promise<Appointment[]> {
  let sql = 'SELECT * FROM appointments WHERE day = ?';
  const vals: unknown[] = [qy.day];
  const add = (col: string, v: string | undefined) => {
    if (!v) return;
    sql += ` AND ${col} = ?`;
    vals.push(v);
  };
  add('code', qy.code);
  add('id_hash', qy.idNumber ? ids.hash(qy.day, qy.idNumber) : undefined);
  add('name', qy.name);
  add('phone', qy.phone);
  return (await q.all(sql + ' ORDER BY slot_start, id', vals)).map(toAppointment);
}

/** Applies `patch` only while the booking is in one of `expect`; null when it no longer is. */
export async function pgUpdateAppointment(q: Q, id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>): Promise<Appointment | null> {
  const map: Record<string, string> = { status: 'status', ticketId: 'ticket_id', checkedInAt: 'checked_in_at', note: 'note' };
  const sets: string[] = [];
  const vals: unknown[] = [];
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) {
    sets.push(`${map[k]} = ?`);
    vals.push(v);
  }
  if (sets.length === 0) sets.push('id = id');
  const r = await q.one(`UPDATE appointments SET ${sets.join(', ')} WHERE id = ? AND status IN (${expect.map(() => '?').join(', ')}) RETURNING *`, [...vals, id, ...expect]);
  return r ? toAppointment(r) : null;
}

/**
 * The PostgreSQL step of SQLite hub migration 0024 (same version and name). `change_seq` comes
 * from a trigger that takes the one-row counter `appointment_seq` and keeps it row-locked until
 * COMMIT (as `case_hub_seq` does for case steps): a writer that got n+1 waited for the one that
 * got n to commit, so a pull that read up to n+1 never misses n committing a moment later on
 * another hub process. Every insert and update of a booking goes through it, whatever writes.
 */
export const appointmentChangesStep: PgMigration = {
  version: 24,
  name: 'appointment-changes',
  async up(q) {
    await q.run(`
      ALTER TABLE appointments ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
      UPDATE appointments a SET change_seq = n.rn FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY day, slot_start, id) AS rn FROM appointments) n WHERE n.id = a.id;
      CREATE INDEX appointments_day_change ON appointments (day, change_seq);
      CREATE TABLE appointment_seq (id INTEGER PRIMARY KEY CHECK (id = 1), last BIGINT NOT NULL);
      INSERT INTO appointment_seq (id, last) VALUES (1, (SELECT COALESCE(MAX(change_seq), 0) FROM appointments));
      CREATE TABLE queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE FUNCTION appointments_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE appointment_seq SET last = last + 1 WHERE id = 1 RETURNING last INTO NEW.change_seq;
        RETURN NEW;
      END $$;
      CREATE TRIGGER appointments_change BEFORE INSERT OR UPDATE ON appointments FOR EACH ROW EXECUTE FUNCTION appointments_change_seq();`);
    await q.run(`INSERT INTO queue_meta (key, value) VALUES ('epoch', ?)`, [randomBytes(8).toString('hex')]);
  },
};

/** The day's bookings changed after `afterSeq`, in change order (at most `limit`). */
export async function pgAppointmentChanges(q: Q, day: string, afterSeq: number, limit: number): Promise<Array<{ appointment: Appointment; seq: number }>> {
  const rows = await q.all('SELECT * FROM appointments WHERE day = ? AND change_seq > ? ORDER BY change_seq LIMIT ?', [day, afterSeq, limit]);
  return rows.map((r) => ({ appointment: toAppointment(r), seq: Number(r.change_seq) }));
}

export async function pgQueueEpoch(q: Q): Promise<string> {
  return (await q.one(`SELECT value FROM queue_meta WHERE key = 'epoch'`))!.value as string;
}
