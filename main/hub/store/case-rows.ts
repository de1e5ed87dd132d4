/** Rows of the hall's case tables → protocol objects; both backends' rows have the same columns (BIGINTs read as numbers). */
import { maskKey, type HallCase, type HallCaseStep } from '../cases/protocol';
import type { ActedCase } from './case-types';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function toCase(r: Row): HallCase {
  return {
    id: r.id, caseNumber: r.case_number, state: r.state, itemCode: r.item_code, itemName: r.item_name, applicantType: r.applicant_type,
    applicantName: r.applicant_name, applicantKeyMasked: maskKey(r.applicant_key), workstation: r.workstation, counterId: r.counter_id,
    createdAt: r.created_at, acceptedAt: r.accepted_at, dueDate: r.due_date, completedAt: r.completed_at, issuedAt: r.issued_at,
    decision: r.decision, lastSeq: r.last_seq, hubSeq: r.hub_seq,
  };
}

export function toStep(r: Row): HallCaseStep {
  return {
    seq: r.seq, hubSeq: r.hub_seq, type: r.type, from: r.from_state, to: r.to_state, at: r.at, timeSource: r.time_source,
    receivedAt: r.received_at, delayMs: r.delay_ms, staffId: r.staff_id, counterId: r.counter_id, payload: JSON.parse(r.payload),
  };
}

export function toActed(r: Row): ActedCase {
  return {
    caseNumber: r.case_number, itemCode: r.item_code, itemName: r.item_name, state: r.state, createdAt: r.created_at,
    acceptedAt: r.accepted_at, dueDate: r.due_date, completedAt: r.completed_at,
  };
}
