/**
 * The hub's assistance desk: every counter's 求助 is recorded here once (under its idempotency
 * key), pushed to the hall's workstations at once (`assist.changed`), taken by one helper (the
 * first accept wins, atomically), and escalated to the supervisor when nobody accepts within the
 * configured minutes — on the hub's clock, so a test moves it with a fake one. The records live in
 * an AssistStore (store.ts): the hub's SQLite file or the PostgreSQL every hub process shares.
 */
import { DeskError } from '../../../common/errors';
import { atHallTime, hallDay } from '../../../common/hall-time';
import type { AssistRecord, AssistStatus, CloseRequest, HelpRequest, LedgerQuery, WalkUpRequest } from '../../../common/assist/schema';
import type { EventBus } from '../bus';
import { readSettings, recordOf, type AssistPatch, type AssistRow, type AssistStore } from './store';

/** What the ledger's 评价 needs of a rating the hub received (common/rating.ts RatingSnapshot). */
export interface RatedServiceInfo {
  level: number;
  finishedAt: string;
  caseNumber: string | null;
  ticketNumber?: string | null;
}

/**
 * Status only moves forward (open → accepted → arrived → closed, open → cancelled), so a step that
 * lost a race is decided again on the record as it now is, a bounded number of times.
 */
const RETRIES = 4;

export class AssistDesk {
  constructor(
    readonly store: AssistStore,
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  private async row(id: number): Promise<AssistRow> {
    const r = await this.store.get(id);
    if (!r) throw new DeskError('UNKNOWN_ASSIST', `没有编号为 ${id} 的帮办记录。`);
    return r;
  }

  async get(id: number): Promise<AssistRecord> {
    return recordOf(await this.row(id));
  }

  private changed(rec: AssistRecord): AssistRecord {
    this.bus.emit({ type: 'assist.changed', at: this.now(), record: rec });
    return rec;
  }

  /** Sets `patch` if the record is still in `expect`; the changed record is pushed. Undefined when it moved meanwhile. */
  private async move(id: number, expect: readonly AssistStatus[], patch: AssistPatch): Promise<AssistRecord | undefined> {
    const r = await this.store.update(id, expect, patch);
    return r && this.changed(recordOf(r));
  }

  /** 求助 from a counter; the same key again answers the first record (nothing is pushed twice). */
  async request(req: HelpRequest): Promise<AssistRecord> {
    const seen = await this.store.byKey(req.key);
    if (seen) return recordOf(seen);
    const at = Math.min(req.at ?? this.now(), this.now());
    const row = await this.store.insert({
      request_key: req.key, source: 'counter', kind: req.kind, status: 'open', counter: req.counter, counters: JSON.stringify([req.counter]),
      requested_by_no: req.by.staffNo, requested_by_name: req.by.name, note: req.note, requested_at: at, accepted_at: null, arrived_at: null,
      closed_at: null, escalated_at: null, eta_minutes: null, helper_no: null, helper_name: null, helper_capacity: null, applicant: '', item_code: null,
      item_name: null, case_ids: '[]', ticket_no: req.ticketNo ?? null, problem: '', action: '', outcome: null, out_of_scope: 0, report_id: null, rating: null,
    });
    // Another hub process stored the same press a moment ago: its record is the answer.
    if (!row) return recordOf((await this.store.byKey(req.key))!);
    // A request replayed from an offline queue may already be past the escalation time.
    await this.sweep();
    return this.changed(await this.get(row.id));
  }

  /** The first helper to accept takes it; anyone after is told who did. */
  async accept(id: number, helper: AssistRecord['helper'] & object, etaMinutes: number): Promise<AssistRecord> {
    const won = await this.move(id, ['open'], {
      status: 'accepted', accepted_at: this.now(), helper_no: helper.staffNo, helper_name: helper.name, helper_capacity: helper.capacity, eta_minutes: etaMinutes,
    });
    if (won) return won;
    const cur = await this.get(id);
    if (cur.helper?.staffNo === helper.staffNo && cur.status !== 'cancelled') return cur;
    if (cur.status === 'cancelled') throw new DeskError('ASSIST_CANCELLED', `${cur.counter ?? ''}号窗口已撤回该求助。`);
    throw new DeskError('ASSIST_TAKEN', `该求助已由${cur.helper?.name ?? '他人'}接单。`);
  }

  async arrive(id: number, by: { staffNo: string }): Promise<AssistRecord> {
    for (let i = 0; ; i++) {
      const cur = await this.get(id);
      this.mustBeHelper(cur, by.staffNo);
      if (cur.status === 'arrived') return cur;
      if (cur.status !== 'accepted') throw new DeskError('ASSIST_STATE', '只有已接单的求助可以登记到窗。');
      const r = await this.move(id, ['accepted'], { status: 'arrived', arrived_at: this.now() });
      if (r || i >= RETRIES) return r ?? this.get(id);
    }
  }

  /** The counter withdraws a request nobody has taken yet. */
  async cancel(id: number, counter: number): Promise<AssistRecord> {
    for (let i = 0; ; i++) {
      const cur = await this.get(id);
      if (cur.counter !== counter) throw new DeskError('ASSIST_NOT_YOURS', '只能撤回本窗口发出的求助。');
      if (cur.status === 'cancelled') return cur;
      if (cur.status !== 'open') throw new DeskError('ASSIST_STATE', `该求助已由${cur.helper?.name ?? '他人'}接单，不能撤回。`);
      const r = await this.move(id, ['open'], { status: 'cancelled', closed_at: this.now() });
      if (r || i >= RETRIES) return r ?? this.get(id);
    }
  }

  private mustBeHelper(cur: AssistRecord, staffNo: string): void {
    if (!cur.helper) throw new DeskError('ASSIST_STATE', '该求助尚未接单。');
    if (cur.helper.staffNo !== staffNo) throw new DeskError('ASSIST_NOT_YOURS', `该求助由${cur.helper.name}接单，只有接单人可以登记。`);
  }

  /** Closes an accepted assistance with its outcome (an unresolved one becomes a 办不成事 report, reports.ts). */
  async close(id: number, req: CloseRequest): Promise<AssistRecord> {
    for (let i = 0; ; i++) {
      const cur = await this.get(id);
      this.mustBeHelper(cur, req.helper.staffNo);
      if (cur.status === 'closed') throw new DeskError('ASSIST_CLOSED', '该帮办已办结。');
      if (cur.status !== 'accepted' && cur.status !== 'arrived') throw new DeskError('ASSIST_STATE', '该求助尚未接单，不能办结。');
      const now = this.now();
      // Exactly the status read: the arrival time and ticket kept below are those of this very state.
      const r = await this.move(id, [cur.status], {
        status: 'closed', closed_at: now, arrived_at: cur.arrivedAt ?? now, outcome: req.outcome, counters: JSON.stringify([...new Set([...cur.counters, ...req.counters])]),
        applicant: req.applicant, item_code: req.itemCode ?? null, item_name: req.itemName ?? null, case_ids: JSON.stringify(req.caseIds),
        ticket_no: req.ticketNo ?? cur.ticketNo, problem: req.problem, action: req.action, out_of_scope: req.outOfScope ? 1 : 0,
      });
      if (r) return r;
      if (i >= RETRIES) throw new DeskError('ASSIST_STATE', '该帮办刚被他人更新，请刷新后重试。');
    }
  }

  /** A walk-up without a ticket, or a leader's 全流程陪同: recorded by the helper themselves. */
  async walkUp(req: WalkUpRequest): Promise<AssistRecord> {
    const seen = await this.store.byKey(req.key);
    if (seen) return recordOf(seen);
    const now = this.now();
    const start = Math.min(req.startedAt ?? now, now);
    const done = req.outcome !== null;
    const row = await this.store.insert({
      // With a ticket, it is the assistance stream's (B) ticket served at the desk; without, a walk-up.
      request_key: req.key, source: req.ticketNo ? 'ticket' : 'desk', kind: req.kind, status: done ? 'closed' : 'arrived', counter: req.counters[0] ?? null,
      counters: JSON.stringify(req.counters), requested_by_no: null, requested_by_name: null, note: '', requested_at: start, accepted_at: start, arrived_at: start,
      closed_at: done ? now : null, escalated_at: null, eta_minutes: 0, helper_no: req.helper.staffNo, helper_name: req.helper.name, helper_capacity: req.helper.capacity,
      applicant: req.applicant, item_code: req.itemCode ?? null, item_name: req.itemName ?? null, case_ids: JSON.stringify(req.caseIds), ticket_no: req.ticketNo ?? null,
      problem: req.problem, action: req.action, outcome: req.outcome, out_of_scope: req.outOfScope ? 1 : 0, report_id: null, rating: null,
    });
    if (!row) return recordOf((await this.store.byKey(req.key))!);
    return this.changed(recordOf(row));
  }

  async linkReport(id: number, reportId: number): Promise<AssistRecord> {
    const r = await this.store.update(id, null, { report_id: reportId });
    if (!r) throw new DeskError('UNKNOWN_ASSIST', `没有编号为 ${id} 的帮办记录。`);
    return this.changed(recordOf(r));
  }

  /**
   * The applicant's rating of a service reaches the ledger's 评价: every assistance of that service —
   * its ticket on the service's hall day, or its case — takes the level (a later revision of the
   * rating writes it again). Returns the records changed, each pushed.
   */
  async rated(s: RatedServiceInfo): Promise<AssistRecord[]> {
    const day = hallDay(Date.parse(s.finishedAt));
    const from = atHallTime(day, '00:00');
    const rows = await this.store.rate({ ticketNo: s.ticketNumber ?? null, day: [from, from + 86_400_000], caseNumber: s.caseNumber }, s.level);
    return rows.map((r) => this.changed(recordOf(r)));
  }

  /** Requests still running (open, accepted, arrived), oldest first. */
  async live(): Promise<AssistRecord[]> {
    return (await this.store.live()).map(recordOf);
  }

  /** The ledger: every assistance begun on the hall days `from`..`to` (inclusive), newest first, filtered. */
  async ledger(q: LedgerQuery): Promise<AssistRecord[]> {
    if (q.to < q.from) throw new DeskError('INVALID_INPUT', `结束日期（${q.to}）早于开始日期（${q.from}）。`);
    const from = atHallTime(q.from, '00:00');
    const to = atHallTime(q.to, '00:00') + 86_400_000;
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new DeskError('INVALID_INPUT', '日期无效，应为 YYYY-MM-DD。');
    return (await this.store.ledger({ ...q, from, to })).map(recordOf);
  }

  /** Escalates every open request older than the setting; returns how many were escalated now. */
  async sweep(): Promise<number> {
    const { assist } = await readSettings(this.store);
    const now = this.now();
    const rows = await this.store.escalate(now, now - assist.escalateMinutes * 60_000);
    for (const r of rows) this.changed(recordOf(r));
    return rows.length;
  }
}
