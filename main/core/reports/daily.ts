// 日动态: one day's figures of one hall, built from a ReportSource.
import { caseFigures, queueFigures, waitMinutes, type CaseFigures, type CaseRules, type QueueFigures } from './figures';
import type { ReportSource } from './source';

export interface RatingCounts {
  /** Services that could be rated (finished services). */
  count: number;
  rated: number;
  good: number;
  bad: number;
}

export interface AssistanceCounts {
  requests: number;
  resolved: number;
  /** Sum of response minutes over answered requests (the average is derived, so months stay additive). */
  responseMinutesTotal: number;
  answered: number;
}

/** Optional figures from the rating and assistance records; a hall without them reports zeros. */
export interface ServiceSource {
  /** Ratings given that day; `count` (the services that could be rated) is the day's finished services. */
  ratings?(day: string): Omit<RatingCounts, 'count'> | Promise<Omit<RatingCounts, 'count'>>;
  assistance?(day: string): AssistanceCounts | Promise<AssistanceCounts>;
}

export interface DailyReport {
  kind: 'daily';
  day: string;
  generatedAt: string;
  accepted: number;
  completed: number;
  overdueAccepted: number;
  overdueCompleted: number;
  tickets: number;
  appointmentsWithin10Share: number | null;
  ratings: RatingCounts;
  assistance: AssistanceCounts;
  queue: QueueFigures;
  cases: CaseFigures;
  /** The tickets behind the queue figures (numbers only: no one's name), for the drill-down. */
  ticketList: TicketListEntry[];
}

/** A day's figures without its case and ticket lists: all a month sums (a kept day's lists can be megabytes at a large hall). */
export type DayFigures = Omit<DailyReport, 'ticketList' | 'cases'> & { cases: Omit<CaseFigures, 'cases'> };

export function dayFigures(r: DailyReport): DayFigures {
  const { ticketList: _tickets, cases: { cases: _cases, ...cases }, ...rest } = r;
  return { ...rest, cases };
}

export interface TicketListEntry {
  number: string;
  stream: string;
  kind: string;
  status: string;
  waitMinutes: number | null;
}

const ZERO_RATINGS: RatingCounts = { count: 0, rated: 0, good: 0, bad: 0 };
const ZERO_ASSISTANCE: AssistanceCounts = { requests: 0, resolved: 0, responseMinutesTotal: 0, answered: 0 };

export async function buildDaily(day: string, src: ReportSource & ServiceSource, rules: CaseRules, now: Date = new Date()): Promise<DailyReport> {
  const tickets = await src.tickets(day);
  const queue = queueFigures(tickets, await src.appointments(day));
  const cases = caseFigures(day, await src.casesOf(day), rules);
  return {
    kind: 'daily',
    day,
    generatedAt: now.toISOString(),
    accepted: cases.accepted,
    completed: cases.completed,
    overdueAccepted: cases.overdueAccepted,
    overdueCompleted: cases.overdueCompleted,
    tickets: queue.tickets,
    appointmentsWithin10Share: queue.appointmentsWithin10Share,
    ratings: { ...ZERO_RATINGS, ...(await src.ratings?.(day)), count: queue.served },
    assistance: (await src.assistance?.(day)) ?? ZERO_ASSISTANCE,
    queue,
    cases,
    ticketList: tickets.map((t) => {
      const w = waitMinutes(t);
      return { number: t.number, stream: t.stream, kind: t.kind, status: t.status, waitMinutes: w === null ? null : Math.round(w * 10) / 10 };
    }),
  };
}
