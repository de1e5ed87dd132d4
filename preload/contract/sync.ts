/** Case sync (issue 11): the 同步 page, the hall-wide case record, and 办件质量. */
import { z } from 'zod';
import { call, voidSchema } from './define';

const STATUSES = ['pending', 'inflight', 'failed', 'dead'] as const;

export const syncOpSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  itemName: z.string().nullable(),
  /** A case step's type; a 求助's or 办不成事 report's kind. */
  step: z.string().nullable(),
  /** The counter of a rating, 求助 or report (null for case steps). */
  counter: z.number().int().nullable(),
  /** The lane's subject for kinds other than case steps: the 评价编号, the offered ticket, the 求助's note, the report's problem. */
  subject: z.string().nullable(),
  seq: z.number().int(),
  status: z.enum([...STATUSES, 'done']),
  attempts: z.number().int(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
});
export type SyncOp = z.infer<typeof syncOpSchema>;

export const hallCaseSchema = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  itemName: z.string(),
  applicantName: z.string(),
  applicantKeyMasked: z.string(),
  dueDate: z.string().nullable(),
  issuedAt: z.string().nullable(),
  /** What the applicant should do next, in plain Chinese (the progress answer). */
  nextStep: z.string(),
  /** Held on this workstation already. */
  local: z.boolean(),
});
export type HallCaseView = z.infer<typeof hallCaseSchema>;

const qualityItem = z.object({ caseNumber: z.string().nullable(), caseId: z.string(), detail: z.string() });
export const qualitySchema = z.object({
  backlog: z.array(z.object({ workstation: z.string(), pending: z.number().int(), dead: z.number().int(), oldestAt: z.string().nullable(), reportedAt: z.string() })),
  late: z.array(qualityItem),
  missingSteps: z.array(qualityItem),
  overdue: z.array(qualityItem),
  totals: z.object({ cases: z.number().int(), open: z.number().int() }),
  /** The city platform the hub forwards to; null when none is configured (the hub's record is the hall's). */
  upstream: z.object({
    platform: z.string(),
    pendingCases: z.number().int(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    refusals: z.array(qualityItem.omit({ caseId: true })),
  }).nullable(),
});
export type CaseQualityView = z.infer<typeof qualitySchema>;

const CLERKS = ['clerk', 'supervisor', 'admin'] as const;

export const syncCalls = {
  'sync.list': call({ input: z.object({ statuses: z.array(z.enum(STATUSES)).min(1).max(4) }).strict(), output: z.array(syncOpSchema), access: CLERKS }),
  /** 重新发送: a dead-lettered (or failed) operation back in line now. */
  'sync.resend': call({ input: z.object({ id: z.number().int().positive() }).strict(), output: syncOpSchema, access: CLERKS, audited: true }),
  /**
   * 撤回 the attachment of a dead-lettered scan upload (its file is damaged or gone here, or the
   * materials are still open): the upload is void, the material keeps its other files or is
   * missing again, to be captured anew.
   */
  'sync.withdrawFile': call({ input: z.object({ id: z.number().int().positive(), reason: z.string().trim().min(2).max(200) }).strict(), output: syncOpSchema.pick({ caseId: true, caseNumber: true, subject: true }), access: ['clerk', 'supervisor'], audited: true }),
  'sync.pushNow': call({ input: voidSchema, output: z.object({ sent: z.number().int(), done: z.number().int(), dead: z.number().int(), retry: z.number().int() }), access: CLERKS }),
  /** Any case of the hall by number, scanned notice QR or applicant (ID number / credit code / name); applicants masked. */
  'sync.findCase': call({ input: z.object({ query: z.string().trim().min(1).max(80) }).strict(), output: z.array(hallCaseSchema), access: ['clerk', 'supervisor'] }),
  /** Brings the case onto this workstation (to hand out its result here). */
  'sync.takeCase': call({ input: z.object({ caseId: z.string().min(1).max(80) }).strict(), output: z.object({ caseId: z.string(), outcome: z.enum(['taken', 'updated', 'current']) }), access: ['clerk', 'supervisor'], audited: true }),
  /** A rebuilt workstation takes back its open cases from the hub. */
  'sync.restoreOpen': call({ input: voidSchema, output: z.object({ taken: z.number().int(), updated: z.number().int(), current: z.number().int() }), access: ['supervisor', 'admin'], audited: true }),
  'sync.quality': call({ input: voidSchema, output: qualitySchema, access: ['supervisor', 'admin'] }),
};
