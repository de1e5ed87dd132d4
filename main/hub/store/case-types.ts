/**
 * The hub's storage of the hall's cases (issue 11), beside QueueStore and like it: async, and
 * every method atomic on its own (ONE transaction). SqliteCaseStore is the embedded default; a
 * PostgreSQL backend (pg/case-store.ts) implements the same interface (applyCaseOp under advisory
 * locks on the operation key and the case id inside BEGIN … COMMIT on one pooled client; the hub
 * sequence from a one-row counter locked until COMMIT, so steps commit in hub order).
 */
import type { BacklogReport, CaseOp, HallCase, HallCaseFull, IngestResult } from '../cases/protocol';

/** The case's head as the hub holds it, read inside the transaction that applies the next step. */
export interface CaseHead {
  state: HallCase['state'];
  lastSeq: number;
  caseNumber: string | null;
  workstation: string;
}

/** What the hub's rules decide about one operation, given the head (null: a case the hub does not know yet). */
export type CaseVerdict = { ok: true } | { ok: false; outcome: 'gap' | 'rejected'; code: string; message: string; expectedSeq?: number };

export interface ApplyArgs {
  op: CaseOp;
  workstation: string;
  /** The hub's clock when the operation arrived. */
  receivedAt: number;
  /** A canonical digest of the operation: the same key with another request is refused. */
  requestSha: string;
  /** The hub's rules, run synchronously inside the transaction. */
  check(head: CaseHead | null): CaseVerdict;
}

export interface StepIssue {
  caseId: string;
  caseNumber: string | null;
}

export interface CaseStore {
  /**
   * One operation, in ONE transaction: a key already stored answers with its first answer
   * (`replayed`), or IDEMPOTENCY_KEY_REUSED when it came with another request; otherwise `check`
   * decides, and an accepted step is appended to the trail, the case head and summary updated,
   * and the answer stored under the key. A refusal writes nothing but the missing-step mark.
   */
  applyCaseOp(a: ApplyArgs): Promise<IngestResult>;
  getCase(idOrNumber: string): Promise<HallCaseFull | null>;
  /** By exact case number, applicant ID/credit code, or applicant name; newest first. */
  search(q: { number?: string; applicantKey?: string; applicantName?: string; limit: number }): Promise<HallCase[]>;
  /** Cases still open (not result-issued, rejected or archived) that `workstation` holds: a rebuilt machine takes them back. */
  openCases(workstation: string, limit: number): Promise<HallCaseFull[]>;
  /** Cases changed after `afterHubSeq`, in hub order. */
  changedSince(afterHubSeq: number, limit: number): Promise<HallCase[]>;
  /** This store's identity: a cursor from another epoch (a rebuilt or replaced hub database) means start over. */
  epoch(): Promise<string>;
  putBacklog(r: BacklogReport, at: number): Promise<void>;
  listBacklog(): Promise<Array<BacklogReport & { reportedAt: number }>>;
  lateSteps(thresholdMs: number, limit: number): Promise<Array<StepIssue & { type: string; delayMs: number }>>;
  missingSteps(limit: number): Promise<Array<StepIssue & { expectedSeq: number; offeredSeq: number }>>;
  overdue(today: string, limit: number): Promise<Array<StepIssue & { itemName: string; dueDate: string }>>;
  totals(): Promise<{ cases: number; open: number }>;
  /** Cases accepted or completed in [fromIso, toIso): the 日动态's case figures. */
  casesActed(fromIso: string, toIso: string): Promise<ActedCase[]>;
}

export interface ActedCase {
  caseNumber: string;
  itemCode: string;
  itemName: string;
  state: string;
  createdAt: string;
  acceptedAt: string | null;
  dueDate: string | null;
  completedAt: string | null;
}
