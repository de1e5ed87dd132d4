import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import type { BacklogReport, CaseSnapshot, HallCase, HallCaseFull, IngestResult } from '../cases/protocol';
import { toActed, toCase, toStep } from './case-rows';
import type { ActedCase, ApplyArgs, CaseHead, CaseStore } from './case-types';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OPEN = `state NOT IN ('result-issued','rejected','archived')`;

/** The hall's cases in the hub's SQLite file (the same file and connection as the queue). */
export class SqliteCaseStore implements CaseStore {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private st(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async applyCaseOp(a: ApplyArgs): Promise<IngestResult> {
    const { op } = a;
    return this.db.transaction((): IngestResult => {
      const prior = this.st('SELECT request_sha, hub_seq, received_at FROM hall_case_steps WHERE op_key = ?').get(op.key) as Row | undefined;
      if (prior) {
        if (prior.request_sha !== a.requestSha) {
          throw new DeskError('IDEMPOTENCY_KEY_REUSED', `操作编号 ${op.key} 已用于另一项办件操作，不能用于不同内容；请联系管理员。`);
        }
        // The first answer, rebuilt from the step it recorded (only applied steps are stored).
        return { key: op.key, outcome: 'applied', hubSeq: prior.hub_seq, receivedAt: prior.received_at, replayed: true };
      }
      const h = this.st('SELECT state, last_seq, case_number, workstation FROM hall_cases WHERE id = ?').get(op.caseId) as Row | undefined;
      const head: CaseHead | null = h ? { state: h.state, lastSeq: h.last_seq, caseNumber: h.case_number, workstation: h.workstation } : null;
      const verdict = a.check(head);
      if (!verdict.ok) {
        if (verdict.outcome === 'gap') {
          this.st(`INSERT INTO hall_case_gaps (case_id, case_number, expected_seq, offered_seq, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (case_id) DO UPDATE SET expected_seq = excluded.expected_seq, offered_seq = MAX(offered_seq, excluded.offered_seq)`)
            .run(op.caseId, op.snapshot.caseNumber, verdict.expectedSeq ?? (head?.lastSeq ?? 0) + 1, op.seq, a.receivedAt);
        }
        return {
          key: op.key, outcome: verdict.outcome, hubSeq: null, receivedAt: null, error: { code: verdict.code, message: verdict.message },
          ...(verdict.expectedSeq !== undefined ? { expectedSeq: verdict.expectedSeq } : {}),
        };
      }
      const e = op.event;
      const delay = Math.max(0, a.receivedAt - Date.parse(e.at));
      const ins = this.st(`INSERT INTO hall_case_steps (case_id, seq, op_key, request_sha, type, from_state, to_state, at, time_source, staff_id, counter_id, payload, received_at, delay_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      if (!head) this.insertHead(op.caseId, a.workstation, op.snapshot, op.seq, a.receivedAt);
      const hubSeq = Number(ins.run(op.caseId, op.seq, op.key, a.requestSha, e.type, e.from, e.to, e.at, e.timeSource, e.staffId, e.counterId, JSON.stringify(e.payload), a.receivedAt, delay).lastInsertRowid);
      const answer: IngestResult = { key: op.key, outcome: 'applied', hubSeq, receivedAt: a.receivedAt };
      this.updateHead(op.caseId, a.workstation, op.snapshot, op.seq, hubSeq);
      this.st('DELETE FROM hall_case_gaps WHERE case_id = ? AND expected_seq <= ?').run(op.caseId, op.seq);
      return answer;
    }).immediate();
  }

  private insertHead(id: string, workstation: string, s: CaseSnapshot, seq: number, receivedAt: number): void {
    this.st(`INSERT INTO hall_cases (id, case_number, workstation, counter_id, state, last_seq, hub_seq, item_code, item_name, applicant_type, applicant_name, applicant_key,
        created_at, accepted_at, due_date, completed_at, issued_at, decision, snapshot, received_at)
      VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, s.caseNumber, workstation, s.counterId, s.state, seq, s.itemCode, s.itemName, s.applicantType, s.applicantName, s.applicantKey,
        s.createdAt, s.acceptedAt, s.dueDate, s.completedAt, s.issuedAt, s.decision, JSON.stringify(s), receivedAt);
  }

  private updateHead(id: string, workstation: string, s: CaseSnapshot, seq: number, hubSeq: number): void {
    this.st(`UPDATE hall_cases SET case_number = ?, workstation = ?, counter_id = ?, state = ?, last_seq = ?, hub_seq = ?, item_code = ?, item_name = ?,
        applicant_type = ?, applicant_name = ?, applicant_key = ?, accepted_at = ?, due_date = ?, completed_at = ?, issued_at = ?, decision = ?, snapshot = ?
      WHERE id = ?`)
      .run(s.caseNumber, workstation, s.counterId, s.state, seq, hubSeq, s.itemCode, s.itemName, s.applicantType, s.applicantName, s.applicantKey,
        s.acceptedAt, s.dueDate, s.completedAt, s.issuedAt, s.decision, JSON.stringify(s), id);
  }

  private full(r: Row): HallCaseFull {
    const steps = (this.st('SELECT * FROM hall_case_steps WHERE case_id = ? ORDER BY seq').all(r.id) as Row[]).map(toStep);
    return { case: toCase(r), steps, snapshot: JSON.parse(r.snapshot) as CaseSnapshot };
  }

  async getCase(idOrNumber: string): Promise<HallCaseFull | null> {
    const r = this.st('SELECT * FROM hall_cases WHERE id = ? OR case_number = ?').get(idOrNumber, idOrNumber) as Row | undefined;
    return r ? this.db.transaction(() => this.full(r))() : null;
  }

  async search(q: { number?: string; applicantKey?: string; applicantName?: string; limit: number }): Promise<HallCase[]> {
    if (q.number) return (this.st('SELECT * FROM hall_cases WHERE case_number = ?').all(q.number) as Row[]).map(toCase);
    if (q.applicantKey) return (this.st('SELECT * FROM hall_cases WHERE applicant_key = ? ORDER BY hub_seq DESC LIMIT ?').all(q.applicantKey, q.limit) as Row[]).map(toCase);
    if (q.applicantName) return (this.st('SELECT * FROM hall_cases WHERE applicant_name = ? ORDER BY hub_seq DESC LIMIT ?').all(q.applicantName, q.limit) as Row[]).map(toCase);
    return [];
  }

  async openCases(workstation: string, limit: number): Promise<HallCaseFull[]> {
    return this.db.transaction(() => (this.st(`SELECT * FROM hall_cases WHERE workstation = ? AND ${OPEN} ORDER BY hub_seq LIMIT ?`).all(workstation, limit) as Row[]).map((r) => this.full(r)))();
  }

  async changedSince(afterHubSeq: number, limit: number): Promise<HallCase[]> {
    return (this.st('SELECT * FROM hall_cases WHERE hub_seq > ? ORDER BY hub_seq LIMIT ?').all(afterHubSeq, limit) as Row[]).map(toCase);
  }

  async epoch(): Promise<string> {
    return (this.st(`SELECT value FROM case_meta WHERE key = 'epoch'`).get() as Row).value;
  }

  async putBacklog(r: BacklogReport, at: number): Promise<void> {
    this.st(`INSERT INTO sync_backlog (workstation, pending, dead, oldest_at, reported_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workstation) DO UPDATE SET pending = excluded.pending, dead = excluded.dead, oldest_at = excluded.oldest_at, reported_at = excluded.reported_at`)
      .run(r.workstation, r.pending, r.dead, r.oldestAt, at);
  }

  async listBacklog(): Promise<Array<BacklogReport & { reportedAt: number }>> {
    return (this.st('SELECT * FROM sync_backlog ORDER BY workstation').all() as Row[])
      .map((r) => ({ workstation: r.workstation, pending: r.pending, dead: r.dead, oldestAt: r.oldest_at, reportedAt: r.reported_at }));
  }

  async lateSteps(thresholdMs: number, limit: number) {
    return (this.st(`SELECT s.case_id, c.case_number, s.type, s.delay_ms FROM hall_case_steps s JOIN hall_cases c ON c.id = s.case_id
      WHERE s.delay_ms > ? ORDER BY s.delay_ms DESC LIMIT ?`).all(thresholdMs, limit) as Row[])
      .map((r) => ({ caseId: r.case_id, caseNumber: r.case_number, type: r.type, delayMs: r.delay_ms }));
  }

  async missingSteps(limit: number) {
    return (this.st('SELECT * FROM hall_case_gaps ORDER BY at LIMIT ?').all(limit) as Row[])
      .map((r) => ({ caseId: r.case_id, caseNumber: r.case_number, expectedSeq: r.expected_seq, offeredSeq: r.offered_seq }));
  }

  async overdue(today: string, limit: number) {
    return (this.st(`SELECT id, case_number, item_name, due_date FROM hall_cases INDEXED BY hall_cases_open_due
      WHERE state IN ('accepted','in-review') AND due_date < ? ORDER BY due_date LIMIT ?`).all(today, limit) as Row[])
      .map((r) => ({ caseId: r.id, caseNumber: r.case_number, itemName: r.item_name, dueDate: r.due_date }));
  }

  async casesActed(fromIso: string, toIso: string): Promise<ActedCase[]> {
    // Two index ranges (accepted_at, completed_at; migration 0018) rather than a scan of the hall's cases.
    return (this.st(`SELECT case_number, item_code, item_name, state, created_at, accepted_at, due_date, completed_at FROM hall_cases
      WHERE case_number IS NOT NULL AND accepted_at >= ? AND accepted_at < ?
      UNION
      SELECT case_number, item_code, item_name, state, created_at, accepted_at, due_date, completed_at FROM hall_cases
      WHERE case_number IS NOT NULL AND completed_at >= ? AND completed_at < ?`).all(fromIso, toIso, fromIso, toIso) as Row[])
      .map(toActed);
  }

  async totals(): Promise<{ cases: number; open: number }> {
    const r = this.st(`SELECT COUNT(*) AS cases, SUM(CASE WHEN ${OPEN} THEN 1 ELSE 0 END) AS open FROM hall_cases`).get() as Row;
    return { cases: r.cases, open: r.open ?? 0 };
  }
}
