/**
 * The hub's assistance desk: every counter's 求助 is recorded here once (under its idempotency
 * key), pushed to the hall's workstations at once (`assist.changed`), taken by one helper (the
 * first accept wins, atomically), and escalated to the supervisor when nobody accepts within the
 * configured minutes — on the hub's clock, so a test moves it with a fake one.
 */
import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import { atHallTime } from '../../../common/hall-time';
import {
  AssistSettings, type AssistRecord, type CloseRequest, type HelpRequest, type LedgerQuery, type WalkUpRequest,
} from '../../../common/assist/schema';
import type { EventBus } from '../bus';

interface Row {
  id: number; request_key: string; source: AssistRecord['source']; kind: AssistRecord['kind']; status: AssistRecord['status'];
  counter: number | null; counters: string; requested_by_no: string | null; requested_by_name: string | null; note: string;
  requested_at: number; accepted_at: number | null; arrived_at: number | null; closed_at: number | null; escalated_at: number | null;
  eta_minutes: number | null; helper_no: string | null; helper_name: string | null; helper_capacity: string | null;
  applicant: string; item_code: string | null; item_name: string | null; case_ids: string; ticket_no: string | null;
  problem: string; action: string; outcome: AssistRecord['outcome']; out_of_scope: number; report_id: number | null; rating: number | null;
}

export function recordOf(r: Row): AssistRecord {
  return {
    id: r.id, key: r.request_key, source: r.source, kind: r.kind, status: r.status, counter: r.counter,
    counters: JSON.parse(r.counters) as number[],
    requestedBy: r.requested_by_no ? { staffNo: r.requested_by_no, name: r.requested_by_name ?? '' } : null,
    note: r.note, requestedAt: r.requested_at, acceptedAt: r.accepted_at, arrivedAt: r.arrived_at, closedAt: r.closed_at,
    escalatedAt: r.escalated_at, etaMinutes: r.eta_minutes,
    helper: r.helper_no ? { staffNo: r.helper_no, name: r.helper_name ?? '', capacity: (r.helper_capacity ?? 'assistant') as 'assistant' } : null,
    applicant: r.applicant, itemCode: r.item_code, itemName: r.item_name, caseIds: JSON.parse(r.case_ids) as string[], ticketNo: r.ticket_no,
    problem: r.problem, action: r.action, outcome: r.outcome, outOfScope: r.out_of_scope === 1, reportId: r.report_id, rating: r.rating,
  };
}

const LIVE = `('open','accepted','arrived')`;

export class AssistDesk {
  settings: AssistSettings = AssistSettings.parse({});

  constructor(
    private readonly db: Database.Database,
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  private row(id: number): Row {
    const r = this.db.prepare(`SELECT * FROM assist_records WHERE id = ?`).get(id) as Row | undefined;
    if (!r) throw new DeskError('UNKNOWN_ASSIST', `没有编号为 ${id} 的帮办记录。`);
    return r;
  }

  get(id: number): AssistRecord {
    return recordOf(this.row(id));
  }

  private byKey(key: string): AssistRecord | null {
    const r = this.db.prepare(`SELECT * FROM assist_records WHERE request_key = ?`).get(key) as Row | undefined;
    return r ? recordOf(r) : null;
  }

  private changed(rec: AssistRecord): AssistRecord {
    this.bus.emit({ type: 'assist.changed', at: this.now(), record: rec });
    return rec;
  }

  /** 求助 from a counter; the same key again answers the first record (nothing is pushed twice). */
  request(req: HelpRequest): AssistRecord {
    const seen = this.byKey(req.key);
    if (seen) return seen;
    const at = Math.min(req.at ?? this.now(), this.now());
    const info = this.db.prepare(`INSERT INTO assist_records (request_key, source, kind, status, counter, counters, requested_by_no, requested_by_name, note, requested_at, ticket_no)
      VALUES (?, 'counter', ?, 'open', ?, ?, ?, ?, ?, ?, ?)`).run(req.key, req.kind, req.counter, JSON.stringify([req.counter]), req.by.staffNo, req.by.name, req.note, at, req.ticketNo ?? null);
    const rec = this.get(Number(info.lastInsertRowid));
    // A request replayed from an offline queue may already be past the escalation time.
    this.sweep();
    return this.changed(this.get(rec.id));
  }

  /** The first helper to accept takes it; anyone after is told who did. */
  accept(id: number, helper: AssistRecord['helper'] & object, etaMinutes: number): AssistRecord {
    const r = this.db.prepare(`UPDATE assist_records SET status = 'accepted', accepted_at = ?, helper_no = ?, helper_name = ?, helper_capacity = ?, eta_minutes = ?
      WHERE id = ? AND status = 'open' RETURNING *`).get(this.now(), helper.staffNo, helper.name, helper.capacity, etaMinutes, id) as Row | undefined;
    if (!r) {
      const cur = this.get(id);
      if (cur.helper?.staffNo === helper.staffNo && cur.status !== 'cancelled') return cur;
      if (cur.status === 'cancelled') throw new DeskError('ASSIST_CANCELLED', `${cur.counter ?? ''}号窗口已撤回该求助。`);
      throw new DeskError('ASSIST_TAKEN', `该求助已由${cur.helper?.name ?? '他人'}接单。`);
    }
    return this.changed(recordOf(r));
  }

  arrive(id: number, by: { staffNo: string }): AssistRecord {
    const cur = this.get(id);
    this.mustBeHelper(cur, by.staffNo);
    if (cur.status === 'arrived') return cur;
    if (cur.status !== 'accepted') throw new DeskError('ASSIST_STATE', '只有已接单的求助可以登记到窗。');
    const r = this.db.prepare(`UPDATE assist_records SET status = 'arrived', arrived_at = ? WHERE id = ? RETURNING *`).get(this.now(), id) as Row;
    return this.changed(recordOf(r));
  }

  /** The counter withdraws a request nobody has taken yet. */
  cancel(id: number, counter: number): AssistRecord {
    const cur = this.get(id);
    if (cur.counter !== counter) throw new DeskError('ASSIST_NOT_YOURS', '只能撤回本窗口发出的求助。');
    if (cur.status === 'cancelled') return cur;
    if (cur.status !== 'open') throw new DeskError('ASSIST_STATE', `该求助已由${cur.helper?.name ?? '他人'}接单，不能撤回。`);
    const r = this.db.prepare(`UPDATE assist_records SET status = 'cancelled', closed_at = ? WHERE id = ? RETURNING *`).get(this.now(), id) as Row;
    return this.changed(recordOf(r));
  }

  private mustBeHelper(cur: AssistRecord, staffNo: string): void {
    if (!cur.helper) throw new DeskError('ASSIST_STATE', '该求助尚未接单。');
    if (cur.helper.staffNo !== staffNo) throw new DeskError('ASSIST_NOT_YOURS', `该求助由${cur.helper.name}接单，只有接单人可以登记。`);
  }

  /** Closes an accepted assistance with its outcome (an unresolved one becomes a 办不成事 report, reports.ts). */
  close(id: number, req: CloseRequest): AssistRecord {
    const cur = this.get(id);
    this.mustBeHelper(cur, req.helper.staffNo);
    if (cur.status === 'closed') throw new DeskError('ASSIST_CLOSED', '该帮办已办结。');
    if (cur.status !== 'accepted' && cur.status !== 'arrived') throw new DeskError('ASSIST_STATE', '该求助尚未接单，不能办结。');
    const now = this.now();
    const counters = [...new Set([...cur.counters, ...req.counters])];
    const r = this.db.prepare(`UPDATE assist_records SET status = 'closed', closed_at = ?, arrived_at = COALESCE(arrived_at, ?), outcome = ?, counters = ?,
        applicant = ?, item_code = ?, item_name = ?, case_ids = ?, ticket_no = COALESCE(?, ticket_no), problem = ?, action = ?, out_of_scope = ?
      WHERE id = ? RETURNING *`).get(now, now, req.outcome, JSON.stringify(counters), req.applicant, req.itemCode ?? null, req.itemName ?? null,
      JSON.stringify(req.caseIds), req.ticketNo ?? null, req.problem, req.action, req.outOfScope ? 1 : 0, id) as Row;
    return this.changed(recordOf(r));
  }

  /** A walk-up without a ticket, or a leader's 全流程陪同: recorded by the helper themselves. */
  walkUp(req: WalkUpRequest): AssistRecord {
    const seen = this.byKey(req.key);
    if (seen) return seen;
    const now = this.now();
    const start = Math.min(req.startedAt ?? now, now);
    const done = req.outcome !== null;
    const info = this.db.prepare(`INSERT INTO assist_records (request_key, source, kind, status, counter, counters, note, requested_at, accepted_at, arrived_at, closed_at,
        eta_minutes, helper_no, helper_name, helper_capacity, applicant, item_code, item_name, case_ids, ticket_no, problem, action, outcome, out_of_scope)
      VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      // With a ticket, it is the assistance stream's (B) ticket served at the desk; without, a walk-up.
      req.key, req.ticketNo ? 'ticket' : 'desk', req.kind, done ? 'closed' : 'arrived', req.counters[0] ?? null, JSON.stringify(req.counters), start, start, start, done ? now : null,
      req.helper.staffNo, req.helper.name, req.helper.capacity, req.applicant, req.itemCode ?? null, req.itemName ?? null, JSON.stringify(req.caseIds),
      req.ticketNo ?? null, req.problem, req.action, req.outcome, req.outOfScope ? 1 : 0);
    return this.changed(this.get(Number(info.lastInsertRowid)));
  }

  linkReport(id: number, reportId: number): AssistRecord {
    const r = this.db.prepare(`UPDATE assist_records SET report_id = ? WHERE id = ? RETURNING *`).get(reportId, id) as Row | undefined;
    if (!r) throw new DeskError('UNKNOWN_ASSIST', `没有编号为 ${id} 的帮办记录。`);
    return this.changed(recordOf(r));
  }

  /** Requests still running (open, accepted, arrived), oldest first. */
  live(): AssistRecord[] {
    return (this.db.prepare(`SELECT * FROM assist_records WHERE status IN ${LIVE} ORDER BY requested_at, id`).all() as Row[]).map(recordOf);
  }

  /** The ledger: every assistance begun on the hall days `from`..`to` (inclusive), newest first, filtered. */
  ledger(q: LedgerQuery): AssistRecord[] {
    if (q.to < q.from) throw new DeskError('INVALID_INPUT', `结束日期（${q.to}）早于开始日期（${q.from}）。`);
    const from = atHallTime(q.from, '00:00');
    const to = atHallTime(q.to, '00:00') + 86_400_000;
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new DeskError('INVALID_INPUT', '日期无效，应为 YYYY-MM-DD。');
    const where = [`requested_at >= ?`, `requested_at < ?`, `status != 'cancelled'`];
    const args: unknown[] = [from, to];
    const and = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (q.kind) and('kind = ?', q.kind);
    if (q.outcome) and('outcome = ?', q.outcome);
    if (q.helper) and('(helper_no = ? OR helper_name = ?)', q.helper, q.helper);
    if (q.text) {
      where.push(`(problem LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\' OR item_name LIKE ? ESCAPE '\\' OR note LIKE ? ESCAPE '\\' OR ticket_no LIKE ? ESCAPE '\\' OR case_ids LIKE ? ESCAPE '\\')`);
      const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(like, like, like, like, like, like);
    }
    return (this.db.prepare(`SELECT * FROM assist_records WHERE ${where.join(' AND ')} ORDER BY requested_at DESC, id DESC`).all(...args) as Row[]).map(recordOf);
  }

  /** Escalates every open request older than the setting; returns how many were escalated now. */
  sweep(): number {
    const cutoff = this.now() - this.settings.escalateMinutes * 60_000;
    const rows = this.db.prepare(`UPDATE assist_records SET escalated_at = ? WHERE status = 'open' AND escalated_at IS NULL AND requested_at <= ? RETURNING *`)
      .all(this.now(), cutoff) as Row[];
    for (const r of rows) this.changed(recordOf(r));
    return rows.length;
  }
}
