/**
 * Assistance (帮办) as both wires carry it: the hub's routes and push (main/hub/routes.ts) and the
 * workstation contract (preload/contract/assist.ts). One record is one assistance: a 求助 from a
 * counter, a walk-up at the assistance desk, a ticket of stream B, or a leader's 全流程陪同 spanning
 * several counters and cases. Times are epoch ms on the hub's clock (a request made offline keeps
 * the time it was made).
 */
import { z } from 'zod';

export const ASSIST_KINDS = ['consult', 'fill', 'approver', 'leader', 'accompany'] as const;
export const AssistKind = z.enum(ASSIST_KINDS);
export type AssistKind = z.infer<typeof AssistKind>;
/** The four a counter may ask for (全流程陪同 is a leader's own, logged at the desk). */
export const REQUEST_KINDS = ['consult', 'fill', 'approver', 'leader'] as const satisfies readonly AssistKind[];
export const RequestKind = z.enum(REQUEST_KINDS);

/** Who helps: a 帮办 staff member, an approval officer (审批官) or a leader (领导干部). */
export const HELPER_CAPACITIES = ['assistant', 'approver', 'leader'] as const;
export const HelperCapacity = z.enum(HELPER_CAPACITIES);
export type HelperCapacity = z.infer<typeof HelperCapacity>;

export const ASSIST_OUTCOMES = ['resolved', 'partly', 'unresolved'] as const;
export const AssistOutcome = z.enum(ASSIST_OUTCOMES);
export type AssistOutcome = z.infer<typeof AssistOutcome>;

export const ASSIST_STATUSES = ['open', 'accepted', 'arrived', 'closed', 'cancelled'] as const;
export const AssistStatus = z.enum(ASSIST_STATUSES);
export type AssistStatus = z.infer<typeof AssistStatus>;

export const AssistSource = z.enum(['counter', 'desk', 'ticket']);

const StaffNo = z.string().trim().min(1).max(20);
const Name = z.string().trim().min(1).max(40);
const Text = (max: number) => z.string().trim().max(max);
export const StaffRef = z.strictObject({ staffNo: StaffNo, name: Name });
export const Helper = StaffRef.extend({ capacity: HelperCapacity });
export type Helper = z.infer<typeof Helper>;

/** An idempotency key: one per press of 求助 (a retry or an offline replay is answered with the first record). */
export const AssistKey = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '请求编号格式不正确');

export const AssistRecord = z.object({
  id: z.number().int(),
  key: z.string(),
  source: AssistSource,
  kind: AssistKind,
  status: AssistStatus,
  /** The counter that asked (求助), null for a walk-up. */
  counter: z.number().int().nullable(),
  /** Every counter a 全流程陪同 went through (the asking counter first). */
  counters: z.array(z.number().int()),
  requestedBy: StaffRef.nullable(),
  note: z.string(),
  requestedAt: z.number(),
  acceptedAt: z.number().nullable(),
  arrivedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  escalatedAt: z.number().nullable(),
  /** Minutes the helper said they need to get there. */
  etaMinutes: z.number().int().nullable(),
  helper: Helper.nullable(),
  /** Masked before it reaches the hub: the ledger never holds a full name or ID number. */
  applicant: z.string(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  caseIds: z.array(z.string()),
  ticketNo: z.string().nullable(),
  problem: z.string(),
  action: z.string(),
  outcome: AssistOutcome.nullable(),
  /** 涉法涉诉: outside 帮办's scope (handled through the original channels), kept in the ledger marked so. */
  outOfScope: z.boolean(),
  /** The 办不成事 report an unresolved assistance became. */
  reportId: z.number().int().nullable(),
  /** The applicant's rating (1–5), filled by the rating work; null until then. */
  rating: z.number().int().min(1).max(5).nullable(),
});
export type AssistRecord = z.infer<typeof AssistRecord>;

/** 求助 from a counter. `at`: when it was pressed (an offline request replayed later keeps it). */
export const HelpRequest = z.strictObject({
  key: AssistKey,
  counter: z.number().int().min(1).max(9999),
  kind: RequestKind,
  note: Text(200).default(''),
  by: StaffRef,
  at: z.number().int().positive().optional(),
  ticketNo: Text(20).nullable().optional(),
});
export type HelpRequest = z.infer<typeof HelpRequest>;

export const AcceptRequest = z.strictObject({ helper: Helper, etaMinutes: z.number().int().min(0).max(120).default(2) });
export const ArriveRequest = z.strictObject({ helper: StaffRef });

const Details = {
  applicant: Text(40).default(''),
  itemCode: Text(40).nullable().optional(),
  itemName: Text(80).nullable().optional(),
  caseIds: z.array(Text(64).min(1)).max(20).default([]),
  ticketNo: Text(20).nullable().optional(),
  problem: Text(500).default(''),
  action: Text(500).default(''),
  outOfScope: z.boolean().default(false),
};

export const CloseRequest = z.strictObject({
  helper: StaffRef,
  outcome: AssistOutcome,
  /** Further counters a 全流程陪同 went through. */
  counters: z.array(z.number().int().min(1).max(9999)).max(20).default([]),
  ...Details,
});
export type CloseRequest = z.infer<typeof CloseRequest>;

/** A walk-up (no ticket) or a leader's 全流程陪同, logged at the desk, open or already done. */
export const WalkUpRequest = z.strictObject({
  key: AssistKey,
  kind: AssistKind,
  helper: Helper,
  startedAt: z.number().int().positive().optional(),
  counters: z.array(z.number().int().min(1).max(9999)).max(20).default([]),
  outcome: AssistOutcome.nullable().default(null),
  ...Details,
});
export type WalkUpRequest = z.infer<typeof WalkUpRequest>;

export const LedgerQuery = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '开始日期应为 YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '结束日期应为 YYYY-MM-DD'),
  kind: AssistKind.optional(),
  outcome: AssistOutcome.optional(),
  helper: Text(20).optional(),
  text: Text(40).optional(),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

/** Settings of the assistance flow (hall-wide, on the hub). */
export const AssistSettings = z.object({
  /** An unaccepted 求助 goes to the supervisor after this many minutes. */
  escalateMinutes: z.number().int().min(1).max(60).default(3),
});
export type AssistSettings = z.infer<typeof AssistSettings>;
