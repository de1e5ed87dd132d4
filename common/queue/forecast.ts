/**
 * Wait forecast from the live state of the hall: a short deterministic simulation that replays the
 * calling policy itself (pickNext) over the tickets now waiting, the counters' expected free times
 * and the mean service time, plus the appointments expected to check in soon. Pure, no clock.
 *
 * Why a simulation and not Erlang C: Erlang C gives the stationary mean wait of one FIFO class under
 * Poisson arrivals; the hall is transient (a morning surge), has four classes, and its policy
 * reorders them (appointments use their slack, the priority lane goes first). A ticket's wait
 * depends on who is ahead of it *now* and on the order the hub will really call them in, which the
 * replay of the same policy gives; its cost is O(ahead × waiting) per forecast (see tests/bench).
 */
import { pickNext } from './policy';
import { canServe } from './skills';
import type { CounterLoad, HallLoad, PolicyCounter, PolicyParams, PolicyTicket } from './types';

export interface ForecastInput<T extends PolicyTicket = PolicyTicket> {
  now: number;
  /** Tickets waiting now (the one asked about included). */
  waiting: readonly T[];
  /** Open counters with their expected free times (ms). */
  counters: readonly CounterLoad[];
  meanServiceMs: number;
  params: PolicyParams;
  /** Tickets expected to join later (booked appointments not yet checked in), each joining at its `dueAt`. */
  upcoming?: readonly T[];
  /** The calling policy to replay; default the hall's own (pickNext with `params`). */
  pick?: (waiting: T[], counter: PolicyCounter, now: number, load: HallLoad) => T | null;
}

export interface TicketForecast {
  /** Tickets the replay calls before this one. */
  ahead: number;
  /** Predicted minutes from now until the call (0 when it would be called at once). */
  waitMinutes: number;
  /** Predicted call time (ms); null when no open counter can serve it. */
  callAt: number | null;
}

const MINUTE = 60_000;
/** A replay never looks further than this (a closed hall would otherwise loop to the end of time). */
const HORIZON_MS = 8 * 60 * MINUTE;
/** Tickets a replay covers one by one; the rest of a longer queue is extrapolated (forecastCalls). */
export const REPLAY_LIMIT = 150;

/**
 * Replays the policy until every ticket in `targets` is called (or the horizon is reached) and
 * returns each target's forecast. One replay answers several tickets at once.
 */
export function forecastCalls<T extends PolicyTicket>(input: ForecastInput<T>, targets: readonly T[]): Map<T, TicketForecast> {
  if (input.waiting.length <= REPLAY_LIMIT) return replayCalls(input, targets);
  // A long queue: the replay covers the REPLAY_LIMIT longest-waiting tickets, plus every appointment
  // and priority-lane target (the policy can call those early whatever the queue); a walk-in further
  // back is called after them at the hall's throughput, counters × mean service. This bounds a
  // forecast at O(REPLAY_LIMIT²) however long the queue (a 2,000-ticket queue would cost seconds).
  const order = [...input.waiting].sort((a, b) => a.dueAt - b.dueAt || a.issuedSeq - b.issuedSeq);
  const head = order.slice(0, REPLAY_LIMIT);
  const inHead = new Set(head);
  const jumpers = targets.filter((t) => !inHead.has(t) && (t.kind === 'appointment' || t.kind === 'priority'));
  const replayed = new Set([...targets.filter((t) => inHead.has(t)), ...jumpers]);
  const out = replayCalls({ ...input, waiting: [...head, ...jumpers] }, [...replayed]);
  const rank = new Map(order.map((t, i) => [t, i]));
  // One replay of the head gives its last call; each ticket behind it is one throughput step further.
  const end = forecastBehind({ ...input, waiting: head }, head.length - 1);
  const step = meanOf(input) / Math.max(1, input.counters.length);
  for (const t of targets) {
    if (replayed.has(t)) continue;
    const r = rank.get(t) ?? order.length;
    const callAt = end.callAt === null ? null : end.callAt + (r - head.length + 1) * step;
    out.set(t, { ahead: r, waitMinutes: callAt === null ? end.waitMinutes : Math.max(0, (callAt - Math.max(input.now, t.dueAt)) / MINUTE), callAt });
  }
  return out;
}

/**
 * A walk-in at `rank` in a long queue whose `input.waiting` is its head (the REPLAY_LIMIT tickets
 * due first): called after the head's last ticket, then one more call per ticket between at the
 * hall's throughput, open counters ÷ mean service.
 */
export function forecastBehind<T extends PolicyTicket>(input: ForecastInput<T>, rank: number): TicketForecast {
  const head = input.waiting;
  const lastOfHead = head.reduce<T | null>((m, t) => (m === null || t.dueAt > m.dueAt || (t.dueAt === m.dueAt && t.issuedSeq > m.issuedSeq) ? t : m), null);
  const last = lastOfHead ? replayCalls(input, [lastOfHead]).get(lastOfHead) : undefined;
  const open = input.counters.length;
  if (!last || last.callAt === null || open === 0) return { ahead: rank, waitMinutes: HORIZON_MS / MINUTE, callAt: null };
  const callAt = last.callAt + ((rank - head.length + 1) * meanOf(input)) / open;
  return { ahead: rank, waitMinutes: Math.max(0, (callAt - input.now) / MINUTE), callAt };
}

const meanOf = (input: { meanServiceMs: number }) => input.meanServiceMs;

function replayCalls<T extends PolicyTicket>(input: ForecastInput<T>, targets: readonly T[]): Map<T, TicketForecast> {
  const { now, params, meanServiceMs } = input;
  const out = new Map<T, TicketForecast>();
  const pending = new Set(targets);
  const servers = input.counters.map((c) => ({ counter: c.counter, freeAt: Math.max(now, c.freeAt) }));
  const waiting: T[] = [...input.waiting];
  const present = new Set<T>(input.waiting);
  const pick = input.pick ?? ((w: T[], c: PolicyCounter, at: number, load: HallLoad) => pickNext(w, c, at, params, load));
  const upcoming = [...(input.upcoming ?? [])].sort((a, b) => a.dueAt - b.dueAt);
  let nextUp = 0;
  let called = 0;
  for (const t of targets) if (!servers.some((s) => canServe(s.counter, t))) {
    out.set(t, { ahead: waiting.length - 1, waitMinutes: Infinity, callAt: null });
    pending.delete(t);
  }
  while (pending.size > 0 && servers.length > 0) {
    // The counter that frees first calls next, as a clerk pressing 叫号 would.
    let s = servers[0];
    for (const x of servers) if (x.freeAt < s.freeAt) s = x;
    const t = s.freeAt;
    if (t - now > HORIZON_MS) break;
    while (nextUp < upcoming.length && upcoming[nextUp].dueAt <= t) waiting.push(upcoming[nextUp++]);
    const next = pick(waiting, s.counter, t, { counters: servers, meanServiceMs, expected: upcoming.slice(nextUp) });
    if (!next) {
      // Nothing for this counter now: it waits for the next arrival (or for good when none comes).
      const later = nextUp < upcoming.length ? upcoming[nextUp].dueAt : Infinity;
      if (!Number.isFinite(later)) servers.splice(servers.indexOf(s), 1);
      else s.freeAt = later;
      continue;
    }
    waiting.splice(waiting.indexOf(next), 1);
    if (pending.has(next)) {
      out.set(next, { ahead: called, waitMinutes: Math.max(0, (t - Math.max(now, next.dueAt)) / MINUTE), callAt: t });
      pending.delete(next);
    }
    if (present.has(next)) called++;
    s.freeAt = t + meanServiceMs;
  }
  for (const t of pending) out.set(t, { ahead: called, waitMinutes: HORIZON_MS / MINUTE, callAt: null });
  return out;
}

/** The forecast of one ticket. */
export function forecastTicket<T extends PolicyTicket>(input: ForecastInput<T>, target: T): TicketForecast {
  return forecastCalls(input, [target]).get(target)!;
}

/** The naive estimate the forecast is measured against: queue length × mean service ÷ open counters. */
export function naiveWaitMinutes(queueLength: number, meanServiceMs: number, openCounters: number): number {
  return openCounters > 0 ? (queueLength * meanServiceMs) / openCounters / MINUTE : Infinity;
}
