// Where a report's rows come from. The hub's queue tables give the queue figures; cases come from
// whichever database holds the hall's case record (the workstation's today, the hub's once cases
// sync there). One interface, so a PostgreSQL hub can answer the same questions.
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

/** The queue's rows from a hub.sqlite opened read-only (the CLI); the cases come from the hub's case record. */
export function sqliteReportSource(hub: Db): Omit<ReportSource, 'casesOf'> {
  return hubQueueRows(hub);
}
