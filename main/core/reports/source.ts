// Where a report's rows come from. The hub's queue tables give the queue figures; cases come from
// whichever database holds the hall's case record (the workstation's today, the hub's once cases
// sync there). One interface, so a PostgreSQL hub can answer the same questions.
import { atHallTime } from '../../../common/hall-time';
import type { Db } from '../../db/connection';
import type { ReportAppointment, ReportCase, ReportTicket } from './figures';

export type MaybeAsync<T> = T | Promise<T>;

export interface ReportSource {
  tickets(day: string): MaybeAsync<ReportTicket[]>;
  appointments(day: string): MaybeAsync<ReportAppointment[]>;
  /** Cases accepted or completed on `day` (hall time). */
  casesOf(day: string): MaybeAsync<ReportCase[]>;
}


interface TicketRow {
  id: number; number: string; stream: string; kind: ReportTicket['kind']; status: string;
  due_at: number; issued_at: number; called_at: number | null; started_at: number | null; finished_at: number | null;
}

export function hubQueueRows(hub: Db) {
  const tickets = hub.prepare<[string], TicketRow>(
    `SELECT id, number, stream, kind, status, due_at, issued_at, called_at, started_at, finished_at FROM tickets WHERE day = ? ORDER BY id`,
  );
  const appointments = hub.prepare<[string], ReportAppointment>(`SELECT id, status FROM appointments WHERE day = ?`);
  return {
    tickets: (day: string): ReportTicket[] =>
      tickets.all(day).map((r) => ({
        id: r.id, number: r.number, stream: r.stream, kind: r.kind, status: r.status, dueAt: r.due_at, issuedAt: r.issued_at,
        calledAt: r.called_at, startedAt: r.started_at, finishedAt: r.finished_at,
      })),
    appointments: (day: string): ReportAppointment[] => appointments.all(day),
  };
}

interface CaseRow {
  case_number: string; item_code: string; item_name: string; state: string; created_at: string;
  accepted_at: string | null; accepted_date: string | null; due_date: string | null; completed_at: string | null;
}

/** Cases from a database with the workstation's `cases` table. Times are ISO (UTC); days are hall days. */
export function caseRows(db: Db) {
  // completed_at is an ISO instant; the hall day it falls on spans [00:00, 24:00) hall time.
  const stmt = db.prepare<[string, string, string], CaseRow>(
    `SELECT case_number, item_code, item_name, state, created_at, accepted_at, accepted_date, due_date, completed_at
       FROM cases WHERE case_number IS NOT NULL AND (accepted_date = ? OR (completed_at >= ? AND completed_at < ?))`,
  );
  return (day: string): ReportCase[] => {
    const from = new Date(atHallTime(day, '00:00')).toISOString();
    const to = new Date(atHallTime(day, '00:00') + 86_400_000).toISOString();
    return stmt.all(day, from, to).map((r) => ({
      caseNumber: r.case_number, itemCode: r.item_code, itemName: r.item_name, state: r.state, receivedAt: r.created_at,
      acceptedAt: r.accepted_at, acceptedDate: r.accepted_date, dueDate: r.due_date, completedAt: r.completed_at,
    }));
  };
}

/** `cases`: the database holding the hall's case record; null where none is reachable (no case figures). */
export function sqliteReportSource(hub: Db, cases: Db | null): ReportSource {
  const q = hubQueueRows(hub);
  return { tickets: q.tickets, appointments: q.appointments, casesOf: cases ? caseRows(cases) : () => [] };
}
