import type { StreamKind } from '../../../../common/queue/types';
import { Rng } from './rng';
import { minutesOf, type Scenario } from './scenario';

/** One applicant who reaches the queue, in minutes since midnight. Shared by every policy run. */
export interface SimArrival {
  seq: number;
  /** When the ticket joins the waiting list (check-in or ticket issue). */
  arriveAt: number;
  /** When the wait clock starts (slot start for early appointment holders). */
  dueAt: number;
  kind: StreamKind;
  stream: string;
  serviceMinutes: number;
  /** Booked, but arrived after the late threshold: served as a walk-in. */
  lateAppointment?: boolean;
}

export interface ArrivalSet {
  arrivals: SimArrival[];
  booked: number;
  noShows: number;
  lateToWalkin: number;
}

/** Draws one simulated hall day from the scenario's seed. */
export function generateArrivals(sc: Scenario): ArrivalSet {
  const rng = new Rng(sc.seed);
  const open = minutesOf(sc.open);
  const close = minutesOf(sc.close);
  const raw: Omit<SimArrival, 'seq'>[] = [];
  const service = () => Math.max(0.5, rng.lognormal(sc.serviceMinutes.mean, sc.serviceMinutes.sd));
  let booked = 0;
  let noShows = 0;
  let lateToWalkin = 0;

  const a = sc.appointments;
  for (let slot = 0, start = open; start < close; slot++, start += a.slotMinutes) {
    const n = a.perSlotBySlot?.[slot] ?? a.perSlot;
    for (let i = 0; i < n; i++) {
      booked++;
      const svc = service();
      if (rng.chance(a.noShowRate)) {
        noShows++;
        continue;
      }
      let arrive = start + rng.normal(a.arrivalOffsetMinutes.mean, a.arrivalOffsetMinutes.sd);
      arrive = Math.max(arrive, start - a.earlyBeforeMinutes, open);
      if (arrive > start + a.lateAfterMinutes) {
        lateToWalkin++;
        raw.push({ arriveAt: arrive, dueAt: arrive, kind: 'walkin', stream: 'A', serviceMinutes: svc, lateAppointment: true });
      } else {
        raw.push({ arriveAt: arrive, dueAt: Math.max(arrive, start), kind: 'appointment', stream: 'Y', serviceMinutes: svc });
      }
    }
  }

  const hours = Math.ceil((close - open) / 60);
  for (let h = 0; h < hours; h++) {
    const rate = (sc.walkins.perHour[h] ?? 0) / 60;
    if (rate <= 0) continue;
    const end = Math.min(open + (h + 1) * 60, close);
    for (let t = open + h * 60 + rng.exponential(rate); t < end; t += rng.exponential(rate)) {
      const svc = service();
      if (rng.chance(sc.priorityShare)) {
        raw.push({ arriveAt: t, dueAt: t, kind: 'priority', stream: 'V', serviceMinutes: svc });
        continue;
      }
      let stream = 'A';
      let u = rng.next();
      for (const d of sc.dedicated) {
        if (u < d.share) {
          stream = d.stream;
          break;
        }
        u -= d.share;
      }
      raw.push({ arriveAt: t, dueAt: t, kind: 'walkin', stream, serviceMinutes: svc });
    }
  }

  raw.sort((x, y) => x.arriveAt - y.arriveAt);
  return { arrivals: raw.map((r, seq) => ({ ...r, seq })), booked, noShows, lateToWalkin };
}
