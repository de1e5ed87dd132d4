/**
 * The slack check behind the calling policy: if this counter now takes someone other than an
 * appointment, can every waiting appointment still be called by its deadline (minus a margin)?
 * Pure. It plans the waiting appointments earliest-deadline-first onto the counters' expected free
 * times (each service lasting the mean) — the classic feasibility test of EDF scheduling on
 * parallel servers, with the counters' skills respected.
 */
import { canServe } from './skills';
import type { CounterLoad, HallLoad, PolicyCounter, PolicyParams, PolicyTicket } from './types';

const MINUTE = 60_000;
/** Mean service time assumed when the caller knows none (the seeds' 10 ± 5 minutes). */
export const DEFAULT_MEAN_SERVICE_MS = 10 * MINUTE;

export function appointmentDeadline(t: PolicyTicket, params: PolicyParams): number {
  return t.dueAt + params.appointmentTargetMinutes * MINUTE;
}

/**
 * True when every appointment in `appointments` still meets `deadline − margin` after `counter`
 * spends one mean service on something else starting at `now`. The other counters of `load`
 * (all but `counter`) serve appointments from their expected free times on.
 */
export function appointmentsSafe(
  appointments: readonly PolicyTicket[],
  counter: PolicyCounter,
  now: number,
  params: PolicyParams,
  load?: HallLoad,
): boolean {
  if (appointments.length === 0) return true;
  const mean = load?.meanServiceMs ?? DEFAULT_MEAN_SERVICE_MS;
    const margin = params.appointmentMarginMinutes * MINUTE;
  const servers: CounterLoad[] = [{ counter, freeAt: now + mean }];
  for (const c of load?.counters ?? []) if (c.counter.number !== counter.number) servers.push({ counter: c.counter, freeAt: Math.max(now, c.freeAt) });
  const plan = [...appointments].sort((a, b) => appointmentDeadline(a, params) - appointmentDeadline(b, params) || a.issuedSeq - b.issuedSeq);
  for (const a of plan) {
    let best: CounterLoad | null = null;
    for (const s of servers) if (canServe(s.counter, a) && (best === null || s.freeAt < best.freeAt)) best = s;
    // No counter takes it: this counter's choice cannot help it (the supervisor's forecast shows it).
    if (best === null) continue;
    const start = Math.max(best.freeAt, a.dueAt);
    if (start > appointmentDeadline(a, params) - margin) return false;
    best.freeAt = start + mean;
  }
  return true;
}

/**
 * When a busy counter is expected to be free: its service started at `startedAt` and lasts the
 * mean; one already past the mean is expected to need a quarter of the mean more (service times
 * are skewed: an overrunning case tends to run on), not to be free this instant.
 */
export function expectedFreeAt(startedAt: number, now: number, meanServiceMs: number): number {
  return Math.max(startedAt + meanServiceMs, now + meanServiceMs / 4);
}
