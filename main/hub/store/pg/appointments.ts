/** The PostgreSQL store's appointment statements (import, look-up, conditional update), as sqlite-appointments.ts. */
import { DeskError } from '../../../../common/errors';
import type { Appointment } from '../../protocol';
import { toAppointment } from '../rows';
import type { AppointmentQuery, NewAppointment } from '../types';
import type { IdentityHasher } from '../../../core/queue/match-hash';
import { maskIdNumber } from '../../../../common/identity';
import type { Q } from './db';

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
