// The figures of 日动态 (seed 001 §二(五)1): pure functions over the rows a day produced.
// A month is the sum of its days (see monthly.ts), so every count here must be additive per day;
// ratios are derived from counts carried beside them, never averaged.
import { hallDay } from '../../../common/hall-time';

export const WITHIN_MINUTES = 10;

/** A ticket as the report reads it (the hub's ticket row). Times are epoch ms. */
export interface ReportTicket {
  id: number;
  number: string;
  stream: string;
  kind: 'appointment' | 'walkin' | 'priority' | 'assistance';
  status: string;
  dueAt: number;
  issuedAt: number;
  calledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface ReportAppointment {
  id: string;
  status: 'booked' | 'checked_in' | 'late_walkin' | 'no_show' | 'cancelled';
}

/** A case as the report reads it. Dates are hall-time `YYYY-MM-DD`, times ISO strings. */
export interface ReportCase {
  caseNumber: string;
  itemCode: string;
  itemName: string;
  state: string;
  /** When the application was received at the counter (收件). */
  receivedAt: string;
  acceptedAt: string | null;
  acceptedDate: string | null;
  dueDate: string | null;
  completedAt: string | null;
}

export interface CaseListEntry {
  caseNumber: string;
  itemCode: string;
  itemName: string;
  state: string;
  dueDate: string | null;
  at: string | null;
}

export interface QueueFigures {
  tickets: number;
  ticketsByStream: Record<string, number>;
  appointments: number;
  noShows: number;
  /** Appointment tickets called this day: the denominator of the share below. */
  appointmentsCalled: number;
  appointmentsWithin10: number;
  appointmentsWithin10Share: number | null;
  /** Every called ticket's wait, minutes, for percentiles (a month merges the lists). */
  waitP95Minutes: number | null;
  served: number;
  serviceMinutesTotal: number;
  avgServiceMinutes: number | null;
}

export interface CaseFigures {
  accepted: number;
  completed: number;
  overdueAccepted: number;
  overdueCompleted: number;
  acceptMinutesTotal: number;
  avgAcceptMinutes: number | null;
  cases: { accepted: CaseListEntry[]; completed: CaseListEntry[]; overdueAccepted: CaseListEntry[]; overdueCompleted: CaseListEntry[] };
}

const MINUTE = 60_000;

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p of the values at or below it.
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function waitMinutes(t: ReportTicket): number | null {
  return t.calledAt === null ? null : Math.max(0, (t.calledAt - t.dueAt) / MINUTE);
}

export function queueFigures(tickets: readonly ReportTicket[], appointments: readonly ReportAppointment[]): QueueFigures {
  const ticketsByStream: Record<string, number> = {};
  const waits: number[] = [];
  let appointmentsCalled = 0;
  let appointmentsWithin10 = 0;
  let served = 0;
  let serviceMs = 0;
  for (const t of tickets) {
    ticketsByStream[t.stream] = (ticketsByStream[t.stream] ?? 0) + 1;
    const w = waitMinutes(t);
    if (w !== null) {
      waits.push(w);
      if (t.kind === 'appointment') {
        appointmentsCalled += 1;
        if (w <= WITHIN_MINUTES) appointmentsWithin10 += 1;
      }
    }
    if (t.startedAt !== null && t.finishedAt !== null && t.status === 'finished') {
      served += 1;
      serviceMs += t.finishedAt - t.startedAt;
    }
  }
  const p95 = percentile(waits, 0.95);
  return {
    tickets: tickets.length,
    ticketsByStream,
    appointments: appointments.filter((a) => a.status !== 'cancelled').length,
    noShows: appointments.filter((a) => a.status === 'no_show').length,
    appointmentsCalled,
    appointmentsWithin10,
    appointmentsWithin10Share: appointmentsCalled === 0 ? null : appointmentsWithin10 / appointmentsCalled,
    waitP95Minutes: p95 === null ? null : round1(p95),
    served,
    serviceMinutesTotal: round1(serviceMs / MINUTE),
    avgServiceMinutes: served === 0 ? null : round1(serviceMs / MINUTE / served),
  };
}

export interface CaseRules {
  /** The last day on which a case received on `receivedDay` may still be accepted (行政许可法 art. 32: on the spot or within 5 working days). */
  acceptDeadline(receivedDay: string): string;
}

function entry(c: ReportCase, at: string | null): CaseListEntry {
  return { caseNumber: c.caseNumber, itemCode: c.itemCode, itemName: c.itemName, state: c.state, dueDate: c.dueDate, at };
}

/**
 * Case figures of one day: 受理量 counts cases accepted that day, 办结量 cases completed that day;
 * 超时受理 a case accepted that day after its acceptance deadline, 超时办结 a case completed that day
 * after its promised due date. Counting each case on the day of the act keeps months additive.
 */
export function caseFigures(day: string, cases: readonly ReportCase[], rules: CaseRules): CaseFigures {
  const out: CaseFigures = {
    accepted: 0, completed: 0, overdueAccepted: 0, overdueCompleted: 0, acceptMinutesTotal: 0, avgAcceptMinutes: null,
    cases: { accepted: [], completed: [], overdueAccepted: [], overdueCompleted: [] },
  };
  for (const c of cases) {
    if (c.acceptedAt && c.acceptedDate === day) {
      out.accepted += 1;
      out.cases.accepted.push(entry(c, c.acceptedAt));
      out.acceptMinutesTotal += Math.max(0, (Date.parse(c.acceptedAt) - Date.parse(c.receivedAt)) / MINUTE);
      if (c.acceptedDate > rules.acceptDeadline(hallDay(Date.parse(c.receivedAt)))) {
        out.overdueAccepted += 1;
        out.cases.overdueAccepted.push(entry(c, c.acceptedAt));
      }
    }
    if (c.completedAt && hallDay(Date.parse(c.completedAt)) === day) {
      out.completed += 1;
      out.cases.completed.push(entry(c, c.completedAt));
      if (c.dueDate && day > c.dueDate) {
        out.overdueCompleted += 1;
        out.cases.overdueCompleted.push(entry(c, c.completedAt));
      }
    }
  }
  out.acceptMinutesTotal = round1(out.acceptMinutesTotal);
  out.avgAcceptMinutes = out.accepted === 0 ? null : round1(out.acceptMinutesTotal / out.accepted);
  return out;
}
