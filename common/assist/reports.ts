/**
 * 办不成事 reports as both wires carry them. The closed loop is 受理 → 研判 → 办理 → 反馈 → 归档
 * (普陀's five steps); the clerk who takes a report owns it (首问负责) until it is assigned.
 */
import { z } from 'zod';

export const REPORT_STATES = ['accepted', 'judging', 'handling', 'feedback', 'archived'] as const;
export const ReportState = z.enum(REPORT_STATES);
export type ReportState = z.infer<typeof ReportState>;

export const REPORT_KINDS = ['repeated', 'blocked', 'unclear', 'conduct', 'other'] as const;
export const ReportKind = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof ReportKind>;

const StaffRef = z.strictObject({ staffNo: z.string().trim().min(1).max(20), name: z.string().trim().min(1).max(40) });

export const ReportStep = z.object({ state: ReportState, owner: StaffRef, at: z.number(), note: z.string() });
export type ReportStep = z.infer<typeof ReportStep>;

/** The day (YYYY-MM-DD) by which each state must be finished. */
export const ReportDeadlines = z.record(ReportState, z.string());
export type ReportDeadlines = z.infer<typeof ReportDeadlines>;

export const UnresolvedReport = z.object({
  id: z.number().int(),
  key: z.string(),
  kind: ReportKind,
  counter: z.number().int().nullable(),
  takenBy: StaffRef,
  owner: StaffRef,
  applicant: z.string(),
  contact: z.string(),
  itemName: z.string().nullable(),
  description: z.string(),
  assistId: z.number().int().nullable(),
  state: ReportState,
  takenDay: z.string(),
  takenAt: z.number(),
  deadlines: ReportDeadlines,
  steps: z.array(ReportStep),
  /** Computed on read: today (hub time) is past the current state's deadline. */
  overdue: z.boolean(),
  /** Whether a deadline falls in a year whose holidays were not imported (暂定). */
  provisional: z.boolean(),
});
export type UnresolvedReport = z.infer<typeof UnresolvedReport>;

export const TakeReportRequest = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '请求编号格式不正确'),
  kind: ReportKind,
  counter: z.number().int().min(1).max(9999).nullable().default(null),
  by: StaffRef,
  applicant: z.string().trim().max(40).default(''),
  contact: z.string().trim().max(40).default(''),
  itemName: z.string().trim().max(80).nullable().default(null),
  description: z.string().trim().min(1, '请填写反映的问题').max(1000),
  assistId: z.number().int().nullable().default(null),
  at: z.number().int().positive().optional(),
});
export type TakeReportRequest = z.infer<typeof TakeReportRequest>;

export const AdvanceReportRequest = z.strictObject({
  to: ReportState,
  by: StaffRef,
  /** The next owner (派单); absent: whoever owns it keeps it. */
  owner: StaffRef.optional(),
  note: z.string().trim().max(1000).default(''),
});
export type AdvanceReportRequest = z.infer<typeof AdvanceReportRequest>;

/** Working days from the day a report is taken to each state's deadline (feedback 5: 奉贤's rule, a setting). */
export const ReportSettings = z.object({
  acceptDays: z.number().int().min(0).max(30).default(0),
  judgeDays: z.number().int().min(0).max(30).default(1),
  handleDays: z.number().int().min(0).max(60).default(4),
  feedbackDays: z.number().int().min(1).max(60).default(5),
  archiveDays: z.number().int().min(1).max(90).default(10),
  /** The dedicated 办不成事 counter (null: reports are taken at any counter only). */
  dedicatedCounter: z.number().int().min(1).max(9999).nullable().default(null),
});
export type ReportSettings = z.infer<typeof ReportSettings>;
