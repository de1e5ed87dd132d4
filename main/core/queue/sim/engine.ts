import { forecastTicket, naiveWaitMinutes } from '../../../../common/queue/forecast';
import { expectedFreeAt } from '../../../../common/queue/slack';
import { pickAppointmentsFirst, pickEdf, pickFifo, pickNext } from '../../../../common/queue/policy';
import { DEFAULT_POLICY, type HallLoad, type PolicyCounter, type PolicyParams, type PolicyTicket } from '../../../../common/queue/types';
import { generateArrivals, type SimArrival } from './arrivals';
import { minutesOf, type Scenario } from './scenario';
import { waitStats, type WaitStats } from './stats';

export type PolicyName = 'policy' | 'edf' | 'fifo' | 'appointmentsFirst';
export interface ForecastAccuracy {
  /** Mean absolute error of the forecast made at issue against the wait that followed, minutes. */
  mae: number;
  /** The same for queue length × mean service ÷ open counters. */
  naiveMae: number;
}
export interface RunMetrics {
  appointment: WaitStats;
  walkin: WaitStats;
  priority: WaitStats;
  utilisation: number;
  forecast: ForecastAccuracy;
}
export interface SimResult {
  scenario: string;
  results: Record<PolicyName, RunMetrics>;
  /** Context for reading the figures; not part of the per-policy comparison. */
  day: { booked: number; noShows: number; lateToWalkin: number; arrivals: number; policy: PolicyParams };
}

export type Picker = (waiting: SimTicket[], counter: PolicyCounter, now: number, load: HallLoad) => SimTicket | null;
export interface SimTicket extends PolicyTicket {
  arrival: SimArrival;
}

const MS = 60_000;

export function buildCounters(sc: Scenario): PolicyCounter[] {
  const streams = ['Y', 'A', 'V', ...sc.dedicated.map((d) => d.stream)];
  const counters: PolicyCounter[] = [];
  let n = 1;
  for (const d of sc.dedicated) for (let i = 0; i < d.count && n <= sc.counters; i++) counters.push({ number: n++, streams, dedicatedStream: d.stream });
  while (n <= sc.counters) counters.push({ number: n++, streams });
  return counters;
}

/**
 * The appointments a hub would expect in the next hour from its booking list: each future slot's
 * bookings less the scenario's no-show rate, due at slot start. Only what the hub knows at `now`.
 */
function expectedAppointments(sc: Scenario, now: number, arrivedBySlot: Map<number, number>): SimTicket[] {
  const a = sc.appointments;
  const open = minutesOf(sc.open);
  const out: SimTicket[] = [];
  for (let slot = 0, start = open; start < minutesOf(sc.close); slot++, start += a.slotMinutes) {
    if (start <= now || start > now + 60) continue;
    const shows = Math.round((a.perSlotBySlot?.[slot] ?? a.perSlot) * (1 - a.noShowRate)) - (arrivedBySlot.get(start) ?? 0);
    for (let i = 0; i < shows; i++) {
      const arrival: SimArrival = { seq: -1, arriveAt: start, dueAt: start, kind: 'appointment', stream: 'Y', serviceMinutes: sc.serviceMinutes.mean };
      out.push({ id: `exp-${slot}-${i}`, stream: 'Y', kind: 'appointment', dueAt: start * MS, issuedSeq: 1e9 + slot * 1000 + i, arrival });
    }
  }
  return out;
}

/**
 * Event-driven run of one hall day under one picker. Time advances from event to event
 * (an arrival or a service completion); whenever something changes, every idle counter asks
 * the picker for its next ticket — exactly what a clerk pressing "call next" does at the hub.
 * Every arrival is forecast at issue (as the hub does) and the forecast compared with its wait.
 */
export function runDay(sc: Scenario, arrivals: readonly SimArrival[], pick: Picker): RunMetrics {
  const counters = buildCounters(sc);
  const freeAt = counters.map(() => -Infinity);
  const startedAt = counters.map(() => -Infinity);
  const meanMs = sc.serviceMinutes.mean * MS;
  const waiting: SimTicket[] = [];
  const waits: Record<'appointment' | 'walkin' | 'priority', number[]> = { appointment: [], walkin: [], priority: [] };
  const predicted = new Map<number, { forecast: number; naive: number }>();
  const errors = { forecast: 0, naive: 0, n: 0 };
  const open = minutesOf(sc.open);
  let busy = 0;
  let lastEnd = minutesOf(sc.close);
  let next = 0;
  let now = open;

  // What the hub knows of its counters: when each started its current service, not when it will end.
  const arrivedBySlot = new Map<number, number>();
  const load = (): HallLoad => ({
    meanServiceMs: meanMs,
    expected: expectedAppointments(sc, now, arrivedBySlot),
    counters: counters.map((c, i) => ({ counter: c, freeAt: freeAt[i] > now ? expectedFreeAt(startedAt[i] * MS, now * MS, meanMs) : now * MS })),
  });

  const dispatch = () => {
    for (let c = 0; c < counters.length && waiting.length > 0; c++) {
      if (freeAt[c] > now) continue;
      const t = pick(waiting, counters[c], now * MS, load());
      if (!t) continue;
      waiting.splice(waiting.indexOf(t), 1);
      const wait = Math.max(0, now - t.arrival.dueAt);
      const cls = t.kind === 'appointment' ? 'appointment' : t.kind === 'priority' ? 'priority' : 'walkin';
      waits[cls].push(wait);
      const p = predicted.get(t.arrival.seq);
      if (p) {
        errors.forecast += Math.abs(p.forecast - wait);
        errors.naive += Math.abs(p.naive - wait);
        errors.n++;
      }
      startedAt[c] = now;
      freeAt[c] = now + t.arrival.serviceMinutes;
      busy += t.arrival.serviceMinutes;
      lastEnd = Math.max(lastEnd, freeAt[c]);
    }
  };

  while (next < arrivals.length || waiting.length > 0) {
    const nextArrival = next < arrivals.length ? arrivals[next].arriveAt : Infinity;
    let nextFree = Infinity;
    for (const f of freeAt) if (f > now && f < nextFree) nextFree = f;
    const t = Math.max(open, Math.min(nextArrival, nextFree));
    if (!Number.isFinite(t)) break;
    now = t;
    while (next < arrivals.length && arrivals[next].arriveAt <= now) {
      const a = arrivals[next++];
      if (a.kind === 'appointment') {
        const slot = open + Math.floor((a.dueAt - open) / sc.appointments.slotMinutes) * sc.appointments.slotMinutes;
        arrivedBySlot.set(slot, (arrivedBySlot.get(slot) ?? 0) + 1);
      }
      const ticket: SimTicket = { id: a.seq, stream: a.stream, kind: a.kind, dueAt: a.dueAt * MS, issuedSeq: a.seq, arrival: a };
      waiting.push(ticket);
      const l = load();
      const f = forecastTicket({ now: now * MS, waiting, counters: l.counters, meanServiceMs: meanMs, params: DEFAULT_POLICY, upcoming: l.expected as SimTicket[], pick: (w, c, at, hl) => pick(w, c, at, hl) }, ticket);
      predicted.set(a.seq, { forecast: f.waitMinutes, naive: naiveWaitMinutes(waiting.length - 1, meanMs, counters.length) });
    }
    dispatch();
  }

  const target = sc.targetMinutes;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    appointment: waitStats(waits.appointment, target),
    walkin: waitStats(waits.walkin, target),
    priority: waitStats(waits.priority, target),
    utilisation: Math.round((busy / (counters.length * (lastEnd - open))) * 1000) / 1000,
    forecast: { mae: round(errors.forecast / Math.max(1, errors.n)), naiveMae: round(errors.naive / Math.max(1, errors.n)) },
  };
}

/** Runs the hub's policy and the three baselines on the same drawn arrivals. */
export function simulate(sc: Scenario): SimResult {
  const set = generateArrivals(sc);
  const params: PolicyParams = { ...DEFAULT_POLICY, ...sc.policy, appointmentTargetMinutes: sc.targetMinutes };
  return {
    scenario: sc.name,
    results: {
      policy: runDay(sc, set.arrivals, (w, c, now, load) => pickNext(w, c, now, params, load)),
      edf: runDay(sc, set.arrivals, (w, c, now) => pickEdf(w, c, now, params)),
      fifo: runDay(sc, set.arrivals, (w, c) => pickFifo(w, c)),
      appointmentsFirst: runDay(sc, set.arrivals, (w, c, now) => pickAppointmentsFirst(w, c, now)),
    },
    day: { booked: set.booked, noShows: set.noShows, lateToWalkin: set.lateToWalkin, arrivals: set.arrivals.length, policy: params },
  };
}
