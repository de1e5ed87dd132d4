/** Hub shapes → what the contract shows (QueueTicket, SupervisorView). Pure functions. */
import type { QueueTicket } from '../../../preload/contract/queue';
import type { HallConfig, Ticket } from '../../hub/protocol';
import type { CachedAppointment, OfflineTicket } from './offline-store';

export type HallView = Omit<HallConfig, 'counters'> & {
  /** The hub's public follow listener (the slip QR's base URL), when it has one. */
  followBase?: string | null;
  counters: { number: number; name: string; streams: string[]; items: string[] | null; dedicatedStream: string | null; dedicationLabel: string | null }[] };

const booking = (a: CachedAppointment | null): QueueTicket['appointment'] =>
  a ? { code: a.code, name: a.name ?? '', itemName: a.itemName, slotStart: a.slotStart, slotEnd: a.slotEnd } : null;

export function streamName(hall: HallView | null, id: string): string {
  return hall?.streams.find((s) => s.id === id)?.name ?? id;
}

export function fromHub(t: Ticket, hall: HallView | null, appt: (id: string) => CachedAppointment | null): QueueTicket {
  return {
    ref: `hub:${t.id}`, number: t.number, stream: t.stream, streamName: streamName(hall, t.stream), kind: t.kind, series: t.series, status: t.status,
    itemCode: t.itemCode, note: t.note, counter: t.counter, dueAt: t.dueAt, issuedAt: t.issuedAt, calledAt: t.lastCalledAt ?? t.calledAt, startedAt: t.startedAt,
    callCount: t.callCount, appointment: booking(t.appointmentId ? appt(t.appointmentId) : null),
  };
}

export function fromOffline(t: OfflineTicket, hall: HallView | null, appt: (id: string) => CachedAppointment | null): QueueTicket {
  return {
    ref: `offline:${t.number}`, number: t.number, stream: t.stream, streamName: streamName(hall, t.stream), kind: t.kind, series: 'offline', status: t.status,
    itemCode: t.itemCode, note: '离线签发', counter: t.status === 'waiting' ? null : t.counter, dueAt: t.dueAt, issuedAt: t.issuedAt, calledAt: t.calledAt,
    startedAt: t.startedAt, callCount: t.callCount, appointment: booking(t.appointmentId ? appt(t.appointmentId) : null),
  };
}

export type TicketRef = { series: 'hub'; id: number } | { series: 'offline'; number: string };

export function parseRef(ref: string): TicketRef {
  if (ref.startsWith('hub:')) return { series: 'hub', id: Number(ref.slice(4)) };
  return { series: 'offline', number: ref.slice('offline:'.length) };
}
