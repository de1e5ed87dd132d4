/**
 * The wire of case sync (issue 11): what a workstation pushes (one operation per case event, in
 * the case's own order) and what the hub answers, the hall-wide case record, pulls and 办件质量.
 * The hub is authoritative: it orders by its own sequence (`hubSeq`), never by a workstation's clock.
 */
import { z } from 'zod';

export const CASE_STATES = ['draft', 'accepted', 'correction-requested', 'rejected', 'in-review', 'completed', 'result-issued', 'archived'] as const;
const State = z.enum(CASE_STATES);
const Iso = z.string().max(40).refine((s) => Number.isFinite(Date.parse(s)), '应为时间');

/** One step of a case's trail, as the workstation recorded it. */
export const CaseEvent = z.strictObject({
  id: z.string().min(8).max(64),
  type: z.string().min(1).max(40),
  from: State.nullable(),
  to: State.nullable(),
  at: Iso,
  /** Whose clock `at` came from: the hub's (online) or the workstation's own (offline, evidence only). */
  timeSource: z.enum(['hub', 'local']),
  staffId: z.string().max(64),
  counterId: z.string().max(16),
  payload: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

/**
 * The case as the workstation holds it after the event: the searchable summary, and the full row
 * and materials (opaque to the hub) so a rebuilt workstation can get its open cases back.
 */
export const CaseSnapshot = z.strictObject({
  caseNumber: z.string().max(40).nullable(),
  hallCode: z.string().max(8),
  state: State,
  itemCode: z.string().max(64),
  itemName: z.string().max(200),
  applicantType: z.enum(['person', 'company']),
  applicantName: z.string().max(200),
  /** ID number or unified credit code: what a counter searches by (masked on screen). */
  applicantKey: z.string().max(32),
  counterId: z.string().max(16),
  createdAt: Iso,
  acceptedAt: Iso.nullable(),
  dueDate: z.string().max(10).nullable(),
  completedAt: Iso.nullable(),
  issuedAt: Iso.nullable(),
  decision: z.enum(['approved', 'denied']).nullable(),
  row: z.record(z.string(), z.unknown()),
  materials: z.array(z.record(z.string(), z.unknown())).max(200),
});
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;

export const CaseOp = z.strictObject({
  /** The idempotency key: one per operation, kept across every retry of it. */
  key: z.string().min(8).max(64),
  caseId: z.string().min(8).max(64),
  /** 1, 2, 3… per case: the hub refuses a gap (a missing step) and a repeat under another key. */
  seq: z.number().int().min(1),
  event: CaseEvent,
  snapshot: CaseSnapshot,
});
export type CaseOp = z.infer<typeof CaseOp>;

/** The push route (routes.ts `caseIngest`): the workstation's sync transport posts here. */
export const CASE_INGEST_PATH = '/cases/ingest';

export const IngestRequest = z.strictObject({
  workstation: z.string().min(1).max(80),
  ops: z.array(CaseOp).min(1).max(500),
});
export type IngestRequest = z.infer<typeof IngestRequest>;

export const IngestResult = z.object({
  key: z.string(),
  /**
   * applied: stored now or before (`replayed`: the first answer again). gap: an earlier step of the
   * case has not arrived yet (send it first; nothing stored). rejected: refused for good (reason in
   * `error`; nothing stored).
   */
  outcome: z.enum(['applied', 'gap', 'rejected']),
  replayed: z.boolean().optional(),
  hubSeq: z.number().int().nullable(),
  /** When the hub received the step (its clock): the legal time of record of the step's arrival. */
  receivedAt: z.number().int().nullable(),
  expectedSeq: z.number().int().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const IngestAnswer = z.object({ results: z.array(IngestResult), hubNow: z.number().int() });

/** A case of the hall as a counter sees it: the applicant masked. */
export const HallCase = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  state: State,
  itemCode: z.string(),
  itemName: z.string(),
  applicantType: z.enum(['person', 'company']),
  applicantName: z.string(),
  applicantKeyMasked: z.string(),
  workstation: z.string(),
  counterId: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  completedAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  decision: z.enum(['approved', 'denied']).nullable(),
  lastSeq: z.number().int(),
  hubSeq: z.number().int(),
});
export type HallCase = z.infer<typeof HallCase>;

export const HallCaseStep = z.object({
  seq: z.number().int(),
  hubSeq: z.number().int(),
  type: z.string(),
  from: State.nullable(),
  to: State.nullable(),
  at: z.string(),
  timeSource: z.enum(['hub', 'local']),
  receivedAt: z.number().int(),
  delayMs: z.number().int(),
  staffId: z.string(),
  counterId: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type HallCaseStep = z.infer<typeof HallCaseStep>;

/** A case with its whole trail and its last snapshot: what a rebuilt workstation or a 一口发证 counter takes over. */
export const HallCaseFull = z.object({ case: HallCase, steps: z.array(HallCaseStep), snapshot: CaseSnapshot });
export type HallCaseFull = z.infer<typeof HallCaseFull>;

export const CaseSearchQuery = z.strictObject({
  /** A case number, or a scanned notice QR (`WD-CASE:<number>`). */
  number: z.string().max(80).optional(),
  /** Applicant: an ID number / credit code (exact) or a name (exact). */
  applicant: z.string().max(64).optional(),
});

export const CasePullQuery = z.strictObject({
  cursor: z.string().max(80).optional(),
  limit: z.string().regex(/^[1-9]\d{0,3}$/).transform(Number).optional(),
});
/** Cases changed after the cursor, in hub order; `reset`: the cursor is not this hub's (start over from none). */
export const CasePull = z.object({ cases: z.array(HallCase), cursor: z.string(), more: z.boolean(), reset: z.boolean() });

export const BacklogReport = z.strictObject({
  workstation: z.string().min(1).max(80),
  pending: z.number().int().min(0).max(1e9),
  dead: z.number().int().min(0).max(1e9),
  /** Creation time (workstation clock, ms) of its oldest unsynced operation. */
  oldestAt: z.number().int().min(0).max(1e13).nullable(),
});
export type BacklogReport = z.infer<typeof BacklogReport>;

export const CaseQuality = z.object({
  /** Workstations' reported backlogs: cases not yet at the hub. */
  backlog: z.array(z.object({ workstation: z.string(), pending: z.number().int(), dead: z.number().int(), oldestAt: z.number().int().nullable(), reportedAt: z.number().int() })),
  /** Steps that reached the hub later than the lateness threshold after they happened. */
  late: z.array(z.object({ caseNumber: z.string().nullable(), caseId: z.string(), type: z.string(), delayMs: z.number().int() })),
  lateThresholdMs: z.number().int(),
  /** Cases whose trail at the hub has a hole (a later step waited for one that never came). */
  missingSteps: z.array(z.object({ caseNumber: z.string().nullable(), caseId: z.string(), expectedSeq: z.number().int(), offeredSeq: z.number().int() })),
  overdue: z.array(z.object({ caseNumber: z.string().nullable(), caseId: z.string(), itemName: z.string(), dueDate: z.string() })),
  totals: z.object({ cases: z.number().int(), open: z.number().int() }),
  /** The city platform the hub forwards to (null: none configured, the hub's record is the hall's). */
  upstream: z.object({
    platform: z.string(),
    pendingCases: z.number().int(),
    lastSuccessAt: z.number().int().nullable(),
    lastError: z.string().nullable(),
    refusals: z.array(z.object({ kind: z.enum(['case', 'archive']), subject: z.string(), reason: z.string(), at: z.number().int() })),
  }).nullable().default(null),
});
export type CaseQuality = z.infer<typeof CaseQuality>;

/** Masks an ID number / credit code for the screen: first 6 and last 4 kept. */
export function maskKey(key: string): string {
  if (key.length <= 10) return key.slice(0, 2) + '*'.repeat(Math.max(0, key.length - 3)) + key.slice(-1);
  return key.slice(0, 6) + '*'.repeat(key.length - 10) + key.slice(-4);
}

/** `WD-CASE:SH-…` (the notice's QR) or a bare number → the case number. */
export function caseNumberOf(scanned: string): string {
  const s = scanned.trim();
  return s.startsWith('WD-CASE:') ? s.slice('WD-CASE:'.length).trim() : s;
}

/** A step's `counterId` (`counter-<number>` on the workstation, or the bare number) → the counter number, else null. */
export function counterNumberOf(counterId: string): number | null {
  const m = /^(?:counter-)?(\d{1,4})$/.exec(counterId);
  return m ? Number(m[1]) : null;
}
