// The wire shapes of 日动态 / 月动态 (hub answers, the workstation's calls, the CLI's JSON).
import { z } from 'zod';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1).nullable();
const minutes = z.number().nullable();

export const CaseListEntry = z.object({
  caseNumber: z.string(), itemCode: z.string(), itemName: z.string(), state: z.string(), dueDate: z.string().nullable(), at: z.string().nullable(),
});
export const QueueFigures = z.object({
  tickets: count,
  ticketsByStream: z.record(z.string(), count),
  appointments: count,
  noShows: count,
  appointmentsCalled: count,
  appointmentsWithin10: count,
  appointmentsWithin10Share: share,
  waitP95Minutes: minutes,
  served: count,
  serviceMinutesTotal: z.number(),
  avgServiceMinutes: minutes,
});
export const CaseFigures = z.object({
  accepted: count, completed: count, overdueAccepted: count, overdueCompleted: count, acceptMinutesTotal: z.number(), avgAcceptMinutes: minutes,
  cases: z.object({ accepted: z.array(CaseListEntry), completed: z.array(CaseListEntry), overdueAccepted: z.array(CaseListEntry), overdueCompleted: z.array(CaseListEntry) }),
});
export const RatingCounts = z.object({ count, rated: count, good: count, bad: count });
export const AssistanceCounts = z.object({ requests: count, resolved: count, responseMinutesTotal: z.number(), answered: count });

export const DailyReport = z.object({
  kind: z.literal('daily'),
  day: z.string(),
  generatedAt: z.string(),
  accepted: count,
  completed: count,
  overdueAccepted: count,
  overdueCompleted: count,
  tickets: count,
  appointmentsWithin10Share: share,
  ratings: RatingCounts,
  assistance: AssistanceCounts,
  queue: QueueFigures,
  cases: CaseFigures,
  ticketList: z.array(z.object({ number: z.string(), stream: z.string(), kind: z.string(), status: z.string(), waitMinutes: z.number().nullable() })),
});

export const MonthFigures = z.object({
  accepted: count, completed: count, overdueAccepted: count, overdueCompleted: count, tickets: count,
  appointmentsCalled: count, appointmentsWithin10: count, appointmentsWithin10Share: share, noShows: count, served: count,
  avgServiceMinutes: minutes, avgAcceptMinutes: minutes, overdueAcceptedRate: share, overdueCompletedRate: share,
  ratings: RatingCounts, assistance: AssistanceCounts,
});
export const MonthlyReport = MonthFigures.extend({
  kind: z.literal('monthly'),
  month: z.string(),
  generatedAt: z.string(),
  days: z.array(z.object({ day: z.string(), accepted: count, completed: count, overdueAccepted: count, overdueCompleted: count, tickets: count, appointmentsWithin10Share: share })),
  previous: MonthFigures.extend({ month: z.string() }),
  change: z.object({ accepted: z.number(), completed: z.number(), overdueAccepted: z.number(), overdueCompleted: z.number(), tickets: z.number() }),
});

export const ReportDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ReportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
