// Row ↔ object mapping for the SQLite store.
import type { Appointment, Ticket } from '../protocol';
import type { CounterRow, WaitingRow } from './types';

// SQLite rows are untyped at the driver boundary; toTicket/toCounter/toAppointment give them their types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;


// Written out by hand: this runs for every row the queue reads, and a generic mapper was the hot spot.
export function toTicket(r: Row): Ticket {
  return {
    id: r.id, day: r.day, number: r.number, stream: r.stream, kind: r.kind, series: r.series, source: r.source, status: r.status,
    itemCode: r.item_code, note: r.note, counter: r.counter, targetCounter: r.target_counter, dueAt: r.due_at, issuedAt: r.issued_at,
    calledAt: r.called_at, callCount: r.call_count ?? 0, lastCalledAt: r.last_called_at, startedAt: r.started_at,
    finishedAt: r.finished_at, movedUpAt: r.moved_up_at, appointmentId: r.appointment_id, followCode: r.follow_code ?? null,
    estimateAhead: r.estimate_ahead ?? null, estimateMinutes: r.estimate_minutes ?? null,
  };
}

export function toWaiting(r: Row): WaitingRow {
  return { id: r.id, stream: r.stream, kind: r.kind, itemCode: r.item_code, dueAt: r.due_at, issuedSeq: r.id, targetCounter: r.target_counter, movedUpAt: r.moved_up_at };
}

export function toCounter(r: Row): CounterRow {
  return {
    number: r.number, name: r.name, streams: JSON.parse(r.streams), items: r.items ? JSON.parse(r.items) : null,
    dedicatedStream: r.dedicated_stream, dedicationLabel: r.dedication_label,
    paused: !!r.paused, pausedAt: r.paused_at, lastSeen: r.last_seen,
    staff: r.staff_name ? { name: r.staff_name, staffNo: r.staff_no ?? '' } : null,
  };
}

export function toAppointment(r: Row): Appointment {
  return {
    id: r.id, day: r.day, code: r.code, idNumberMasked: r.id_masked, idHash: r.id_hash, name: r.name ?? null, phone: r.phone ?? null,
    slotStart: r.slot_start, slotEnd: r.slot_end, itemCode: r.item_code, itemName: r.item_name,
    status: r.status, ticketId: r.ticket_id, checkedInAt: r.checked_in_at, note: r.note,
  };
}


export const TICKET_COLS: Record<keyof Omit<Ticket, 'id'>, string> = {
  day: 'day', number: 'number', stream: 'stream', kind: 'kind', series: 'series', source: 'source', status: 'status',
  itemCode: 'item_code', note: 'note', counter: 'counter', targetCounter: 'target_counter', dueAt: 'due_at',
  issuedAt: 'issued_at', calledAt: 'called_at', callCount: 'call_count', lastCalledAt: 'last_called_at',
  startedAt: 'started_at', finishedAt: 'finished_at', movedUpAt: 'moved_up_at', appointmentId: 'appointment_id',
  followCode: 'follow_code', estimateAhead: 'estimate_ahead', estimateMinutes: 'estimate_minutes',
};

/** A counter's changed columns, for `UPDATE counters SET <sql> WHERE number = ?` on either backend; null when nothing changes. */
export function counterPatch(patch: Partial<Pick<CounterRow, 'paused' | 'pausedAt' | 'lastSeen' | 'streams' | 'items' | 'staff'>>): { sql: string; vals: unknown[] } | null {
  const sets: string[] = [];
  const vals: unknown[] = [];
  const set = (col: string, v: unknown) => {
    sets.push(`${col} = ?`);
    vals.push(v);
  };
  if (patch.paused !== undefined) set('paused', patch.paused ? 1 : 0);
  if (patch.pausedAt !== undefined) set('paused_at', patch.pausedAt);
  if (patch.lastSeen !== undefined) set('last_seen', patch.lastSeen);
  if (patch.streams !== undefined) set('streams', JSON.stringify(patch.streams));
  if (patch.items !== undefined) set('items', patch.items ? JSON.stringify(patch.items) : null);
  if (patch.staff !== undefined) {
    set('staff_name', patch.staff?.name ?? null);
    set('staff_no', patch.staff?.staffNo ?? null);
  }
  return sets.length ? { sql: sets.join(', '), vals } : null;
}
