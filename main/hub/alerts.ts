import type { CounterState, HallConfig, SupervisorSnapshot } from './protocol';

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
