/**
 * 受理 and 叫号 linked: the ticket being served at a counter, with the booking behind it (read from
 * the day's cached appointments, so it works offline too), and the case taken for it.
 */
import { DeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import type { Serving } from '../../../preload/contract/intake';
import type { QueueTicket } from '../../../preload/contract/queue';
import type { CaseService } from '../../core/cases';
import { STATE_LABELS } from '../../core/cases/states';
import type { CachedAppointment } from '../../core/queue/offline-store';

/** What intake may ask the queue: the counter's current ticket and a booking of the day by its code. */
export interface ServingSource {
  current(counterNumber: number): Promise<QueueTicket | null>;
  booking(day: string, code: string): CachedAppointment | null;
  /** A walk-in's ID card as read at the kiosk (null when none was read, or offline). */
  holder(ref: string, counterNumber: number): Promise<{ idNumber: string; name: string } | null>;
}

/** Built by the composition root from the queue domain; intake sees nothing else of it. */
export function servingSource(queue: {
  service: { state(counter: number): Promise<{ current: QueueTicket | null }>; ticketHolder(ref: string, counter: number): Promise<{ idNumber: string; name: string } | null> };
  store: { findAppointments(day: string, by: { code: string }): CachedAppointment[] };
}): ServingSource {
  return {
    current: async (n) => (await queue.service.state(n)).current,
    booking: (day, code) => queue.store.findAppointments(day, { code })[0] ?? null,
    holder: (ref, n) => queue.service.ticketHolder(ref, n),
  };
}

export function caseOfTicket(cases: CaseService, ref: string): Serving['case'] {
  const c = cases.queries.findByTicket(ref);
  return c ? { id: c.id, caseNumber: c.caseNumber, stateLabel: STATE_LABELS[c.state] } : null;
}

export async function servingAt(src: ServingSource, cases: CaseService, counterNumber: number): Promise<Serving | null> {
  const t = await src.current(counterNumber);
  if (!t) return null;
  // The booking's own day (its slot's), not this machine's: the hub's clock is the hall's.
  const b = t.appointment ? src.booking(hallDay(t.appointment.slotStart), t.appointment.code) : null;
  // The holder as read at the kiosk (a walk-in) or given at check-in by ID number (a booking): the hub
  // answers it only to the counter serving the ticket. The booking itself carries no ID number (the
  // hub keeps it hashed): checked in by code, the clerk reads the card.
  const h = await src.holder(t.ref, counterNumber);
  return {
    ticket: { ref: t.ref, number: t.number, streamName: t.streamName, status: t.status },
    booking: b ? { name: h?.name ?? b.name ?? '', idNumber: h?.idNumber ?? '', itemCode: b.itemCode, itemName: b.itemName } : h ? { name: h.name, idNumber: h.idNumber, itemCode: null, itemName: null } : null,
    case: caseOfTicket(cases, t.ref),
  };
}

/** The ticket a new case is taken for: only the one being served at this counter. */
export async function ticketForCase(src: ServingSource, counterNumber: number, ref: string): Promise<{ ref: string; number: string }> {
  const t = await src.current(counterNumber);
  if (!t || t.ref !== ref) throw new DeskError('TICKET_NOT_CURRENT', '该号已不是本窗口正在办理的号，请回到叫号确认后重新开始受理。');
  return { ref: t.ref, number: t.number };
}
