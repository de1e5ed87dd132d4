// 月动态: the month's days summed (so a month's counts equal the sum of its days' by construction),
// the rates the seed asks for (平均受理时长, 超时受理率, 超时办结率), and the change from last month.
import dayjs from 'dayjs';
import type { AssistanceCounts, DailyReport, DayFigures, RatingCounts } from './daily';

export interface MonthFigures {
  accepted: number;
  completed: number;
  overdueAccepted: number;
  overdueCompleted: number;
  tickets: number;
  appointmentsCalled: number;
  appointmentsWithin10: number;
  appointmentsWithin10Share: number | null;
  noShows: number;
  served: number;
  avgServiceMinutes: number | null;
  avgAcceptMinutes: number | null;
  overdueAcceptedRate: number | null;
  overdueCompletedRate: number | null;
  ratings: RatingCounts;
  assistance: AssistanceCounts;
}

export interface MonthlyReport extends MonthFigures {
  kind: 'monthly';
  month: string;
  generatedAt: string;
  days: { day: string; accepted: number; completed: number; overdueAccepted: number; overdueCompleted: number; tickets: number; appointmentsWithin10Share: number | null }[];
  previous: { month: string } & MonthFigures;
  /** This month minus last month, per count; null where either side has no figure. */
  change: Record<'accepted' | 'completed' | 'overdueAccepted' | 'overdueCompleted' | 'tickets', number>;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const round1 = (n: number) => Math.round(n * 10) / 10;

export function daysOfMonth(month: string): string[] {
  const first = dayjs(`${month}-01`);
  if (!first.isValid() || first.format('YYYY-MM') !== month) throw new RangeError(`bad month ${month}`);
  return Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day').format('YYYY-MM-DD'));
}

export function previousMonth(month: string): string {
  return dayjs(`${month}-01`).subtract(1, 'month').format('YYYY-MM');
}

export function sumDays(days: readonly DayFigures[]): MonthFigures {
  const s = {
    accepted: 0, completed: 0, overdueAccepted: 0, overdueCompleted: 0, tickets: 0, appointmentsCalled: 0, appointmentsWithin10: 0,
    noShows: 0, served: 0, serviceMinutes: 0, acceptMinutes: 0,
    ratings: { count: 0, rated: 0, good: 0, bad: 0 }, assistance: { requests: 0, resolved: 0, responseMinutesTotal: 0, answered: 0 },
  };
  for (const d of days) {
    s.accepted += d.accepted;
    s.completed += d.completed;
    s.overdueAccepted += d.overdueAccepted;
    s.overdueCompleted += d.overdueCompleted;
    s.tickets += d.tickets;
    s.appointmentsCalled += d.queue.appointmentsCalled;
    s.appointmentsWithin10 += d.queue.appointmentsWithin10;
    s.noShows += d.queue.noShows;
    s.served += d.queue.served;
    s.serviceMinutes += d.queue.serviceMinutesTotal;
    s.acceptMinutes += d.cases.acceptMinutesTotal;
    for (const k of ['count', 'rated', 'good', 'bad'] as const) s.ratings[k] += d.ratings[k];
    for (const k of ['requests', 'resolved', 'responseMinutesTotal', 'answered'] as const) s.assistance[k] += d.assistance[k];
  }
  const avgService = ratio(s.serviceMinutes, s.served);
  const avgAccept = ratio(s.acceptMinutes, s.accepted);
  return {
    accepted: s.accepted, completed: s.completed, overdueAccepted: s.overdueAccepted, overdueCompleted: s.overdueCompleted,
    tickets: s.tickets, appointmentsCalled: s.appointmentsCalled, appointmentsWithin10: s.appointmentsWithin10,
    appointmentsWithin10Share: ratio(s.appointmentsWithin10, s.appointmentsCalled), noShows: s.noShows, served: s.served,
    avgServiceMinutes: avgService === null ? null : round1(avgService),
    avgAcceptMinutes: avgAccept === null ? null : round1(avgAccept),
    overdueAcceptedRate: ratio(s.overdueAccepted, s.accepted),
    overdueCompletedRate: ratio(s.overdueCompleted, s.completed),
    ratings: s.ratings,
    assistance: { ...s.assistance, responseMinutesTotal: round1(s.assistance.responseMinutesTotal) },
  };
}

/** `daily` may give a day's full report or only its figures (dayFigures): the lists are not read. */
export async function buildMonthly(month: string, daily: (day: string) => Promise<DayFigures>, now: Date = new Date()): Promise<MonthlyReport> {
  const each = async (m: string) => {
    const out: DayFigures[] = [];
    for (const d of daysOfMonth(m)) out.push(await daily(d));
    return out;
  };
  const days = await each(month);
  const prevMonth = previousMonth(month);
  const previous = sumDays(await each(prevMonth));
  const figures = sumDays(days);
  const keys = ['accepted', 'completed', 'overdueAccepted', 'overdueCompleted', 'tickets'] as const;
  return {
    kind: 'monthly',
    month,
    generatedAt: now.toISOString(),
    ...figures,
    days: days.map((d) => ({ day: d.day, accepted: d.accepted, completed: d.completed, overdueAccepted: d.overdueAccepted, overdueCompleted: d.overdueCompleted, tickets: d.tickets, appointmentsWithin10Share: d.appointmentsWithin10Share })),
    previous: { month: prevMonth, ...previous },
    change: Object.fromEntries(keys.map((k) => [k, figures[k] - previous[k]])) as MonthlyReport['change'],
  };
}

// The wire schemas (common/reports.ts) and these types must not drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const monthlyMatchesWire: Same<MonthlyReport, import('zod').infer<typeof import('../../../common/reports').MonthlyReport>> = true;
export const dailyMatchesWire: Same<DailyReport, import('zod').infer<typeof import('../../../common/reports').DailyReport>> = true;
