import { canServe } from '../../common/queue/skills';
import type { CounterState, HallConfig, SupervisorSnapshot, Ticket } from './protocol';

const MIN = 60_000;

/** Counters stuck in 已叫号 or 办理中 beyond the hall's thresholds, longest first. */
export function counterAlerts(counters: CounterState[], now: number, cfg: HallConfig['supervisor']): SupervisorSnapshot['alerts'] {
  const out: SupervisorSnapshot['alerts'] = [];
  for (const c of counters) {
    if (c.since === null || (c.state !== 'called' && c.state !== 'serving')) continue;
    const minutes = Math.floor((now - c.since) / MIN);
    const limit = c.state === 'called' ? cfg.stuckCalledMinutes : cfg.stuckServingMinutes;
    if (minutes >= limit) out.push({ counter: c.number, counterName: c.name, kind: c.state === 'called' ? 'stuck-called' : 'stuck-serving', minutes, ticketNumber: c.ticket?.number ?? null });
  }
  return out.sort((a, b) => b.minutes - a.minutes);
}

/**
 * Idle counters while tickets they could call have waited `idleQueueMinutes` or more: the clerk
 * stepped away without pausing, or the workstation's panel is stuck. Longest wait first.
 */
export function idleAlerts(counters: CounterState[], waiting: readonly Ticket[], now: number, cfg: HallConfig['supervisor']): SupervisorSnapshot['alerts'] {
  const out: SupervisorSnapshot['alerts'] = [];
  for (const c of counters) {
    if (c.state !== 'idle' || c.paused) continue;
    let oldest: Ticket | null = null;
    for (const t of waiting) {
      if (t.dueAt > now || !canServe(c, { ...t, issuedSeq: t.id })) continue;
      if (!oldest || t.dueAt < oldest.dueAt) oldest = t;
    }
    if (!oldest) continue;
    const minutes = Math.floor((now - oldest.dueAt) / MIN);
    if (minutes >= cfg.idleQueueMinutes) out.push({ counter: c.number, counterName: c.name, kind: 'idle-queue', minutes, ticketNumber: oldest.number });
  }
  return out.sort((a, b) => b.minutes - a.minutes);
}
