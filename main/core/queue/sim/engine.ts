import { pickAppointmentsFirst, pickFifo, pickNext } from '../../../../common/queue/policy';
import { DEFAULT_POLICY, type PolicyCounter, type PolicyParams, type PolicyTicket } from '../../../../common/queue/types';
import { generateArrivals, type SimArrival } from './arrivals';
import { minutesOf, type Scenario } from './scenario';
import { waitStats, type WaitStats } from './stats';

export type PolicyName = 'policy' | 'fifo' | 'appointmentsFirst';
export interface RunMetrics {
  appointment: WaitStats;
  walkin: WaitStats;
  priority: WaitStats;
  utilisation: number;
}
export interface SimResult {
  scenario: string;
  results: Record<PolicyName, RunMetrics>;
  /** Context for reading the figures; not part of the per-policy comparison. */
  day: { booked: number; noShows: number; lateToWalkin: number; arrivals: number; policy: PolicyParams };
}

type Picker = (waiting: SimTicket[], counter: PolicyCounter, now: number) => SimTicket | null;
interface SimTicket extends PolicyTicket {
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
 * Event-driven run of one hall day under one picker. Time advances from event to event
 * (an arrival or a service completion); whenever something changes, every idle counter asks
 * the picker for its next ticket — exactly what a clerk pressing "call next" does at the hub.
 */
export function runDay(sc: Scenario, arrivals: readonly SimArrival[], pick: Picker): RunMetrics {
  const counters = buildCounters(sc);
  const freeAt = counters.map(() => -Infinity);
  const waiting: SimTicket[] = [];
  const waits: Record<'appointment' | 'walkin' | 'priority', number[]> = { appointment: [], walkin: [], priority: [] };
  const open = minutesOf(sc.open);
  let busy = 0;
  let lastEnd = minutesOf(sc.close);
  let next = 0;
  let now = open;

  const dispatch = () => {
    for (let c = 0; c < counters.length && waiting.length > 0; c++) {
      if (freeAt[c] > now) continue;
      const t = pick(waiting, counters[c], now * MS);
      if (!t) continue;
      waiting.splice(waiting.indexOf(t), 1);
      const wait = Math.max(0, now - t.arrival.dueAt);
      const cls = t.kind === 'appointment' ? 'appointment' : t.kind === 'priority' ? 'priority' : 'walkin';
      waits[cls].push(wait);
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
      waiting.push({ id: a.seq, stream: a.stream, kind: a.kind, dueAt: a.dueAt * MS, issuedSeq: a.seq, arrival: a });
    }
    dispatch();
  }

  const target = sc.targetMinutes;
  return {
    appointment: waitStats(waits.appointment, target),
    walkin: waitStats(waits.walkin, target),
    priority: waitStats(waits.priority, target),
    utilisation: Math.round((busy / (counters.length * (lastEnd - open))) * 1000) / 1000,
  };
}

/** Runs the hub's policy and the two baselines on the same drawn arrivals. */
export function simulate(sc: Scenario): SimResult {
  const set = generateArrivals(sc);
  const params: PolicyParams = { ...DEFAULT_POLICY, ...sc.policy, appointmentTargetMinutes: sc.targetMinutes };
  return {
    scenario: sc.name,
    results: {
      policy: runDay(sc, set.arrivals, (w, c, now) => pickNext(w, c, now, params)),
      fifo: runDay(sc, set.arrivals, (w, c) => pickFifo(w, c)),
      appointmentsFirst: runDay(sc, set.arrivals, (w, c, now) => pickAppointmentsFirst(w, c, now)),
    },
    day: { booked: set.booked, noShows: set.noShows, lateToWalkin: set.lateToWalkin, arrivals: set.arrivals.length, policy: params },
  };
}
