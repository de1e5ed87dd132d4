import { z } from 'zod';
import {
  AssistKind, AssistOutcome, AssistRecord, AssistSettings, HelperCapacity, LedgerQuery, RequestKind,
} from '../../common/assist/schema';
import { ReportKind, ReportSettings, ReportState, UnresolvedReport } from '../../common/assist/reports';
import { call, event } from './define';

/**
 * Assistance (帮办): 求助 from any counter page, the helpers' desk (accept, arrive, close, walk-ups,
 * 全流程陪同), the 帮办台账 with its figures and exports, and 办不成事 reports. The hall hub holds
 * the records; a 求助 made while it is unreachable waits in this workstation's queue.
 */
const COUNTER_STAFF = ['clerk', 'assistant', 'supervisor'] as const;
const HELPERS = ['assistant', 'supervisor'] as const;
const LEDGER_READERS = ['assistant', 'supervisor', 'admin'] as const;
const SUPERVISORS = ['supervisor', 'admin'] as const;

export const pendingRequestSchema = z.object({ key: z.string(), counter: z.number().int(), kind: AssistKind, note: z.string(), at: z.number(), lastError: z.string().nullable() });

const text = (max: number) => z.string().trim().max(max);
const details = {
  applicant: text(40).default(''),
  itemCode: text(40).nullable().default(null),
  itemName: text(80).nullable().default(null),
  caseIds: z.array(text(64).min(1)).max(20).default([]),
  ticketNo: text(20).nullable().default(null),
  problem: text(500).default(''),
  action: text(500).default(''),
  outOfScope: z.boolean().default(false),
  counters: z.array(z.number().int().min(1).max(9999)).max(20).default([]),
};

const figureGroupSchema = z.object({
  by: z.enum(['helper', 'kind']), key: z.string(), label: z.string(), count: z.number().int(), resolved: z.number().int(),
  resolutionRate: z.number().nullable(), avgAcceptMinutes: z.number().nullable(), avgArriveMinutes: z.number().nullable(), avgHandleMinutes: z.number().nullable(),
});
export const ledgerFiguresSchema = z.object({ months: z.array(z.object({ month: z.string(), count: z.number().int(), resolved: z.number().int() })), groups: z.array(figureGroupSchema) });
const fileSchema = z.object({ fileName: z.string(), mime: z.string(), base64: z.string() });
const settingsSchema = z.object({ assist: AssistSettings, reports: ReportSettings });

export const assistCalls = {
  'assist.request': call({
    input: z.strictObject({ kind: RequestKind, note: text(200).default('') }),
    output: z.object({ record: AssistRecord.nullable(), pending: pendingRequestSchema.nullable() }),
    access: COUNTER_STAFF, audited: true,
  }),
  'assist.cancel': call({ input: z.strictObject({ id: z.number().int().positive() }), output: AssistRecord, access: COUNTER_STAFF, audited: true }),
  'assist.live': call({
    input: z.strictObject({}),
    output: z.object({ online: z.boolean(), records: z.array(AssistRecord), pending: z.array(pendingRequestSchema), me: z.object({ staffNo: z.string(), capacity: HelperCapacity }) }),
    access: 'signed-in',
  }),
  'assist.accept': call({ input: z.strictObject({ id: z.number().int().positive(), etaMinutes: z.number().int().min(0).max(120).default(2) }), output: AssistRecord, access: HELPERS, audited: true }),
  'assist.arrive': call({ input: z.strictObject({ id: z.number().int().positive() }), output: AssistRecord, access: HELPERS, audited: true }),
  'assist.close': call({ input: z.strictObject({ id: z.number().int().positive(), outcome: AssistOutcome, ...details }), output: AssistRecord, access: HELPERS, audited: true }),
  'assist.walkUp': call({
    input: z.strictObject({ kind: AssistKind, outcome: AssistOutcome.nullable().default(null), startedAt: z.number().int().positive().optional(), ...details }),
    output: AssistRecord, access: HELPERS, audited: true,
  }),
  'assist.ledger': call({ input: LedgerQuery, output: z.object({ records: z.array(AssistRecord), figures: ledgerFiguresSchema }), access: LEDGER_READERS }),
  'assist.export': call({ input: LedgerQuery.extend({ format: z.enum(['xlsx', 'pdf']) }), output: fileSchema, access: LEDGER_READERS, audited: true }),
  'assist.settings': call({ input: z.strictObject({}), output: settingsSchema, access: 'signed-in' }),
  'assist.setSettings': call({ input: z.strictObject({ assist: AssistSettings, reports: ReportSettings }), output: settingsSchema, access: SUPERVISORS, audited: true }),
  'assist.setCapacity': call({ input: z.strictObject({ staffNo: z.string().trim().min(1).max(20), capacity: HelperCapacity }), output: z.object({ done: z.literal(true) }), access: ['admin'], audited: true }),

  'unresolved.take': call({
    input: z.strictObject({
      kind: ReportKind, applicant: text(40).default(''), contact: text(40).default(''), itemName: text(80).nullable().default(null),
      description: z.string().trim().min(1, '请填写反映的问题').max(1000), assistId: z.number().int().positive().nullable().default(null),
    }),
    output: z.object({ report: UnresolvedReport.nullable(), notice: fileSchema.nullable(), queued: z.boolean() }),
    access: COUNTER_STAFF, audited: true,
  }),
  'unresolved.list': call({ input: z.strictObject({}), output: z.array(UnresolvedReport), access: 'signed-in' }),
  'unresolved.advance': call({
    input: z.strictObject({ id: z.number().int().positive(), to: ReportState, note: text(1000).default(''), owner: z.strictObject({ staffNo: text(20).min(1), name: text(40).min(1) }).optional() }),
    output: UnresolvedReport, access: ['clerk', 'assistant', 'supervisor', 'admin'], audited: true,
  }),
  'unresolved.notice': call({ input: z.strictObject({ id: z.number().int().positive() }), output: fileSchema, access: 'signed-in' }),
};

export const assistEvents = {
  /** A 求助 was made, taken, escalated or closed anywhere in the hall (the hub's push). */
  'assist.changed': event({ payload: AssistRecord, scope: 'all-staff' }),
};
