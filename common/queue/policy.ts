/**
 * The calling policy: given the waiting tickets, a counter and the time, which ticket is next.
 * Pure (no I/O, no clock); the hall hub's atomic claim and the simulation both call `pickNext`.
 * The rules and the reasons for them are in ./POLICY.md. In short, a ticket's rank is the tuple
 *
 *   (tier, band, key, issuedSeq)    — smaller is called first
 *
 *   tier 0  priority lane (绿色通道)
 *   tier 1  moved up by a supervisor, or transferred to this very counter
 *   tier 2  this dedicated counter's own stream (专窗)
 *   tier 3  everything else, in bands:
 *     band 0  walk-ins that have waited the cap (60 min)          — the starvation bound
 *     band 1  appointments at risk (waited ≥ target − guard = 2)  — the 10-minute promise
 *     band 2  everyone already due, earliest deadline first;
 *             deadline = dueAt + 10 min (appointment) | 40 min (walk-in) | 20 min (assistance)
 *     band 3  appointments checked in before their slot (not yet due)
 * Tiers 0–2 use bands 2/3 only (due / not yet due) and order by deadline.
 */
import type { PolicyCounter, PolicyParams, PolicyTicket, StreamKind } from './types';
import { DEFAULT_POLICY } from './types';

const MINUTE = 60_000;

/** Skills check: the counter takes the stream, the item (if restricted), and the ticket is not reserved for another counter. */
export function canServe(counter: PolicyCounter, ticket: PolicyTicket): boolean {
  if (!counter.streams.includes(ticket.stream)) return false;
  if (ticket.targetCounter != null && ticket.targetCounter !== counter.number) return false;
  const items = counter.items;
  if (items && items.length > 0 && ticket.itemCode && !items.includes(ticket.itemCode)) return false;
  return true;
}

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

export function bandOf(ticket: PolicyTicket, tier: number, now: number, params: PolicyParams = DEFAULT_POLICY): 0 | 1 | 2 | 3 {
  if (ticket.dueAt > now) return 3;
  if (tier < 3) return 2;
  const waited = now - ticket.dueAt;
  if (ticket.kind === 'appointment') {
    return waited >= (params.appointmentTargetMinutes - params.appointmentGuardMinutes) * MINUTE ? 1 : 2;
  }
  return waited >= params.walkinCapMinutes * MINUTE ? 0 : 2;
}

export type RankKey = readonly [tier: number, band: number, key: number, issuedSeq: number];

export function rankKey(ticket: PolicyTicket, counter: PolicyCounter, now: number, params: PolicyParams = DEFAULT_POLICY): RankKey {
  const tier = tierOf(ticket, counter);
  const band = bandOf(ticket, tier, now, params);
  // Move-ups are served in the order the supervisor asked; capped walk-ins strictly oldest first.
  const key = tier === 1 && ticket.movedUpAt != null ? ticket.movedUpAt : band === 0 ? ticket.dueAt : deadlineOf(ticket, params);
  return [tier, band, key, ticket.issuedSeq];
}

function less(a: RankKey, b: RankKey): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

/** The next ticket for `counter` at `now`, or null when it has nothing it may serve. O(n) over `waiting`. */
export function pickNext<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number, params: PolicyParams = DEFAULT_POLICY): T | null {
  let best: T | null = null;
  let bestKey: RankKey | null = null;
  for (const t of waiting) {
    if (!canServe(counter, t)) continue;
    const key = rankKey(t, counter, now, params);
    if (bestKey === null || less(key, bestKey)) {
      best = t;
      bestKey = key;
    }
  }
  return best;
}

/** The whole order a counter would call in — for displays and tests, not for claiming. */
export function orderFor<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number, params: PolicyParams = DEFAULT_POLICY): T[] {
  return waiting
    .filter((t) => canServe(counter, t))
    .map((t) => ({ t, k: rankKey(t, counter, now, params) }))
    .sort((a, b) => (less(a.k, b.k) ? -1 : less(b.k, a.k) ? 1 : 0))
    .map((x) => x.t);
}

/** Baseline: first issued, first called (skills still apply, so only the ordering differs). */
export function pickFifo<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter): T | null {
  let best: T | null = null;
  for (const t of waiting) {
    if (!canServe(counter, t)) continue;
    if (best === null || t.issuedSeq < best.issuedSeq) best = t;
  }
  return best;
}

/** Baseline, TheQ-style: every checked-in appointment jumps the queue; nothing else is ranked. */
export function pickAppointmentsFirst<T extends PolicyTicket>(waiting: readonly T[], counter: PolicyCounter, now: number): T | null {
  let best: T | null = null;
  let bestKey: RankKey | null = null;
  for (const t of waiting) {
    if (!canServe(counter, t)) continue;
    const key: RankKey = [t.kind === 'appointment' ? 0 : 1, t.dueAt > now ? 1 : 0, t.dueAt, t.issuedSeq];
    if (bestKey === null || less(key, bestKey)) {
      best = t;
      bestKey = key;
    }
  }
  return best;
}
