/**
 * Cases → outbox: every step of a case (CaseService.event) is written to the outbox in its own
 * transaction, with the case as it stands after the step, as a `case.step` operation on the lane
 * `case:<id>`. The step's id is the idempotency key: the hub answers its repeat with its first answer.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { CaseJournal, CaseStep } from '../cases/service';
import type { CaseOp, CaseSnapshot } from '../../hub/cases/protocol';
import type { Outbox } from './outbox';

export const CASE_STEP = 'case.step';
export const caseLane = (caseId: string) => `case:${caseId}`;

/** What a case.step row carries; key and seq come from the outbox row at send time. */
export type CaseStepPayload = Omit<CaseOp, 'key' | 'seq'>;

type Row = Record<string, unknown>;

export function snapshotFrom(row: Row, materials: Row[]): CaseSnapshot {
  const s = (k: string) => (row[k] as string | null) ?? null;
  return {
    caseNumber: s('case_number'), hallCode: row.hall_code as string, state: row.state as CaseSnapshot['state'], itemCode: row.item_code as string, itemName: row.item_name as string,
    applicantType: row.applicant_type as CaseSnapshot['applicantType'], applicantName: row.applicant_name as string,
    applicantKey: (s('applicant_id_number') ?? s('applicant_credit_code') ?? '') as string, counterId: row.counter_id as string,
    createdAt: row.created_at as string, acceptedAt: s('accepted_at'), dueDate: s('due_date'), completedAt: s('completed_at'), issuedAt: s('issued_at'),
    decision: s('decision') as CaseSnapshot['decision'], row, materials,
  };
}

export class CaseOutboxJournal implements CaseJournal {
  private readonly caseRow: Statement;
  private readonly materialRows: Statement;

  constructor(db: Database, private readonly outbox: Outbox) {
    this.caseRow = db.prepare('SELECT * FROM cases WHERE id = ?');
    this.materialRows = db.prepare('SELECT * FROM case_materials WHERE case_id = ? ORDER BY position');
  }

  step(s: CaseStep): void {
    const row = this.caseRow.get(s.caseId) as Row;
    const payload: CaseStepPayload = {
      caseId: s.caseId,
      event: { id: s.id, type: s.type, from: s.from, to: s.to, at: s.at, timeSource: s.timeSource, staffId: s.staffId, counterId: s.counterId, payload: s.payload },
      snapshot: snapshotFrom(row, this.materialRows.all(s.caseId) as Row[]),
    };
    this.outbox.enqueue(CASE_STEP, caseLane(s.caseId), payload, s.id);
  }
}
