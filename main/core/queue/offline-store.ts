/**
 * The counter's offline side, in the workstation SQLite: the day's cached appointments, this
 * counter's own ticket series (`A-3-001`), and the outbox of operations for the hub's
 * /offline/reconcile. Every local change and its outbox row are written in one transaction, so a
 * crash never leaves a ticket the hub will not hear about (or an op for a ticket that is not there).
 */
import { hallDay } from '../../../common/hall-time';
import { randomUUID } from 'node:crypto';
import { DeskError } from '../../../common/errors';
import { orderFor } from '../../../common/queue/policy';
import type { PolicyTicket, StreamKind } from '../../../common/queue/types';
import type { Db } from '../../db/connection';
import type { Appointment, OfflineOp } from '../../hub/protocol';
import { matchHash } from './match-hash';
import { cursorOf, saveCursor } from '../sync/pull';

export interface OfflineTicket {
  number: string;
  day: string;
  counter: number;
  stream: string;
  kind: StreamKind;
  status: 'waiting' | 'called' | 'serving' | 'finished' | 'no_show';
  itemCode: string | null;
  appointmentId: string | null;
  dueAt: number;
  issuedAt: number;
  calledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  callCount: number;
}

export interface CachedAppointment {
  id: string;
  code: string;
  /** The holder's ID number masked (the hub keeps no plain number; match-hash.ts). */
  idNumberMasked: string;
  name: string | null;
  phone: string | null;
  slotStart: number;
  slotEnd: number;
  itemCode: string | null;
  itemName: string | null;
  status: string;
  ticketNumber: string | null;
}

export interface OutboxRow {
  seq: number;
  counter: number;
  opId: string;
  type: OfflineOp['type'];
  number: string;
  op: OfflineOp;
  state: 'pending' | 'done' | 'rejected';
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: number;
}

type Row = Record<string, unknown>;

function ticketOf(r: Row): OfflineTicket {
  return {
    number: r.number as string, day: r.day as string, counter: r.counter as number, stream: r.stream as string, kind: r.kind as StreamKind,
    status: r.status as OfflineTicket['status'], itemCode: (r.item_code as string) ?? null, appointmentId: (r.appointment_id as string) ?? null,
    dueAt: r.due_at as number, issuedAt: r.issued_at as number, calledAt: (r.called_at as number) ?? null, startedAt: (r.started_at as number) ?? null,
    finishedAt: (r.finished_at as number) ?? null, callCount: r.call_count as number,
  };
}

function appointmentOf(r: Row): CachedAppointment {
  return {
    id: r.id as string, code: r.code as string, idNumberMasked: r.id_masked as string, name: (r.name as string) ?? null, phone: (r.phone as string) ?? null,
    slotStart: r.slot_start as number, slotEnd: r.slot_end as number, itemCode: (r.item_code as string) ?? null, itemName: (r.item_name as string) ?? null,
    status: r.status as string, ticketNumber: (r.ticket_number as string) ?? null,
  };
}

const STEP: Record<'call' | 'start' | 'finish' | 'noShow', { from: OfflineTicket['status'][]; to: OfflineTicket['status'] }> = {
  call: { from: ['waiting'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['called', 'serving'], to: 'finished' },
  noShow: { from: ['called'], to: 'no_show' },
};
const STATUS_ZH: Record<OfflineTicket['status'], string> = { waiting: '等候中', called: '已叫号', serving: '办理中', finished: '已办结', no_show: '已过号' };

export class OfflineStore {
  constructor(private readonly db: Db) {}

  // ---- meta (the hall's streams and counters as last seen, for offline use) ----
  getMeta<T>(key: string): T | null {
    const r = this.db.prepare('SELECT value FROM queue_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as T) : null;
  }
  setMeta(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO queue_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  // ---- pull cursors (sync_cursors: written in the same transaction as what they brought) ----
  cursor(name: string): string | null {
    return cursorOf(this.db, name);
  }

  // ---- appointments cache ----
  /**
   * One page of the hub's booking changes and the cursor it ends at, with the day's matching key,
   * in ONE transaction: a crash never keeps rows without their cursor or a cursor past rows not
   * written. `reset` (another day, another hub database): the cache starts over — every booking
   * goes but this day's ones checked in here offline (their tickets still name them).
   */
  applyAppointmentPage(page: { day: string; appointments: Appointment[]; cursor: string; reset: boolean; matchKey: string }, cursorName: string, at: number): void {
    const put = this.putAppointment();
    this.db.transaction(() => {
      if (page.reset) this.db.prepare('DELETE FROM queue_appointments WHERE day <> ? OR ticket_number IS NULL').run(page.day);
      for (const a of page.appointments) put.run({ ...a, day: page.day, at });
      this.setMatchKey(page.day, Buffer.from(page.matchKey, 'base64'));
      saveCursor(this.db, cursorName, page.cursor, at);
    })();
  }
  /** The hall's configuration as pulled, and its cursor, in one transaction. */
  applyHall(hall: unknown, cursorName: string, cursor: string, at: number): void {
    this.db.transaction(() => {
      this.setMeta('hall', hall);
      saveCursor(this.db, cursorName, cursor, at);
    })();
  }

  /** Keeps a local check-in's status (a row with a local ticket number) over the hub's. */
  private putAppointment() {
    return this.db.prepare(`INSERT INTO queue_appointments (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_number, cached_at)
      VALUES (@id, @day, @code, @idHash, @idNumberMasked, @name, @phone, @slotStart, @slotEnd, @itemCode, @itemName, @status, NULL, @at)
      ON CONFLICT(id) DO UPDATE SET status = CASE WHEN queue_appointments.ticket_number IS NOT NULL THEN queue_appointments.status ELSE excluded.status END,
        id_hash = CASE WHEN excluded.id_hash = '' THEN queue_appointments.id_hash ELSE excluded.id_hash END, id_masked = excluded.id_masked,
        name = COALESCE(excluded.name, queue_appointments.name), phone = COALESCE(excluded.phone, queue_appointments.phone),
        slot_start = excluded.slot_start, slot_end = excluded.slot_end, item_code = excluded.item_code, item_name = excluded.item_name, cached_at = excluded.cached_at`);
  }
  /** Bookings the hub answered outside a pull (an online check-in): kept until the next page brings them too. */
  cacheAppointments(day: string, list: Appointment[], at: number): void {
    const put = this.putAppointment();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM queue_appointments WHERE day < ?').run(day);
      for (const a of list) put.run({ ...a, day, at });
    })();
  }
  appointment(id: string): CachedAppointment | null {
    const r = this.db.prepare('SELECT * FROM queue_appointments WHERE id = ?').get(id) as Row | undefined;
    return r ? appointmentOf(r) : null;
  }
  /** Today's ID matching key as the hub handed it (GET /appointments/match-key). */
  setMatchKey(day: string, key: Buffer): void {
    this.setMeta('matchKey', { day, key: key.toString('base64') });
  }
  private matchKey(day: string): Buffer | null {
    const m = this.getMeta<{ day: string; key: string }>('matchKey');
    return m && m.day === day ? Buffer.from(m.key, 'base64') : null;
  }

  /** By ID number through the day's matching hash: without today's key from the hub, nothing matches by ID number. */
  findAppointments(day: string, by: { idNumber?: string; code?: string; name?: string; phone?: string }): CachedAppointment[] {
    let rows: Row[];
    if (by.idNumber) {
      const key = this.matchKey(day);
      rows = key ? (this.db.prepare('SELECT * FROM queue_appointments WHERE day = ? AND id_hash = ?').all(day, matchHash(key, by.idNumber)) as Row[]) : [];
    }
    else if (by.code) rows = this.db.prepare('SELECT * FROM queue_appointments WHERE day = ? AND code = ?').all(day, by.code) as Row[];
    else rows = this.db.prepare('SELECT * FROM queue_appointments WHERE day = ? AND name = ? AND phone = ?').all(day, by.name ?? '', by.phone ?? '') as Row[];
    return rows.map(appointmentOf);
  }
  /** The holder of the cached booking with this ID number under the cached matching key's day: for the demo reader. */
  bookedPerson(idNumber: string): { name: string } | null {
    const m = this.getMeta<{ day: string; key: string }>('matchKey');
    if (!m) return null;
    const r = this.db.prepare('SELECT name FROM queue_appointments WHERE day = ? AND id_hash = ? AND name IS NOT NULL ORDER BY slot_start DESC LIMIT 1')
      .get(m.day, matchHash(Buffer.from(m.key, 'base64'), idNumber)) as { name: string } | undefined;
    return r ?? null;
  }
  appointmentCount(day: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM queue_appointments WHERE day = ?').get(day) as { n: number }).n;
  }

  // ---- tickets ----
  ticket(number: string): OfflineTicket | null {
    const r = this.db.prepare('SELECT * FROM queue_offline_tickets WHERE number = ?').get(number) as Row | undefined;
    return r ? ticketOf(r) : null;
  }
  /** Tickets of this counter's series not yet handed to the hub. */
  localTickets(counter: number, statuses: OfflineTicket['status'][]): OfflineTicket[] {
    const rows = this.db.prepare(`SELECT * FROM queue_offline_tickets WHERE counter = ? AND uploaded = 0 AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY issued_at, number`).all(counter, ...statuses) as Row[];
    return rows.map(ticketOf);
  }

  private nextNumber(day: string, counter: number, prefix: string): string {
    const r = this.db.prepare(`INSERT INTO queue_series (day, counter, prefix, last) VALUES (?, ?, ?, 1)
      ON CONFLICT(day, counter, prefix) DO UPDATE SET last = last + 1 RETURNING last`).get(day, counter, prefix) as { last: number };
    return `${prefix}-${counter}-${String(r.last).padStart(3, '0')}`;
  }

  private enqueue(counter: number, op: OfflineOp, at: number): void {
    this.db.prepare('INSERT INTO queue_outbox (op_id, counter, type, number, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(op.opId, counter, op.type, op.number, JSON.stringify(op), at);
  }

  /** A walk-in (or assistance) ticket in this counter's offline series, and its `issue` op, in one transaction. */
  issue(a: { counter: number; stream: string; prefix: string; kind: StreamKind; itemCode: string | null; now: number }): OfflineTicket {
    return this.db.transaction(() => {
      const day = hallDay(a.now);
      const number = this.nextNumber(day, a.counter, a.prefix);
      this.db.prepare(`INSERT INTO queue_offline_tickets (number, day, counter, stream, kind, status, item_code, due_at, issued_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?)`)
        .run(number, day, a.counter, a.stream, a.kind, a.itemCode, a.now, a.now);
      this.enqueue(a.counter, { opId: randomUUID(), type: 'issue', at: a.now, number, stream: a.stream, itemCode: a.itemCode }, a.now);
      return this.ticket(number)!;
    })();
  }

  /** Check-in from the cached list: an appointment ticket in the offline series, due at max(now, slot start). */
  checkIn(a: { counter: number; appointment: CachedAppointment; stream: string; prefix: string; now: number }): OfflineTicket {
    return this.db.transaction(() => {
      const fresh = this.appointment(a.appointment.id);
      if (fresh?.ticketNumber) throw new DeskError('ALREADY_CHECKED_IN', `该预约已在本窗口离线签到（${fresh.ticketNumber}），请留意叫号，无需重复签到。`);
      const day = hallDay(a.now);
      const number = this.nextNumber(day, a.counter, a.prefix);
      this.db.prepare(`INSERT INTO queue_offline_tickets (number, day, counter, stream, kind, status, item_code, appointment_id, due_at, issued_at) VALUES (?, ?, ?, ?, 'appointment', 'waiting', ?, ?, ?, ?)`)
        .run(number, day, a.counter, a.stream, a.appointment.itemCode, a.appointment.id, Math.max(a.now, a.appointment.slotStart), a.now);
      this.db.prepare(`UPDATE queue_appointments SET status = 'checked_in', ticket_number = ? WHERE id = ?`).run(number, a.appointment.id);
      this.enqueue(a.counter, { opId: randomUUID(), type: 'checkIn', at: a.now, number, appointmentCode: a.appointment.code }, a.now);
      return this.ticket(number)!;
    })();
  }

  /** Calls the next of this counter's own offline tickets by the hall's policy (the same pure function the hub runs). */
  callNext(counter: { number: number; streams: string[] }, now: number): OfflineTicket | null {
    return this.db.transaction(() => {
      if (this.localTickets(counter.number, ['called', 'serving']).length) {
        const busy = this.localTickets(counter.number, ['called', 'serving'])[0];
        throw new DeskError('COUNTER_BUSY', `本窗口仍有未结束的号（${busy.number}），请先办结或过号。`);
      }
      const waiting = this.localTickets(counter.number, ['waiting']);
      const policyTickets: (PolicyTicket & { t: OfflineTicket })[] = waiting.map((t, i) => ({ id: t.number, stream: t.stream, kind: t.kind, itemCode: t.itemCode, dueAt: t.dueAt, issuedSeq: i, t }));
      // Offline the counter serves only its own series, whatever its skills (R1).
      const next = orderFor(policyTickets, { number: counter.number, streams: [...new Set(waiting.map((t) => t.stream))] }, now, undefined, undefined, 1)[0];
      if (!next) return null;
      return this.step(counter.number, next.t.number, 'call', now);
    })();
  }

  /** One forward transition of an own offline ticket and its op, in one transaction. */
  step(counter: number, number: string, type: 'call' | 'start' | 'finish' | 'noShow', now: number): OfflineTicket {
    return this.db.transaction(() => {
      const t = this.ticket(number);
      if (!t || t.counter !== counter) throw new DeskError('UNKNOWN_TICKET', `本窗口没有离线号 ${number}。`);
      const s = STEP[type];
      if (!s.from.includes(t.status)) throw new DeskError(t.status === 'waiting' ? 'TICKET_NOT_CALLED' : 'TICKET_FINISHED', `${number} 当前${STATUS_ZH[t.status]}，不能${{ call: '叫号', start: '开始办理', finish: '办结', noShow: '过号' }[type]}。`);
      const col = { call: 'called_at', start: 'started_at', finish: 'finished_at', noShow: 'finished_at' }[type];
      this.db.prepare(`UPDATE queue_offline_tickets SET status = ?, ${col} = ?, call_count = call_count + ? WHERE number = ?`).run(s.to, now, type === 'call' ? 1 : 0, number);
      this.enqueue(counter, { opId: randomUUID(), type, at: now, number }, now);
      return this.ticket(number)!;
    })();
  }

  recall(counter: number, number: string, now: number): OfflineTicket {
    const t = this.ticket(number);
    if (!t || t.counter !== counter || t.status !== 'called') throw new DeskError('TICKET_NOT_CALLED', `${number} 不在本窗口叫号中，不能重呼。`);
    this.db.prepare('UPDATE queue_offline_tickets SET call_count = call_count + 1, called_at = ? WHERE number = ?').run(now, number);
    return this.ticket(number)!;
  }

  // ---- outbox ----
  pending(limit = 2000): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM queue_outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`).all(limit) as Row[]).map((r) => ({
      seq: r.seq as number, counter: r.counter as number, opId: r.op_id as string, type: r.type as OfflineOp['type'], number: r.number as string, op: JSON.parse(r.payload as string) as OfflineOp,
      state: r.state as OutboxRow['state'], errorCode: (r.error_code as string) ?? null, errorMessage: (r.error_message as string) ?? null, createdAt: r.created_at as number,
    }));
  }
  backlog(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM queue_outbox WHERE state = 'pending'`).get() as { n: number }).n;
  }
  /** The dead-letter list: operations set aside with the hub's reason (`at`: when they were set aside). */
  deadLetters(): { opId: string; type: string; number: string; code: string; message: string; at: number }[] {
    return (this.db.prepare(`SELECT op_id, type, number, error_code, error_message, created_at, dead_at FROM queue_outbox WHERE state = 'rejected' ORDER BY seq`).all() as Row[]).map((r) => ({
      opId: r.op_id as string, type: r.type as string, number: r.number as string, code: r.error_code as string, message: r.error_message as string, at: (r.dead_at as number) ?? (r.created_at as number),
    }));
  }
  deadLetterCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM queue_outbox WHERE state = 'rejected'`).get() as { n: number }).n;
  }

  /**
   * A send of `opId` failed at the hub without an answer for it (a fault, not a refusal). After
   * `limit` such failures it is set aside in the dead-letter list with `reason`, so it no longer
   * holds up the operations after it. Returns whether it was set aside.
   */
  noteFailure(opId: string, reason: { code: string; message: string }, now: number, limit = 3): boolean {
    return this.db.transaction(() => {
      const r = this.db.prepare(`UPDATE queue_outbox SET attempts = attempts + 1 WHERE op_id = ? AND state = 'pending' RETURNING attempts`).get(opId) as { attempts: number } | undefined;
      if (!r || r.attempts < limit) return false;
      this.settle([{ opId, outcome: 'rejected', error: { code: reason.code, message: `${reason.message}（已尝试 ${r.attempts} 次，已转入待处理列表）` }, warning: null }], now);
      return true;
    })();
  }

  /**
   * Records the hub's answers: a rejected operation goes to the dead-letter list with its reason;
   * uploaded tickets leave the local call list (they are hub tickets now).
   */
  settle(results: { opId: string; outcome: string; error: { code: string; message: string } | null; warning: { code: string; message: string } | null }[], now: number): void {
    const upd = this.db.prepare(`UPDATE queue_outbox SET state = ?, outcome = ?, error_code = ?, error_message = ?, warning = ?, done_at = ?, dead_at = ? WHERE op_id = ? AND state = 'pending'`);
    this.db.transaction(() => {
      for (const r of results) {
        const dead = r.outcome === 'rejected';
        upd.run(dead ? 'rejected' : 'done', r.outcome, r.error?.code ?? null, r.error?.message ?? null, r.warning ? JSON.stringify(r.warning) : null, now, dead ? now : null, r.opId);
      }
      // A ticket counts as handed over once none of its ops is pending any more.
      this.db.prepare(`UPDATE queue_offline_tickets SET uploaded = 1 WHERE uploaded = 0 AND NOT EXISTS (SELECT 1 FROM queue_outbox o WHERE o.number = queue_offline_tickets.number AND o.state = 'pending')`).run();
    })();
  }

  // ---- calls the hub may have claimed without answering ----
  notePendingCall(requestId: string, counter: number, now: number): void {
    this.db.prepare('INSERT OR IGNORE INTO queue_pending_calls (request_id, counter, created_at) VALUES (?, ?, ?)').run(requestId, counter, now);
  }
  clearPendingCall(requestId: string): void {
    this.db.prepare('DELETE FROM queue_pending_calls WHERE request_id = ?').run(requestId);
  }
  pendingCalls(): { requestId: string; counter: number }[] {
    return (this.db.prepare('SELECT request_id, counter FROM queue_pending_calls ORDER BY created_at').all() as Row[]).map((r) => ({ requestId: r.request_id as string, counter: r.counter as number }));
  }
}
