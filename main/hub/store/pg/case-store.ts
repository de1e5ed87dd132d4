/**
 * The hall's cases on PostgreSQL (issue 11), beside PgQueueStore on the same pool and schema
 * (tables: migrations.ts step 11). Several hub processes apply steps at once, so `applyCaseOp` is
 * ONE transaction that first takes two advisory locks, in this order and no other:
 *  - the operation key's: a key re-sent (or reused with another request) through another process
 *    waits and then sees the first answer, as in SQLite, instead of failing on the unique op_key;
 *  - the case id's: the steps of one case never interleave, also for a case the hub does not hold
 *    yet (a `SELECT … FOR UPDATE` on its head row would lock nothing then).
 * The hub sequence is taken last, from a one-row counter locked until COMMIT: steps become visible
 * in hub order, so a pull cursor (`hub_seq > n`) never passes a step committed a moment later.
 */
import { DeskError } from '../../../../common/errors';
import type { BacklogReport, CaseSnapshot, HallCase, HallCaseFull, IngestResult } from '../../cases/protocol';
import { toActed, toCase, toStep } from '../case-rows';
import type { ActedCase, ApplyArgs, CaseHead, CaseStore } from '../case-types';
import { PG_KEY_NAMESPACE, type PgDb, type PgRow, type Q } from './db';

const OPEN = `state NOT IN ('result-issued','rejected','archived')`;
/** invalid byte sequence (a NUL in text) and untranslatable character. */
const NOT_STORABLE = new Set(['22021', '22P05']);
/** The string-keyed advisory locks' namespace (db.ts `PgDb.lockKey`): a key of ours never waits on another use's. */
const LOCK_NS = PG_KEY_NAMESPACE;

export class PgCaseStore implements CaseStore {
  constructor(readonly db: PgDb) {}

  async applyCaseOp(a: ApplyArgs): Promise<IngestResult> {
    try {
      return await this.applyOnce(a);
    } catch (e) {
      // SQLite stores a NUL character; PostgreSQL text refuses it. The clerk's fault to fix, not a hub failure:
      // the workstation moves the operation to its dead letters with this reason.
      if (NOT_STORABLE.has((e as { code?: string })?.code ?? '')) throw new DeskError('INVALID_INPUT', `办件 ${a.op.snapshot.caseNumber ?? a.op.caseId} 的内容含有无法保存的控制字符（如 \\0），请修改后重新提交。`);
      throw e;
    }
  }

  private applyOnce(a: ApplyArgs): Promise<IngestResult> {
    const { op } = a;
    return this.db.tx(async (q): Promise<IngestResult> => {
      // Both locks in one round trip, key first (every transaction takes them in this order: no deadlock).
      await q.one('SELECT pg_advisory_xact_lock(?::int, hashtext(?)), pg_advisory_xact_lock(?::int, hashtext(?))', [LOCK_NS, `case-op:${op.key}`, LOCK_NS, `case:${op.caseId}`]);
      // Then what the key and the case hold, in one statement (its snapshot is taken after the locks).
      const r = (await q.one(`SELECT p.request_sha, p.hub_seq, p.received_at, c.state, c.last_seq, c.case_number, c.workstation
        FROM (SELECT 1) one LEFT JOIN hall_case_steps p ON p.op_key = ? LEFT JOIN hall_cases c ON c.id = ?`, [op.key, op.caseId]))!;
      const prior = r.request_sha === null ? null : r;
      if (prior) {
        if (prior.request_sha !== a.requestSha) {
          throw new DeskError('IDEMPOTENCY_KEY_REUSED', `操作编号 ${op.key} 已用于另一项办件操作，不能用于不同内容；请联系管理员。`);
        }
        // The first answer, rebuilt from the step it recorded (only applied steps are stored).
        return { key: op.key, outcome: 'applied', hubSeq: prior.hub_seq, receivedAt: prior.received_at, replayed: true };
      }
      const head: CaseHead | null = r.state === null ? null : { state: r.state, lastSeq: r.last_seq, caseNumber: r.case_number, workstation: r.workstation };
      const verdict = a.check(head);
      if (!verdict.ok) {
        if (verdict.outcome === 'gap') {
          await q.run(`INSERT INTO hall_case_gaps (case_id, case_number, expected_seq, offered_seq, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (case_id) DO UPDATE SET expected_seq = excluded.expected_seq, offered_seq = GREATEST(hall_case_gaps.offered_seq, excluded.offered_seq)`,
          [op.caseId, op.snapshot.caseNumber, verdict.expectedSeq ?? (head?.lastSeq ?? 0) + 1, op.seq, a.receivedAt]);
        }
        return {
          key: op.key, outcome: verdict.outcome, hubSeq: null, receivedAt: null, error: { code: verdict.code, message: verdict.message },
          ...(verdict.expectedSeq !== undefined ? { expectedSeq: verdict.expectedSeq } : {}),
        };
      }
      const e = op.event;
      const delay = Math.max(0, a.receivedAt - Date.parse(e.at));
      if (!head) await this.insertHead(q, op.caseId, a.workstation, op.snapshot, op.seq, a.receivedAt);
      // Sequence and step in one statement: the counter's row lock is held from here to COMMIT only.
      const step = await q.one(`WITH s AS (UPDATE case_hub_seq SET last = last + 1 WHERE id = 1 RETURNING last)
        INSERT INTO hall_case_steps (hub_seq, case_id, seq, op_key, request_sha, type, from_state, to_state, at, time_source, staff_id, counter_id, payload, received_at, delay_ms)
        VALUES ((SELECT last FROM s), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING hub_seq`,
      [op.caseId, op.seq, op.key, a.requestSha, e.type, e.from, e.to, e.at, e.timeSource, e.staffId, e.counterId, JSON.stringify(e.payload), a.receivedAt, delay]);
      const hubSeq = step!.hub_seq as number;
      await this.updateHead(q, op.caseId, a.workstation, op.snapshot, op.seq, hubSeq);
      return { key: op.key, outcome: 'applied', hubSeq, receivedAt: a.receivedAt };
    });
  }

  private async insertHead(q: Q, id: string, workstation: string, s: CaseSnapshot, seq: number, receivedAt: number): Promise<void> {
    await q.run(`INSERT INTO hall_cases (id, case_number, workstation, counter_id, state, last_seq, hub_seq, item_code, item_name, applicant_type, applicant_name, applicant_key,
        created_at, accepted_at, due_date, completed_at, issued_at, decision, snapshot, received_at)
      VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, s.caseNumber, workstation, s.counterId, s.state, seq, s.itemCode, s.itemName, s.applicantType, s.applicantName, s.applicantKey,
      s.createdAt, s.acceptedAt, s.dueDate, s.completedAt, s.issuedAt, s.decision, JSON.stringify(s), receivedAt]);
  }

  /** The head follows the step, and a hole the step fills is no longer a missing step. */
  private async updateHead(q: Q, id: string, workstation: string, s: CaseSnapshot, seq: number, hubSeq: number): Promise<void> {
    await q.run(`WITH filled AS (DELETE FROM hall_case_gaps WHERE case_id = ? AND expected_seq <= ?)
      UPDATE hall_cases SET case_number = ?, workstation = ?, counter_id = ?, state = ?, last_seq = ?, hub_seq = ?, item_code = ?, item_name = ?,
        applicant_type = ?, applicant_name = ?, applicant_key = ?, accepted_at = ?, due_date = ?, completed_at = ?, issued_at = ?, decision = ?, snapshot = ?
      WHERE id = ?`,
    [id, seq, s.caseNumber, workstation, s.counterId, s.state, seq, hubSeq, s.itemCode, s.itemName, s.applicantType, s.applicantName, s.applicantKey,
      s.acceptedAt, s.dueDate, s.completedAt, s.issuedAt, s.decision, JSON.stringify(s), id]);
  }

  /**
   * Heads with their trails. Each trail is cut at its head's `last_seq`: read in another statement
   * than the head, it may already hold a step committed since, which the head does not show yet.
   */
  private async full(rows: PgRow[]): Promise<HallCaseFull[]> {
    if (rows.length === 0) return [];
    const steps = await this.db.q.all('SELECT * FROM hall_case_steps WHERE case_id = ANY(?) ORDER BY case_id, seq', [rows.map((r) => r.id)]);
    const byCase = new Map<string, PgRow[]>();
    for (const s of steps) {
      const list = byCase.get(s.case_id) ?? [];
      list.push(s);
      byCase.set(s.case_id, list);
    }
    return rows.map((r) => ({
      case: toCase(r),
      steps: (byCase.get(r.id) ?? []).filter((s) => s.seq <= r.last_seq).map(toStep),
      snapshot: JSON.parse(r.snapshot) as CaseSnapshot,
    }));
  }

  async getCase(idOrNumber: string): Promise<HallCaseFull | null> {
    const r = await this.db.q.one('SELECT * FROM hall_cases WHERE id = ? OR case_number = ?', [idOrNumber, idOrNumber]);
    return r ? (await this.full([r]))[0] : null;
  }

  async search(q: { number?: string; applicantKey?: string; applicantName?: string; limit: number }): Promise<HallCase[]> {
    let rows: PgRow[] = [];
    if (q.number) rows = await this.db.q.all('SELECT * FROM hall_cases WHERE case_number = ?', [q.number]);
    else if (q.applicantKey) rows = await this.db.q.all('SELECT * FROM hall_cases WHERE applicant_key = ? ORDER BY hub_seq DESC LIMIT ?', [q.applicantKey, q.limit]);
    else if (q.applicantName) rows = await this.db.q.all('SELECT * FROM hall_cases WHERE applicant_name = ? ORDER BY hub_seq DESC LIMIT ?', [q.applicantName, q.limit]);
    return rows.map(toCase);
  }

  async openCases(workstation: string, limit: number): Promise<HallCaseFull[]> {
    return this.full(await this.db.q.all(`SELECT * FROM hall_cases WHERE workstation = ? AND ${OPEN} ORDER BY hub_seq LIMIT ?`, [workstation, limit]));
  }

  async changedSince(afterHubSeq: number, limit: number): Promise<HallCase[]> {
    return (await this.db.q.all('SELECT * FROM hall_cases WHERE hub_seq > ? ORDER BY hub_seq LIMIT ?', [afterHubSeq, limit])).map(toCase);
  }

  async epoch(): Promise<string> {
    return (await this.db.q.one(`SELECT value FROM case_meta WHERE key = 'epoch'`))!.value;
  }

  async putBacklog(r: BacklogReport, at: number): Promise<void> {
    await this.db.q.run(`INSERT INTO sync_backlog (workstation, pending, dead, oldest_at, reported_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workstation) DO UPDATE SET pending = excluded.pending, dead = excluded.dead, oldest_at = excluded.oldest_at, reported_at = excluded.reported_at`,
    [r.workstation, r.pending, r.dead, r.oldestAt, at]);
  }

  async listBacklog(): Promise<Array<BacklogReport & { reportedAt: number }>> {
    return (await this.db.q.all('SELECT * FROM sync_backlog ORDER BY workstation'))
      .map((r) => ({ workstation: r.workstation, pending: r.pending, dead: r.dead, oldestAt: r.oldest_at, reportedAt: r.reported_at }));
  }

  async lateSteps(thresholdMs: number, limit: number) {
    return (await this.db.q.all(`SELECT s.case_id, c.case_number, s.type, s.delay_ms FROM hall_case_steps s JOIN hall_cases c ON c.id = s.case_id
      WHERE s.delay_ms > ? ORDER BY s.delay_ms DESC LIMIT ?`, [thresholdMs, limit]))
      .map((r) => ({ caseId: r.case_id as string, caseNumber: r.case_number as string | null, type: r.type as string, delayMs: r.delay_ms as number }));
  }

  async missingSteps(limit: number) {
    return (await this.db.q.all('SELECT * FROM hall_case_gaps ORDER BY at LIMIT ?', [limit]))
      .map((r) => ({ caseId: r.case_id as string, caseNumber: r.case_number as string | null, expectedSeq: r.expected_seq as number, offeredSeq: r.offered_seq as number }));
  }

  async overdue(today: string, limit: number) {
    return (await this.db.q.all(`SELECT id, case_number, item_name, due_date FROM hall_cases
      WHERE state IN ('accepted','in-review') AND due_date < ? ORDER BY due_date LIMIT ?`, [today, limit]))
      .map((r) => ({ caseId: r.id as string, caseNumber: r.case_number as string | null, itemName: r.item_name as string, dueDate: r.due_date as string }));
  }

  async casesActed(fromIso: string, toIso: string): Promise<ActedCase[]> {
    return (await this.db.q.all(`SELECT case_number, item_code, item_name, state, created_at, accepted_at, due_date, completed_at FROM hall_cases
      WHERE case_number IS NOT NULL AND accepted_at >= ? AND accepted_at < ?
      UNION
      SELECT case_number, item_code, item_name, state, created_at, accepted_at, due_date, completed_at FROM hall_cases
      WHERE case_number IS NOT NULL AND completed_at >= ? AND completed_at < ?`, [fromIso, toIso, fromIso, toIso])).map(toActed);
  }

  async totals(): Promise<{ cases: number; open: number }> {
    const r = await this.db.q.one(`SELECT COUNT(*) AS cases, COUNT(*) FILTER (WHERE ${OPEN}) AS open FROM hall_cases`);
    return { cases: r!.cases, open: r!.open };
  }
}
