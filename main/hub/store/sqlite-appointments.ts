/**
 * The SQLite store's appointment statements (import, look-up, conditional update), apart from the
 * ticket queue they share a file with. Each runs inside the caller's transaction; `st` is the
 * store's statement cache.
 */
import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import type { Appointment } from '../protocol';
import { toAppointment, type Row } from './rows';
import type { IdentityHasher } from '../../core/queue/match-hash';
import { maskIdNumber } from '../../../common/identity';
import type { AppointmentQuery, NewAppointment } from './types';

type Prepared = (sql: string) => Database.Statement;

/** Inserts a batch of bookings (known ids are left as they are); throws, undoing the batch, on a reused code or a full slot. */
export function insertAppointments(st: Prepared, ids: IdentityHasher, rows: NewAppointment[], capacityPerSlot: number): { inserted: number; unchanged: number } {
  let inserted = 0;
  let unchanged = 0;
  const count = st(`SELECT COUNT(*) AS n FROM appointments WHERE day = ? AND slot_start = ? AND status != 'cancelled'`);
  const exists = st('SELECT id FROM appointments WHERE id = ? OR code = ?');
  const ins = st(
    `INSERT INTO appointments (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_id, checked_in_at, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', NULL, NULL, NULL)`,
  );
  for (const a of rows) {
    const ex = exists.get(a.id, a.code) as Row | undefined;
    if (ex) {
      if (ex.id !== a.id) throw new DeskError('INVALID_INPUT', `预约码 ${a.code} 已被另一条预约使用，本批预约未导入。`);
      unchanged++;
      continue;
    }
    if ((count.get(a.day, a.slotStart) as Row).n >= capacityPerSlot) {
      throw new DeskError('SLOT_FULL', `时段已约满（每时段 ${capacityPerSlot} 人），预约 ${a.code} 无法导入；本批预约未导入。`, { appointmentId: a.id });
    }
    ins.run(a.id, a.day, a.code, ids.hash(a.day, a.idNumber), maskIdNumber(a.idNumber), a.name, a.phone, a.slotStart, a.slotEnd, a.itemCode, a.itemName);
    inserted++;
  }
  return { inserted, unchanged };
}

export function findAppointments(st: Prepared, ids: IdentityHasher, q: AppointmentQuery): Appointment[] {
  let sql = 'SELECT * FROM appointments WHERE day = ?';
  const vals: unknown[] = [q.day];
  if (q.code) {
    sql += ' AND code = ?';
    vals.push(q.code);
  }
  if (q.idNumber) {
    sql += ' AND id_hash = ?';
    vals.push(ids.hash(q.day, q.idNumber));
  }
  if (q.name) {
    sql += ' AND name = ?';
    vals.push(q.name);
  }
  if (q.phone) {
    sql += ' AND phone = ?';
    vals.push(q.phone);
  }
  return (st(sql + ' ORDER BY slot_start').all(...vals) as Row[]).map(toAppointment);
}

/** Applies `patch` only while the booking is in one of `expect`; null when it no longer is. */
/** Names and phones of days before `day` emptied (the hash and the mask stay, for the day's statistics and disputes). */
export function purgeContactsBefore(st: Prepared, day: string, at: number): number {
  return st('UPDATE appointments SET name = NULL, phone = NULL, contacts_purged_at = ? WHERE day < ? AND (name IS NOT NULL OR phone IS NOT NULL)').run(at, day).changes;
}

export function updateAppointment(db: Database.Database, id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>): Appointment | null {
  const map: Record<string, string> = { status: 'status', ticketId: 'ticket_id', checkedInAt: 'checked_in_at', note: 'note' };
  const sets: string[] = [];
  const vals: unknown[] = [];
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) {
    sets.push(`${map[k]} = ?`);
    vals.push(v);
  }
  const r = db
    .prepare(`UPDATE appointments SET ${sets.join(', ')} WHERE id = ? AND status IN (${expect.map(() => '?').join(', ')}) RETURNING *`)
    .get(...vals, id, ...expect) as Row | undefined;
  return r ? toAppointment(r) : null;
}

/** The day's bookings changed after `afterSeq` (`change_seq`, issued by hub migration 0024's triggers), in change order. */
export function appointmentChanges(st: Prepared, day: string, afterSeq: number, limit: number): Array<{ appointment: Appointment; seq: number }> {
  return (st('SELECT * FROM appointments WHERE day = ? AND change_seq > ? ORDER BY change_seq LIMIT ?').all(day, afterSeq, limit) as Row[])
    .map((r) => ({ appointment: toAppointment(r), seq: r.change_seq as number }));
}
