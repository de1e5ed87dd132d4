/**
 * The hub's queue on PostgreSQL, for a district or city: several hub processes behind a load
 * balancer share one database. Every method is one transaction (db.ts `tx`).
 *
 * Claims serialise on a per-hall advisory lock (ARCHITECTURE.md "Hub on PostgreSQL"): the policy
 * chooses among ALL waiting tickets in its order (appointments due, moved-up, first come), so two
 * processes must not each choose while the other is choosing; the lock makes call-next behave as
 * SQLite's IMMEDIATE transaction does, and the conditional UPDATE … AND status='waiting' stays as
 * the last guard. Ticket numbers come from an upsert on (day, series), which row-locks the counter.
 */
import { DeskError, isDeskError } from '../../../../common/errors';
import { HallConfig, type Appointment, type OfflineOpResult, type Ticket, type TicketStatus } from '../../protocol';
import { newFollowCode } from '../../follow/code';
import { counterPatch, TICKET_COLS, toAppointment, toCounter, toTicket, toWaiting } from '../rows';
import type { AppointmentQuery, NewAppointment, ClaimArgs, ClaimOutcome, CounterRow, CounterStats, Expect, IssueKey, NewTicket, OfflineRecord, OfflineTx, QueueStore, TicketPatch } from '../types';
import { LOCK, PgDb, type PgOptions, type Q } from './db';
import { migratePg } from './migrations';
import { randomBytes } from 'node:crypto';
import { IdentityHasher } from '../../../core/queue/match-hash';
import { pgAppointmentChanges, pgFindAppointments, pgInsertAppointments, pgQueueEpoch, pgUpdateAppointment } from './appointments';
import { ESTIMATE_COLUMNS, estimateValues } from './estimates';

type Event = { type: string; counter: number | null; at: number; detail?: unknown };

export class PgQueueStore implements QueueStore {
  readonly backend = 'postgres' as const;

  /** On a schema already migrated (`open` migrates it; the report command checks it with `assertPgCurrent`). */
  constructor(readonly db: PgDb, private readonly ids: IdentityHasher) {}

  /** Connects, creates or migrates the schema, and answers once the hub can use it. */
  static async open(opts: PgOptions): Promise<PgQueueStore> {
    const db = new PgDb(opts);
    // Without the hub's identity key (a store opened on its own, in tests) a random one: hashes then match in this process only.
    const ids = new IdentityHasher(opts.identityKey ?? randomBytes(32));
    try {
      await db.connect();
      await migratePg(db, { ids });
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
    return new PgQueueStore(db, ids);
  }

  async close() {
    await this.db.close();
  }

  async loadHall() {
    const r = await this.db.q.one('SELECT config FROM hall WHERE id = 1');
    return r ? HallConfig.parse(JSON.parse(r.config)) : null;
  }

  async saveHall(hall: HallConfig) {
    await this.db.tx(async (q) => {
      await q.run('INSERT INTO hall (id, config) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET config = excluded.config', [JSON.stringify(hall)]);
      for (const c of hall.counters) {
        await q.run(
          `INSERT INTO counters (number, name, streams, items, dedicated_stream, dedication_label) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING`,
          [c.number, c.name, JSON.stringify(c.streams), c.items ? JSON.stringify(c.items) : null, c.dedicatedStream, c.dedicationLabel],
        );
      }
    });
  }

  async listCounters() {
    return (await this.db.q.all('SELECT * FROM counters ORDER BY number')).map(toCounter);
  }

  async getCounter(n: number) {
    const r = await this.db.q.one('SELECT * FROM counters WHERE number = ?', [n]);
    return r ? toCounter(r) : null;
  }

  async updateCounter(n: number, patch: Partial<Pick<CounterRow, 'paused' | 'pausedAt' | 'lastSeen' | 'streams' | 'items' | 'staff'>>) {
    const p = counterPatch(patch);
    if (!p) return this.getCounter(n);
    const r = await this.db.q.one(`UPDATE counters SET ${p.sql} WHERE number = ? RETURNING *`, [...p.vals, n]);
    return r ? toCounter(r) : null;
  }

  private async event(q: Q, ticketId: number, counter: number | null, type: string, at: number, detail?: unknown) {
    await q.run('INSERT INTO ticket_events (at, ticket_id, counter, type, detail) VALUES (?, ?, ?, ?, ?)', [at, ticketId, counter, type, detail === undefined ? null : JSON.stringify(detail)]);
  }

  /** Inserts a numbered ticket; null when (day, number) is taken (another process or an earlier upload has it). */
  private async insertTicket(q: Q, t: NewTicket & { number: string }): Promise<Ticket | null> {
    const r = await q.one(
      `INSERT INTO tickets (day, number, stream, kind, series, source, status, item_code, note, counter, target_counter, due_at, issued_at, appointment_id, follow_code, ${ESTIMATE_COLUMNS.join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, number) DO NOTHING RETURNING *`,
      [t.day, t.number, t.stream, t.kind, t.series, t.source, t.status, t.itemCode, t.note, t.counter ?? null, t.targetCounter, t.dueAt, t.issuedAt, t.appointmentId, newFollowCode(), ...estimateValues(t)],
    );
    if (!r) return null;
    await this.event(q, r.id, t.counter ?? null, 'issued', t.issuedAt, { number: t.number, source: t.source });
    return toTicket(r);
  }

  /** The next number of (day, series): the upsert row-locks the counter until COMMIT, so no two processes get the same. */
  private async nextNumber(q: Q, day: string, series: string): Promise<number> {
    const r = await q.one(
      `INSERT INTO ticket_numbers (day, series, last) VALUES (?, ?, 1) ON CONFLICT (day, series) DO UPDATE SET last = ticket_numbers.last + 1 RETURNING last`,
      [day, series],
    );
    return r!.last as number;
  }

  private async issueNumbered(q: Q, t: NewTicket, series: string, format: (seq: number) => string): Promise<Ticket> {
    const ticket = await this.insertTicket(q, { ...t, number: format(await this.nextNumber(q, t.day, series)) });
    if (!ticket) throw new DeskError('INTERNAL', `号码 ${series} 已被占用，请重新取号。`);
    return ticket;
  }

  async issueTicket(t: NewTicket, series: string, format: (seq: number) => string, idem?: IssueKey) {
    return this.db.tx(async (q) => {
      if (idem) {
        // Two processes given the same key at once: the second waits here, then finds the first's answer.
        await PgDb.lockKey(q, `issue:${idem.key}`);
        const prior = await q.one('SELECT request, answer FROM issue_keys WHERE key = ?', [idem.key]);
        if (prior) {
          if (prior.request !== idem.request) throw new DeskError('IDEMPOTENCY_KEY_REUSED', '该取号请求编号已用于另一次取号，请重新取号。');
          return { ticket: JSON.parse(prior.answer) as Ticket, replayed: true };
        }
      }
      const ticket = await this.issueNumbered(q, t, series, format);
      if (idem) await q.run('INSERT INTO issue_keys (key, request, ticket_id, answer, at) VALUES (?, ?, ?, ?, ?)', [idem.key, idem.request, ticket.id, JSON.stringify(ticket), t.issuedAt]);
      return { ticket, replayed: false };
    });
  }

  async putTicketHolder(ticketId: number, day: string, h: { idNumber: string; name: string }) {
    await this.db.q.run(
      `INSERT INTO ticket_holders (ticket_id, day, id_number, name) VALUES (?, ?, ?, ?)
       ON CONFLICT (ticket_id) DO UPDATE SET day = excluded.day, id_number = excluded.id_number, name = excluded.name`,
      [ticketId, day, h.idNumber, h.name],
    );
  }

  async getTicketHolder(ticketId: number) {
    const r = await this.db.q.one('SELECT id_number AS "idNumber", name FROM ticket_holders WHERE ticket_id = ?', [ticketId]);
    return r ? { idNumber: r.idNumber as string, name: r.name as string } : null;
  }

  async purgeTicketHoldersBefore(day: string) {
    return this.db.q.run('DELETE FROM ticket_holders WHERE day < ?', [day]);
  }

  async purgeIssueKeysBefore(at: number) {
    return this.db.q.run('DELETE FROM issue_keys WHERE at < ?', [at]);
  }

  async insertNumberedTicket(t: NewTicket & { number: string }) {
    return this.db.tx((q) => this.insertTicket(q, t));
  }

  async closeDaysBefore(day: string, at: number) {
    return this.db.tx(async (q) => {
      const rows = await q.all(
        `UPDATE tickets SET status = 'cancelled', note = COALESCE(note || '；', '') || '当日未办结，次日自动关闭'
         WHERE day < ? AND status IN ('waiting', 'called', 'serving', 'parked') RETURNING id, counter`,
        [day],
      );
      for (const r of rows) await this.event(q, r.id, r.counter ?? null, 'closed_at_day_end', at);
      return rows.length;
    });
  }

  async waitingCounts(day: string) {
    const out: Record<string, number> = {};
    for (const r of await this.db.q.all(`SELECT stream, COUNT(*) AS n FROM tickets WHERE day = ? AND status = 'waiting' GROUP BY stream`, [day])) out[r.stream] = r.n;
    return out;
  }

  private async ticketOn(q: Q, id: number): Promise<Ticket | null> {
    const r = await q.one('SELECT * FROM tickets WHERE id = ?', [id]);
    return r ? toTicket(r) : null;
  }

  private async ticketByNumberOn(q: Q, day: string, number: string): Promise<Ticket | null> {
    const r = await q.one('SELECT * FROM tickets WHERE day = ? AND number = ?', [day, number]);
    return r ? toTicket(r) : null;
  }

  async getTicket(id: number) {
    return this.ticketOn(this.db.q, id);
  }

  async getTicketByNumber(day: string, number: string) {
    return this.ticketByNumberOn(this.db.q, day, number);
  }

  async getTicketByFollowCode(code: string) {
    const r = await this.db.q.one('SELECT * FROM tickets WHERE follow_code = ?', [code]);
    return r ? toTicket(r) : null;
  }

  async listTickets(qy: { day: string; statuses?: readonly TicketStatus[]; counter?: number; oldestFirst?: number }) {
    let sql = 'SELECT * FROM tickets WHERE day = ?';
    const vals: unknown[] = [qy.day];
    if (qy.statuses?.length) {
      sql += ` AND status IN (${qy.statuses.map(() => '?').join(', ')})`;
      vals.push(...qy.statuses);
    }
    if (qy.counter !== undefined) {
      sql += ' AND counter = ?';
      vals.push(qy.counter);
    }
    // The forecast's head of a long queue: only the first `oldestFirst` due are read, as on SQLite.
    const tail = qy.oldestFirst === undefined ? ' ORDER BY id' : ' ORDER BY due_at, id LIMIT ?';
    return (await this.db.q.all(sql + tail, qy.oldestFirst === undefined ? vals : [...vals, qy.oldestFirst])).map(toTicket);
  }

  async callRequest(requestId: string) {
    const r = await this.db.q.one('SELECT counter, ticket_id FROM call_requests WHERE request_id = ?', [requestId]);
    return r ? { counter: r.counter as number, ticketId: r.ticket_id as number } : null;
  }

  /**
   * What a claim checks first, in one round trip (it runs under the hall's lock, so fewer trips is
   * less time every other counter waits): a known request id is replayed (or refused when another
   * counter used it); otherwise the counter must exist, be unpaused and have no ticket open.
   */
  private async precheck(q: Q, requestId: string, counter: number): Promise<Ticket | null> {
    const r = (await q.one(
      `SELECT cr.counter AS r_counter, t.* , c.number AS c_number, c.paused AS c_paused,
              (SELECT b.number FROM tickets b WHERE b.counter = ? AND b.status IN ('called', 'serving') LIMIT 1) AS busy
       FROM (SELECT 1) one
       LEFT JOIN call_requests cr ON cr.request_id = ?
       LEFT JOIN tickets t ON t.id = cr.ticket_id
       LEFT JOIN counters c ON c.number = ?`,
      [counter, requestId, counter],
    ))!;
    if (r.r_counter !== null) {
      if (r.r_counter !== counter) throw new DeskError('REQUEST_ID_REUSED', '该叫号请求编号已被其他窗口使用，请重新叫号。');
      return toTicket(r);
    }
    if (r.c_number === null) throw new DeskError('UNKNOWN_COUNTER', `没有${counter}号窗口，请检查窗口号。`);
    if (r.c_paused) throw new DeskError('COUNTER_PAUSED', `${counter}号窗口已暂停，请先恢复窗口再叫号。`);
    if (r.busy !== null) throw new DeskError('COUNTER_BUSY', `${counter}号窗口仍有未结束的号（${r.busy}），请先办结、过号或挂起。`);
    return null;
  }

  private async claimRow(q: Q, id: number, counter: number, now: number): Promise<Ticket | null> {
    const r = await q.one(
      `UPDATE tickets SET status = 'called', counter = ?, called_at = ?, last_called_at = ?, call_count = call_count + 1, target_counter = NULL, moved_up_at = NULL
       WHERE id = ? AND status = 'waiting' RETURNING *`,
      [counter, now, now, id],
    );
    return r ? toTicket(r) : null;
  }

  private async recordCall(q: Q, requestId: string, counter: number, t: Ticket, now: number, detail: Record<string, unknown>) {
    await q.run(
      `WITH req AS (INSERT INTO call_requests (request_id, counter, ticket_id, at) VALUES (?, ?, ?, ?))
       INSERT INTO ticket_events (at, ticket_id, counter, type, detail) VALUES (?, ?, ?, 'called', ?)`,
      [requestId, counter, t.id, now, now, t.id, counter, JSON.stringify({ requestId, ...detail })],
    );
  }

  async claim(a: ClaimArgs): Promise<ClaimOutcome> {
    return this.db.tx(async (q): Promise<ClaimOutcome> => {
      const replayed = await this.precheck(q, a.requestId, a.counter);
      if (replayed) return { ticket: replayed, replayed: true };
      const waiting = (await q.all(`SELECT * FROM tickets WHERE day = ? AND status = 'waiting' ORDER BY id`, [a.day])).map(toWaiting);
      for (let attempt = 0; attempt < 5 && waiting.length; attempt++) {
        const chosen = a.pick(waiting);
        if (!chosen) break;
        const won = await this.claimRow(q, chosen.id, a.counter, a.now);
        if (won) {
          await this.recordCall(q, a.requestId, a.counter, won, a.now, {});
          return { ticket: won, replayed: false };
        }
        // Lost (a chosen call by a route that does not take the lock): choose again without it.
        waiting.splice(waiting.indexOf(chosen), 1);
      }
      return { ticket: null, replayed: false };
    }, [LOCK.claim]);
  }

  async claimChosen(a: { counter: number; requestId: string; ticketId: number; now: number }) {
    return this.db.tx(async (q) => {
      const replayed = await this.precheck(q, a.requestId, a.counter);
      if (replayed) return { ticket: replayed, replayed: true, lost: false };
      const won = await this.claimRow(q, a.ticketId, a.counter, a.now);
      if (!won) return { ticket: null, replayed: false, lost: true };
      await this.recordCall(q, a.requestId, a.counter, won, a.now, { chosen: true });
      return { ticket: won, replayed: false, lost: false };
    }, [LOCK.claim]);
  }

  async transition(id: number, expect: Expect, patch: TicketPatch, ev: Event) {
    return this.db.tx((q) => this.transitionOn(q, id, expect, patch, ev));
  }

  private async transitionOn(q: Q, id: number, expect: Expect, patch: TicketPatch, ev: Event): Promise<Ticket | null> {
    const sets: string[] = [];
    const vals: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const col = TICKET_COLS[k as keyof typeof TICKET_COLS];
      if (!col || v === undefined) continue;
      sets.push(`${col} = ?`);
      vals.push(v);
    }
    if (sets.length === 0) sets.push('id = id');
    let where = `id = ? AND status IN (${expect.statuses.map(() => '?').join(', ')})`;
    vals.push(id, ...expect.statuses);
    if (expect.counter !== undefined) {
      where += ' AND counter = ?';
      vals.push(expect.counter);
    }
    const r = await q.one(`UPDATE tickets SET ${sets.join(', ')} WHERE ${where} RETURNING *`, vals);
    if (!r) return null;
    await this.event(q, id, ev.counter, ev.type, ev.at, ev.detail);
    return toTicket(r);
  }

  async putAppointments(rows: NewAppointment[], capacityPerSlot: number) {
    // One import at a time: the per-slot capacity is counted, then filled.
    return this.db.tx((q) => pgInsertAppointments(q, this.ids, rows, capacityPerSlot), [LOCK.appointments]);
  }

  async purgeAppointmentContactsBefore(day: string, at: number) {
    return this.db.q.run('UPDATE appointments SET name = NULL, phone = NULL, contacts_purged_at = ? WHERE day < ? AND (name IS NOT NULL OR phone IS NOT NULL)', [at, day]);
  }

  matchKey(day: string): Buffer {
    return this.ids.dayKey(day);
  }

  async listAppointments(day: string) {
    return (await this.db.q.all('SELECT * FROM appointments WHERE day = ? ORDER BY slot_start, id', [day])).map(toAppointment);
  }

  epoch() {
    return pgQueueEpoch(this.db.q);
  }

  appointmentChanges(day: string, afterSeq: number, limit: number) {
    return pgAppointmentChanges(this.db.q, day, afterSeq, limit);
  }

  async findAppointments(qy: AppointmentQuery) {
    return pgFindAppointments(this.db.q, this.ids, qy);
  }

  async checkIn(id: string, status: 'checked_in' | 'late_walkin', at: number, note: string | null, t: NewTicket, series: string, format: (seq: number) => string) {
    return this.db.tx(async (q) => {
      // Row-locked: a kiosk check-in and a counter's on two processes cannot both pass.
      const cur = await q.one('SELECT status FROM appointments WHERE id = ? FOR UPDATE', [id]);
      if (!cur || (cur.status !== 'booked' && cur.status !== 'no_show')) return null;
      const ticket = await this.issueNumbered(q, t, series, format);
      const r = await q.one(
        `UPDATE appointments SET status = ?, ticket_id = ?, checked_in_at = ?, note = ? WHERE id = ? AND status IN ('booked', 'no_show') RETURNING *`,
        [status, ticket.id, at, note, id],
      );
      return { appointment: toAppointment(r!), ticket };
    });
  }

  async updateAppointment(id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>) {
    return pgUpdateAppointment(this.db.q, id, expect, patch);
  }

  private offlineTx(q: Q): OfflineTx {
    return {
      getTicket: (id) => this.ticketOn(q, id),
      getTicketByNumber: (day, number) => this.ticketByNumberOn(q, day, number),
      insertNumberedTicket: (t) => this.insertTicket(q, t),
      transition: (id, expect, patch, ev) => this.transitionOn(q, id, expect, patch, ev),
      findAppointments: (qy) => pgFindAppointments(q, this.ids, qy),
      updateAppointment: (id, expect, patch) => pgUpdateAppointment(q, id, expect, patch),
    };
  }

  async reconcileOp(rec: OfflineRecord, apply: (tx: OfflineTx) => Promise<OfflineOpResult>, reject: (e: DeskError) => OfflineOpResult) {
    return this.db.tx(async (q) => {
      // The same op sent to two processes at once: the second waits, then finds the first's answer.
      await PgDb.lockKey(q, `offline:${rec.opId}`);
      const prior = await q.one('SELECT workstation, result FROM offline_ops WHERE op_id = ?', [rec.opId]);
      if (prior) return { prior: { workstation: prior.workstation as string, result: JSON.parse(prior.result) as OfflineOpResult }, result: null };
      let result: OfflineOpResult;
      // A savepoint: a refused operation's writes are undone, its refusal is still recorded.
      await q.run('SAVEPOINT offline_apply');
      try {
        result = await apply(this.offlineTx(q));
        await q.run('RELEASE SAVEPOINT offline_apply');
      } catch (e) {
        if (!isDeskError(e)) throw e;
        await q.run('ROLLBACK TO SAVEPOINT offline_apply');
        result = reject(e);
      }
      await q.run('INSERT INTO offline_ops (op_id, workstation, counter, result, at) VALUES (?, ?, ?, ?, ?)', [rec.opId, rec.workstation, rec.counter, JSON.stringify(result), rec.at]);
      return { prior: null, result };
    });
  }

  async counterStats(day: string): Promise<CounterStats[]> {
    const rows = await this.db.q.all(
      `SELECT counter, COUNT(*) AS served, AVG(finished_at - COALESCE(started_at, called_at))::float8 AS avg
       FROM tickets WHERE day = ? AND status = 'finished' AND counter IS NOT NULL GROUP BY counter ORDER BY counter`,
      [day],
    );
    return rows.map((r) => ({ counter: r.counter, served: r.served, avgServiceMs: r.avg ?? null }));
  }
}
