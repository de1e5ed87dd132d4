import type Database from 'better-sqlite3';
import { basename, dirname } from 'node:path';
import { DeskError } from '../../../common/errors';
import { openDatabase } from '../../db/connection';
import { HallConfig, type Appointment, type OfflineOpResult, type Ticket, type TicketStatus } from '../protocol';
import { newFollowCode } from '../follow/code';
import { hubMigrations } from './migrations';
import { appointmentChanges, findAppointments, insertAppointments, purgeContactsBefore, updateAppointment } from './sqlite-appointments';
import { IdentityHasher } from '../../core/queue/match-hash';
import { hubIdentityKey } from './identity-key';
import { maskIdNumber } from '../../../common/identity';
import { counterPatch, TICKET_COLS, toAppointment, toCounter, toTicket, type Row } from './rows';
import { WaitingMirror } from './sqlite-waiting';
import { reconcileInTransaction } from './sqlite-reconcile';
import type { AppointmentQuery, NewAppointment, ClaimArgs, IssueKey, OfflineRecord, OfflineTx, ClaimOutcome, CounterRow, CounterStats, Expect, NewTicket, QueueStore, TicketPatch } from './types';

/** The SQL functions hub migration 0010 converts plain ID numbers with (the key stays in this process). */
export function identityFunctions(ids: IdentityHasher): (db: Database.Database) => void {
  return (db) => {
    db.function('hub_id_hash', { deterministic: true }, (day, id) => ids.hash(String(day), String(id)));
    db.function('hub_id_mask', { deterministic: true }, (id) => maskIdNumber(String(id)));
  };
}

/** The default hub store: one better-sqlite3 file in WAL mode. */
export class SqliteQueueStore implements QueueStore {
  readonly backend = 'sqlite' as const;
  readonly db: Database.Database;

  /**
   * `file`: the hub.sqlite path, or ':memory:'. Opened like the workstation's: WAL, quick_check,
   * refusals first; SQLCipher-encrypted under `key` (the hub key ring's database key).
   */
  private readonly ids: IdentityHasher;

  /**
   * `identityKey`: the root of the appointment ID matching hash (store/identity-key.ts; the hub
   * passes its key ring's); by default `identity.key` beside the file (a random one in memory).
   */
  constructor(file: string, key?: Buffer, identityKey?: Buffer) {
    const where = file === ':memory:' ? { dataDir: ':memory:' } : { dataDir: dirname(file), fileName: basename(file) };
    const ids = new IdentityHasher(identityKey ?? hubIdentityKey(where.dataDir));
    this.ids = ids;
    this.db = openDatabase({ ...where, migrations: hubMigrations, label: '大厅队列数据库', key, prepare: identityFunctions(ids) });
    this.mirror = new WaitingMirror(this.db, (sql) => this.st(sql));
  }

  /** The waiting set mirrored in memory (sqlite-waiting.ts); the database stays authoritative. */
  private readonly mirror: WaitingMirror;

  /**
   * An IMMEDIATE transaction (takes the write lock up front, so reads inside it are current).
   * `durable`: committed with synchronous=FULL — the WAL (and every frame before it) is on disk
   * before the answer, so a ticket number once printed survives a power cut and is never issued
   * again. The other writes (calls, finishes) keep NORMAL: an fsync per commit costs 0.5–12 ms here
   * (tests/bench/at-rest.bench.ts), and losing the last call to a power cut only means calling
   * that ticket again.
   */
  private runner: Database.Transaction<(fn: () => unknown) => unknown> | null = null;
  private tx<T>(fn: () => T, durable = false): T {
    // One wrapper for the store's lifetime: creating a wrapper per call re-prepares BEGIN/COMMIT.
    this.runner ??= this.db.transaction((f: () => unknown) => f());
    if (durable) this.db.pragma('synchronous = FULL');
    try {
      return this.runner.immediate(() => {
        this.mirror.catchUp();
        return fn();
      }) as T;
    } catch (e) {
      this.mirror.reload();
      throw e;
    } finally {
      if (durable) this.db.pragma('synchronous = NORMAL');
    }
  }

  private stmts = new Map<string, Database.Statement>();
  /** Statement cache: preparing was a third of the cost of a call. */
  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  async close() {
    this.db.close();
  }

  async loadHall() {
    while (this.held) await this.settled();
    const r = this.st('SELECT config FROM hall WHERE id = 1').get() as Row | undefined;
    return r ? HallConfig.parse(JSON.parse(r.config)) : null;
  }

  async saveHall(hall: HallConfig) {
    while (this.held) await this.settled();
    const ins = this.st(
      `INSERT INTO counters (number, name, streams, items, dedicated_stream, dedication_label) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (number) DO NOTHING`,
    );
    this.db.transaction(() => {
      this.st('INSERT INTO hall (id, config) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET config = excluded.config').run(JSON.stringify(hall));
      for (const c of hall.counters) ins.run(c.number, c.name, JSON.stringify(c.streams), c.items ? JSON.stringify(c.items) : null, c.dedicatedStream, c.dedicationLabel);
    })();
  }

  async listCounters() {
    while (this.held) await this.settled();
    return (this.st('SELECT * FROM counters ORDER BY number').all() as Row[]).map(toCounter);
  }

  async getCounter(n: number) {
    while (this.held) await this.settled();
    const r = this.st('SELECT * FROM counters WHERE number = ?').get(n) as Row | undefined;
    return r ? toCounter(r) : null;
  }

  async updateCounter(n: number, patch: Partial<Pick<CounterRow, 'paused' | 'pausedAt' | 'lastSeen' | 'streams' | 'items' | 'staff'>>) {
    while (this.held) await this.settled();
    const p = counterPatch(patch);
    if (!p) return this.getCounter(n);
    const r = this.st(`UPDATE counters SET ${p.sql} WHERE number = ? RETURNING *`).get(...p.vals, n) as Row | undefined;
    return r ? toCounter(r) : null;
  }

  private insertTicket(t: NewTicket & { number: string }): Ticket {
    const cols = ['day', 'number', 'stream', 'kind', 'series', 'source', 'status', 'item_code', 'note', 'counter', 'target_counter', 'due_at', 'issued_at', 'appointment_id', 'follow_code', 'estimate_ahead', 'estimate_minutes'];
    const r = this.db
      .prepare(`INSERT INTO tickets (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING *`)
      .get(t.day, t.number, t.stream, t.kind, t.series, t.source, t.status, t.itemCode, t.note, t.counter ?? null, t.targetCounter, t.dueAt, t.issuedAt, t.appointmentId, newFollowCode(), t.estimateAhead ?? null, t.estimateMinutes ?? null) as Row;
    this.event(r.id, t.counter ?? null, 'issued', t.issuedAt, { number: t.number, source: t.source });
    this.mirror.track(r);
    return toTicket(r);
  }

  private nextNumber(day: string, series: string): number {
    const r = this.db
      .prepare(`INSERT INTO ticket_numbers (day, series, last) VALUES (?, ?, 1)
                ON CONFLICT (day, series) DO UPDATE SET last = last + 1 RETURNING last`)
      .get(day, series) as Row;
    return r.last;
  }

  /** Only inside `tx` (after `catchUp`): every earlier event is applied, so our own needs no re-reading. */
  private event(ticketId: number, counter: number | null, type: string, at: number, detail?: unknown) {
    const r = this.st('INSERT INTO ticket_events (at, ticket_id, counter, type, detail) VALUES (?, ?, ?, ?, ?)').run(at, ticketId, counter, type, detail === undefined ? null : JSON.stringify(detail));
    this.mirror.applied(Number(r.lastInsertRowid));
  }

  async issueTicket(t: NewTicket, series: string, format: (seq: number) => string, idem?: IssueKey) {
    while (this.held) await this.settled();
    return this.tx(() => {
      if (idem) {
        const prior = this.st('SELECT request, answer FROM issue_keys WHERE key = ?').get(idem.key) as Row | undefined;
        if (prior) {
          if (prior.request !== idem.request) throw new DeskError('IDEMPOTENCY_KEY_REUSED', '该取号请求编号已用于另一次取号，请重新取号。');
          return { ticket: JSON.parse(prior.answer) as Ticket, replayed: true };
        }
      }
      const ticket = this.insertTicket({ ...t, number: format(this.nextNumber(t.day, series)) });
      if (idem) this.st('INSERT INTO issue_keys (key, request, ticket_id, answer, at) VALUES (?, ?, ?, ?, ?)').run(idem.key, idem.request, ticket.id, JSON.stringify(ticket), t.issuedAt);
      return { ticket, replayed: false };
    }, true);
  }

  async putTicketHolder(ticketId: number, day: string, h: { idNumber: string; name: string }) {
    while (this.held) await this.settled();
    this.st('INSERT OR REPLACE INTO ticket_holders (ticket_id, day, id_number, name) VALUES (?, ?, ?, ?)').run(ticketId, day, h.idNumber, h.name);
  }

  async getTicketHolder(ticketId: number) {
    while (this.held) await this.settled();
    const r = this.st('SELECT id_number AS idNumber, name FROM ticket_holders WHERE ticket_id = ?').get(ticketId) as { idNumber: string; name: string } | undefined;
    return r ?? null;
  }

  async purgeTicketHoldersBefore(day: string) {
    while (this.held) await this.settled();
    return this.st('DELETE FROM ticket_holders WHERE day < ?').run(day).changes;
  }

  async purgeIssueKeysBefore(at: number) {
    while (this.held) await this.settled();
    return this.st('DELETE FROM issue_keys WHERE at < ?').run(at).changes;
  }

  async insertNumberedTicket(t: NewTicket & { number: string }) {
    while (this.held) await this.settled();
    return this.tx(() => this.insertNumberedSync(t), true);
  }
  private insertNumberedSync(t: NewTicket & { number: string }): Ticket | null {
    if (this.st('SELECT 1 FROM tickets WHERE day = ? AND number = ?').get(t.day, t.number)) return null;
    return this.insertTicket(t);
  }

  async closeDaysBefore(day: string, at: number) {
    return this.tx(() => {
      const rows = this.st(
        `UPDATE tickets SET status = 'cancelled', note = COALESCE(note || '；', '') || '当日未办结，次日自动关闭'
         WHERE day < ? AND status IN ('waiting', 'called', 'serving', 'parked') RETURNING *`,
      ).all(day) as Row[];
      for (const r of rows) {
        this.event(r.id, r.counter ?? null, 'closed_at_day_end', at);
        this.mirror.track(r);
      }
      return rows.length;
    });
  }

  async waitingCounts(day: string) {
    while (this.held) await this.settled();
    this.mirror.catchUp();
    const out: Record<string, number> = {};
    for (const w of this.mirror.values()) if (w.day === day) out[w.stream] = (out[w.stream] ?? 0) + 1;
    return out;
  }

  async getTicket(id: number) {
    while (this.held) await this.settled();
    return this.getTicketSync(id);
  }
  private getTicketSync(id: number): Ticket | null {
    const r = this.st('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
    return r ? toTicket(r) : null;
  }

  async getTicketByFollowCode(code: string) {
    while (this.held) await this.settled();
    const r = this.st('SELECT * FROM tickets WHERE follow_code = ?').get(code) as Row | undefined;
    return r ? toTicket(r) : null;
  }

  async getTicketByNumber(day: string, number: string) {
    while (this.held) await this.settled();
    return this.getTicketByNumberSync(day, number);
  }
  private getTicketByNumberSync(day: string, number: string): Ticket | null {
    const r = this.st('SELECT * FROM tickets WHERE day = ? AND number = ?').get(day, number) as Row | undefined;
    return r ? toTicket(r) : null;
  }

  async listTickets(q: { day: string; statuses?: readonly TicketStatus[]; counter?: number; oldestFirst?: number }) {
    while (this.held) await this.settled();
    let sql = 'SELECT * FROM tickets WHERE day = ?';
    const vals: unknown[] = [q.day];
    if (q.statuses?.length) {
      sql += ` AND status IN (${q.statuses.map(() => '?').join(', ')})`;
      vals.push(...q.statuses);
    }
    if (q.counter !== undefined) {
      sql += ' AND counter = ?';
      vals.push(q.counter);
    }
    if (q.oldestFirst !== undefined) {
      sql += ' ORDER BY due_at, id LIMIT ?';
      vals.push(q.oldestFirst);
      return (this.st(sql).all(...vals) as Row[]).map(toTicket);
    }
    return (this.st(sql + ' ORDER BY id').all(...vals) as Row[]).map(toTicket);
  }

  async callRequest(requestId: string): Promise<{ counter: number; ticketId: number } | null> {
    while (this.held) await this.settled();
    const r = this.st('SELECT counter, ticket_id FROM call_requests WHERE request_id = ?').get(requestId) as Row | undefined;
    return r ? { counter: r.counter as number, ticketId: r.ticket_id as number } : null;
  }

  private replay(requestId: string, counter: number): Ticket | null {
    const r = this.st('SELECT counter, ticket_id FROM call_requests WHERE request_id = ?').get(requestId) as Row | undefined;
    if (!r) return null;
    if (r.counter !== counter) throw new DeskError('REQUEST_ID_REUSED', '该叫号请求编号已被其他窗口使用，请重新叫号。');
    return toTicket(this.st('SELECT * FROM tickets WHERE id = ?').get(r.ticket_id) as Row);
  }

  private checkCounterFree(counter: number) {
    const c = this.st('SELECT paused FROM counters WHERE number = ?').get(counter) as Row | undefined;
    if (!c) throw new DeskError('UNKNOWN_COUNTER', `没有${counter}号窗口，请检查窗口号。`);
    if (c.paused) throw new DeskError('COUNTER_PAUSED', `${counter}号窗口已暂停，请先恢复窗口再叫号。`);
    const busy = this.st(`SELECT number FROM tickets WHERE counter = ? AND status IN ('called', 'serving') LIMIT 1`).get(counter) as Row | undefined;
    if (busy) throw new DeskError('COUNTER_BUSY', `${counter}号窗口仍有未结束的号（${busy.number}），请先办结、过号或挂起。`);
  }

  /** The one write that claims: conditional on 'waiting', so a ticket can never be claimed twice. */
  private claimRow(id: number, counter: number, now: number): Ticket | null {
    const r = this.db
      .prepare(
        `UPDATE tickets SET status = 'called', counter = ?, called_at = ?, last_called_at = ?, call_count = call_count + 1, target_counter = NULL, moved_up_at = NULL
         WHERE id = ? AND status = 'waiting' RETURNING *`,
      )
      .get(counter, now, now, id) as Row | undefined;
    if (!r) return null;
    this.mirror.track(r);
    return toTicket(r);
  }

  async claim(a: ClaimArgs): Promise<ClaimOutcome> {
    while (this.held) await this.settled();
    return this.tx((): ClaimOutcome => {
        const replayed = this.replay(a.requestId, a.counter);
        if (replayed) return { ticket: replayed, replayed: true };
        this.checkCounterFree(a.counter);
        for (let attempt = 0; attempt < 5; attempt++) {
          const chosen = a.pick([...this.mirror.values()].filter((w) => w.day === a.day));
          if (!chosen) return { ticket: null, replayed: false };
          const won = this.claimRow(chosen.id, a.counter, a.now);
          if (won) {
            this.st('INSERT INTO call_requests (request_id, counter, ticket_id, at) VALUES (?, ?, ?, ?)').run(a.requestId, a.counter, won.id, a.now);
            this.event(won.id, a.counter, 'called', a.now, { requestId: a.requestId });
            return { ticket: won, replayed: false };
          }
        }
        return { ticket: null, replayed: false };
      });
  }

  async claimChosen(a: { counter: number; requestId: string; ticketId: number; now: number }) {
    while (this.held) await this.settled();
    return this.tx(() => {
        const replayed = this.replay(a.requestId, a.counter);
        if (replayed) return { ticket: replayed, replayed: true, lost: false };
        this.checkCounterFree(a.counter);
        const won = this.claimRow(a.ticketId, a.counter, a.now);
        if (!won) return { ticket: null, replayed: false, lost: true };
        this.st('INSERT INTO call_requests (request_id, counter, ticket_id, at) VALUES (?, ?, ?, ?)').run(a.requestId, a.counter, won.id, a.now);
        this.event(won.id, a.counter, 'called', a.now, { requestId: a.requestId, chosen: true });
        return { ticket: won, replayed: false, lost: false };
      });
  }

  async transition(id: number, expect: Expect, patch: TicketPatch, ev: { type: string; counter: number | null; at: number; detail?: unknown }) {
    while (this.held) await this.settled();
    return this.tx(() => this.transitionSync(id, expect, patch, ev));
  }
  private transitionSync(id: number, expect: Expect, patch: TicketPatch, ev: { type: string; counter: number | null; at: number; detail?: unknown }): Ticket | null {
    const sets: string[] = [];
    const vals: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const col = TICKET_COLS[k as keyof typeof TICKET_COLS];
      if (!col || v === undefined) continue;
      sets.push(`${col} = ?`);
      vals.push(v);
    }
    let where = `id = ? AND status IN (${expect.statuses.map(() => '?').join(', ')})`;
    vals.push(id, ...expect.statuses);
    if (expect.counter !== undefined) {
      where += ' AND counter = ?';
      vals.push(expect.counter);
    }
    const r = this.st(`UPDATE tickets SET ${sets.join(', ')} WHERE ${where} RETURNING *`).get(...vals) as Row | undefined;
    if (!r) return null;
    this.event(id, ev.counter, ev.type, ev.at, ev.detail);
    this.mirror.track(r);
    return toTicket(r);
  }

  async putAppointments(rows: NewAppointment[], capacityPerSlot: number) {
    while (this.held) await this.settled();
    return this.tx(() => insertAppointments((sql) => this.st(sql), this.ids, rows, capacityPerSlot));
  }

  async purgeAppointmentContactsBefore(day: string, at: number) {
    while (this.held) await this.settled();
    return purgeContactsBefore((sql) => this.st(sql), day, at);
  }

  matchKey(day: string): Buffer {
    return this.ids.dayKey(day);
  }

  async listAppointments(day: string) {
    while (this.held) await this.settled();
    return (this.st('SELECT * FROM appointments WHERE day = ? ORDER BY slot_start, id').all(day) as Row[]).map(toAppointment);
  }

  async epoch() {
    return (this.st(`SELECT value FROM queue_meta WHERE key = 'epoch'`).get() as Row).value as string;
  }

  async appointmentChanges(day: string, afterSeq: number, limit: number) {
    while (this.held) await this.settled();
    return appointmentChanges((sql) => this.st(sql), day, afterSeq, limit);
  }

  async findAppointments(q: AppointmentQuery) {
    while (this.held) await this.settled();
    return this.findAppointmentsSync(q);
  }
  private findAppointmentsSync(q: AppointmentQuery): Appointment[] {
    return findAppointments((sql) => this.st(sql), this.ids, q);
  }

  async checkIn(id: string, status: 'checked_in' | 'late_walkin', at: number, note: string | null, t: NewTicket, series: string, format: (seq: number) => string) {
    while (this.held) await this.settled();
    return this.tx(() => {
        const cur = this.st(`SELECT status FROM appointments WHERE id = ?`).get(id) as Row | undefined;
        // A booking already swept as 爽约 may still arrive (late): it checks in like any late arrival.
        if (!cur || (cur.status !== 'booked' && cur.status !== 'no_show')) return null;
        const ticket = this.insertTicket({ ...t, number: format(this.nextNumber(t.day, series)) });
        const r = this.db
          .prepare(`UPDATE appointments SET status = ?, ticket_id = ?, checked_in_at = ?, note = ? WHERE id = ? AND status IN ('booked', 'no_show') RETURNING *`)
          .get(status, ticket.id, at, note, id) as Row;
        return { appointment: toAppointment(r), ticket };
      }, true);
  }

  async updateAppointment(id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>) {
    while (this.held) await this.settled();
    return this.updateAppointmentSync(id, expect, patch);
  }
  private updateAppointmentSync(id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>): Appointment | null {
    return updateAppointment(this.db, id, expect, patch);
  }

  private offlineTx: OfflineTx = {
    getTicket: async (id) => this.getTicketSync(id),
    getTicketByNumber: async (day, number) => this.getTicketByNumberSync(day, number),
    insertNumberedTicket: async (t) => this.insertNumberedSync(t),
    transition: async (id, expect, patch, ev) => this.transitionSync(id, expect, patch, ev),
    findAppointments: async (q) => this.findAppointmentsSync(q),
    updateAppointment: async (id, expect, patch) => this.updateAppointmentSync(id, expect, patch),
  };

  /**
   * Set while an offline operation's transaction is open. Its `apply` is async (the OfflineTx seam
   * is shared with PostgreSQL), so between its steps other callers of this connection could run
   * statements inside it; every public method waits for it first (`while (this.held) …`, checked
   * again right before its own synchronous body, so nothing slips in between).
   */
  private held: Promise<void> | null = null;
  private settled(): Promise<void> {
    return this.held ?? Promise.resolve();
  }

  async reconcileOp(rec: OfflineRecord, apply: (tx: OfflineTx) => Promise<OfflineOpResult>, reject: (e: DeskError) => OfflineOpResult) {
    while (this.held) await this.settled();
    let release!: () => void;
    this.held = new Promise<void>((r) => (release = r));
    try {
      return await this.reconcileHeld(rec, apply, reject);
    } finally {
      this.held = null;
      release();
    }
  }

  private reconcileHeld(rec: OfflineRecord, apply: (tx: OfflineTx) => Promise<OfflineOpResult>, reject: (e: DeskError) => OfflineOpResult) {
    return reconcileInTransaction({ db: this.db, st: (sql) => this.st(sql), mirror: this.mirror, tx: this.offlineTx }, rec, apply, reject);
  }

  async counterStats(day: string): Promise<CounterStats[]> {
    while (this.held) await this.settled();
    // Service time is measured from start (or call, if the clerk never pressed start) to finish.
    return (
      this.db
        .prepare(
          `SELECT counter, COUNT(*) AS served, AVG(finished_at - COALESCE(started_at, called_at)) AS avg
           FROM tickets WHERE day = ? AND status = 'finished' AND counter IS NOT NULL GROUP BY counter`,
        )
        .all(day) as Row[]
    ).map((r) => ({ counter: r.counter, served: r.served, avgServiceMs: r.avg ?? null }));
  }
}

