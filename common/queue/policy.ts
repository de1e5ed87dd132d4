/**
 * The calling policy: given the waiting tickets, a counter, the time and the hall's load, which
 * ticket is next. Pure (no I/O, no clock); the hall hub's atomic claim, its forecast and the
 * simulation all call `pickNext`. The rules and the reasons for them are in ./POLICY.md. In short:
 *
 *   1. tiers 0–2 first: priority lane (绿色通道); moved up by a supervisor or transferred to this
 *      counter; a dedicated counter's own stream (专窗) — each by deadline.
 *   2. then the oldest walk-in (walk-ins that reached the cap first, then earliest deadline), unless
 *      an appointment has waited longer (FIFO), or the slack check (slack.ts) says that spending
 *      this counter's next service on the walk-in would make some appointment miss its 10 minutes
 *      on the counters' expected free times: then the appointment with the earliest deadline.
 *   3. appointments checked in before their slot only when nothing else waits (work-conserving).
 */
import { appointmentDeadline, appointmentsSafe } from './slack';
import { canServe } from './skills';
import type { HallLoad, PolicyCounter, PolicyParams, PolicyTicket, StreamKind } from './types';
import { DEFAULT_POLICY } from './types';

export { canServe } from './skills';

const MINUTE = 60_000;

export function offsetMinutes(kind: StreamKind, params: PolicyParams = DEFAULT_POLICY): number {
  switch (kind) {
    case 'appointment':
      return params.appointmentTargetMinutes;
    case 'priority':
      return 0;
    case 'assistance':
      return params.assistanceDeadlineMinutes;
    case 'walkin':
      return params.walkinDeadlineMinutes;
  }
}

/** The moment by which the ticket should have been called. */
export function deadlineOf(ticket: PolicyTicket, params: PolicyParams = DEFAULT_POLICY): number {
  return ticket.dueAt + offsetMinutes(ticket.kind, params) * MINUTE;
}

export function tierOf(ticket: PolicyTicket, counter: PolicyCounter): 0 | 1 | 2 | 3 {
  if (ticket.kind === 'priority') return 0;
  if (ticket.movedUpAt != null || (ticket.targetCounter != null && ticket.targetCounter === counter.number)) return 1;
  if (counter.dedicatedStream && ticket.stream === counter.dedicatedStream) return 2;
  return 3;
}

type Key = readonly number[];
function less(a: Key, b: Key): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}
function minBy<T>(items: readonly T[], key: (t: T) => Key): T | null {
  let best: T | null = null;
  let bestKey: Key | null = null;
  for (const t of items) {
    const k = key(t);
    if (bestKey === null || less(k, bestKey)) {
      best = t;
      bestKey = k;
    }
  }
  return best;
}

/** The next ticket for `counter` at `now`, or null when it has nothing it may serve. */
export function pickNext<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number, params: PolicyParams = DEFAULT_POLICY, load?: HallLoad): T | null {
  const special: T[] = [];
  const walkins: T[] = [];
  const promised: T[] = [];
  for (const t of waiting) {
    if (!canServe(counter, t)) continue;
    if (tierOf(t, counter) < 3) special.push(t);
    else if (t.kind === 'appointment') promised.push(t);
    else walkins.push(t);
  }
  const notDue = (t: PolicyTicket) => (t.dueAt > now ? 1 : 0);
  if (special.length > 0) {
    // Move-ups are served in the order the supervisor asked; the rest by deadline.
    return minBy(special, (t) => {
      const tier = tierOf(t, counter);
      return [tier, notDue(t), tier === 1 && t.movedUpAt != null ? t.movedUpAt : deadlineOf(t, params), t.issuedSeq];
    });
  }
  const capMs = params.walkinCapMinutes * MINUTE;
  const w = minBy(walkins, (t) => {
    const capped = now - t.dueAt >= capMs ? 0 : 1;
    return [notDue(t), capped, capped === 0 ? t.dueAt : deadlineOf(t, params), t.issuedSeq];
  });
  const a = minBy(promised, (t) => [notDue(t), appointmentDeadline(t, params), t.issuedSeq]);
  if (!a) return w;
  if (!w || (w.dueAt > now && a.dueAt <= now)) return a;
  // FIFO between the two: an appointment that has waited longer than the oldest walk-in goes first.
  if (a.dueAt <= now && a.dueAt <= w.dueAt) return a;
  // The slack check covers every appointment of the hall, not only the ones this counter may
  // call: a walk-in taken here leaves the others to the remaining counters.
  const all: PolicyTicket[] = waiting.filter((t) => t.kind === 'appointment' && t.movedUpAt == null && t.targetCounter == null);
  if (load?.expected) all.push(...load.expected);
  return appointmentsSafe(all, counter, now, params, load) ? (w.dueAt <= now ? w : a) : a;
}

/**
 * The order a counter would call in if it called again and again at `now` — for displays and
 * tests, not for claiming (the real order also depends on when the calls happen). `limit` caps it.
 */
export function orderFor<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number, params: PolicyParams = DEFAULT_POLICY, load?: HallLoad, limit = Infinity): T[] {
  const rest = waiting.filter((t) => canServe(counter, t));
  const out: T[] = [];
  while (out.length < limit && rest.length > 0) {
    const next = pickNext(rest, counter, now, params, load);
    if (!next) break;
    out.push(next);
    rest.splice(rest.indexOf(next), 1);
  }
  return out;
}

/** Baseline: first issued, first called (skills still apply, so only the ordering differs). */
export function pickFifo<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter): T | null {
  return minBy(waiting.filter((t) => canServe(counter, t)), (t) => [t.issuedSeq]);
}

/** Baseline, TheQ-style: every checked-in appointment jumps the queue; nothing else is ranked. */
export function pickAppointmentsFirst<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number): T | null {
  return minBy(waiting.filter((t) => canServe(counter, t)), (t) => [t.kind === 'appointment' ? 0 : 1, t.dueAt > now ? 1 : 0, t.dueAt, t.issuedSeq]);
}

/**
 * Baseline, textbook earliest-deadline-first: the same tiers, then every due ticket by its deadline
 * (appointment +10, walk-in +40, assistance +20 minutes), with no look at the counters.
 */
export function pickEdf<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number, params: PolicyParams = DEFAULT_POLICY): T | null {
  return minBy(waiting.filter((t) => canServe(counter, t)), (t) => {
    const tier = tierOf(t, counter);
    return [tier, t.dueAt > now ? 1 : 0, tier === 1 && t.movedUpAt != null ? t.movedUpAt : deadlineOf(t, params), t.issuedSeq];
  });
}
