/**
 * The hub's side of the wait forecast: reads the live hall (waiting tickets, the counters that are
 * open and what they are busy with, today's service times, the bookings still to come) and hands it
 * to the pure forecast (common/queue/forecast.ts), which replays the calling policy. The same live
 * load is what the policy's slack check sees at call-next, so the forecast and the calls agree.
 */
import { forecastBehind, forecastCalls, REPLAY_LIMIT, type TicketForecast } from '../../common/queue/forecast';
import { hallOutlook } from '../../common/queue/outlook';
import type { HallOutlook } from '../../common/queue/wire';
import { DEFAULT_MEAN_SERVICE_MS, expectedFreeAt } from '../../common/queue/slack';
import type { HallLoad, PolicyTicket } from '../../common/queue/types';
import type { CounterState, HallConfig, Ticket } from './protocol';
import type { CounterRow, QueueStore } from './store/types';

/** What the forecast reads of the hall's queue (HallQueue; an interface, so queue.ts can own a HallForecast without an import cycle). */
export interface ForecastHall {
  readonly store: QueueStore;
  readonly hall: HallConfig;
  readonly params: HallConfig['policy'];
  now(): number;
  today(): string;
  counterState(c: CounterRow, active?: Ticket[]): Promise<CounterState>;
}

const MINUTE = 60_000;
/** Today's mean service is shrunk towards the default by this many imagined services (few samples early in the day). */
const PRIOR_SERVICES = 5;
/** Share of bookings expected not to come (the seeds' 10%), until the day has its own figure. */
const EXPECTED_NO_SHOW = 0.1;
/** How far ahead booked-but-not-checked-in appointments are counted in. */
const EXPECTED_HORIZON_MS = 60 * MINUTE;
const OPEN: ReadonlySet<CounterState['state']> = new Set(['idle', 'called', 'serving']);

export interface LiveHall {
  now: number;
  load: HallLoad;
  /** Waiting tickets as the policy sees them (the hub's id is the issue order). */
  waiting: PolicyTicket[];
  counters: CounterState[];
}

export function toPolicyTicket(t: Pick<Ticket, 'id' | 'stream' | 'kind' | 'itemCode' | 'dueAt' | 'targetCounter' | 'movedUpAt'>): PolicyTicket {
  return { id: t.id, stream: t.stream, kind: t.kind, itemCode: t.itemCode, dueAt: t.dueAt, issuedSeq: t.id, targetCounter: t.targetCounter, movedUpAt: t.movedUpAt };
}

/** Today's mean service (per-counter figures of the store), shrunk towards the default while there are few. */
export function meanServiceMs(stats: readonly { served: number; avgServiceMs: number | null }[]): number {
  let sum = 0;
  let n = 0;
  for (const c of stats) {
    if (c.avgServiceMs === null || c.served <= 0) continue;
    sum += c.avgServiceMs * c.served;
    n += c.served;
  }
  return (sum + PRIOR_SERVICES * DEFAULT_MEAN_SERVICE_MS) / (n + PRIOR_SERVICES);
}

/**
 * The pushed board reuses an outlook this young (wall time): a replay of the next hour with its
 * advice costs tens of milliseconds (npm run bench -- forecast), and the views are recomputed on
 * every change. GET /supervisor asks for a fresh one.
 */
export const OUTLOOK_MAX_AGE_MS = 5_000;

export class HallForecast {
  private lastOutlook: { at: number; value: HallOutlook } | null = null;
  private lastPerStream: { at: number; value: Record<string, number | null> } | null = null;
  constructor(private readonly q: ForecastHall) {}

  /**
   * When the last answer came from the cache: how long until a recompute would be due (ms); null
   * after a fresh one. The publisher pushes once more then, so a board whose last change was
   * answered from the cache converges on the hall as it is (a heartbeat right after a burst of
   * calls otherwise left "0 counters open" on the supervisor's board until the next change).
   */
  cachedFor: number | null = null;

  /** The outlook, recomputed only when the last is older than `maxAgeMs` (0: always). */
  async outlookAtMost(maxAgeMs: number): Promise<HallOutlook> {
    const t = performance.now();
    if (this.lastOutlook && maxAgeMs > 0 && t - this.lastOutlook.at < maxAgeMs) {
      this.cachedFor = maxAgeMs - (t - this.lastOutlook.at);
      return this.lastOutlook.value;
    }
    const value = await this.outlook();
    this.lastOutlook = { at: t, value };
    this.cachedFor = null;
    return value;
  }

  /** Some appointment is waiting, or booked for the coming hour and not yet checked in: the slack check has work. */
  async appointmentsInPlay(now: number): Promise<boolean> {
    const q = this.q;
    const day = q.today();
    const counts = await q.store.waitingCounts(day);
    if (q.hall.streams.some((s) => s.kind === 'appointment' && (counts[s.id] ?? 0) > 0)) return true;
    return (await q.store.listAppointments(day)).some((a) => a.status === 'booked' && a.slotStart > now && a.slotStart <= now + EXPECTED_HORIZON_MS);
  }

  /** The hall as it is now: what the slack check and the forecast both read. */
  async live(): Promise<LiveHall> {
    const h = await this.liveWithout();
    const waiting = await this.q.store.listTickets({ day: this.q.today(), statuses: ['waiting'] });
    return { ...h, waiting: waiting.map(toPolicyTicket) };
  }

  /** The live hall but its waiting tickets (the caller reads those it needs: all, or a long queue's head). */
  private async liveWithout(): Promise<LiveHall> {
    const q = this.q;
    const now = q.now();
    const day = q.today();
    // Only the busy tickets are read here: the day's finished ones come as the store's per-counter figures.
    const [busy, rows, appointments, stats] = await Promise.all([
      q.store.listTickets({ day, statuses: ['called', 'serving'] }), q.store.listCounters(), q.store.listAppointments(day), q.store.counterStats(day),
    ]);
    const mean = meanServiceMs(stats);
    const atCounter = busy.filter((t) => t.counter !== null);
    const counters = await Promise.all(rows.map((c) => q.counterState(c, atCounter)));
    const active = new Map(atCounter.map((t) => [t.counter!, t]));
    const open = counters.filter((c) => OPEN.has(c.state));
    const load: HallLoad = {
      meanServiceMs: mean,
      counters: open.map((c) => {
        const t = active.get(c.number);
        const began = t ? (t.startedAt ?? t.lastCalledAt ?? now) : null;
        return { counter: { number: c.number, streams: c.streams, items: c.items, dedicatedStream: c.dedicatedStream }, freeAt: began === null ? now : expectedFreeAt(began, now, mean) };
      }),
      expected: this.expected(appointments, now),
    };
    return { now, load, waiting: [], counters };
  }

  /** Bookings of the coming hour not yet checked in, less the usual no-shows, due at slot start. */
  private expected(appointments: Awaited<ReturnType<QueueStore['listAppointments']>>, now: number): PolicyTicket[] {
    const stream = this.q.hall.streams.find((s) => s.kind === 'appointment');
    if (!stream) return [];
    const bySlot = new Map<number, number>();
    for (const a of appointments) {
      if (a.status === 'booked' && a.slotStart > now && a.slotStart <= now + EXPECTED_HORIZON_MS) bySlot.set(a.slotStart, (bySlot.get(a.slotStart) ?? 0) + 1);
    }
    const out: PolicyTicket[] = [];
    for (const [slotStart, n] of bySlot) {
      const shows = Math.round(n * (1 - EXPECTED_NO_SHOW));
      for (let i = 0; i < shows; i++) out.push({ id: `booked-${slotStart}-${i}`, stream: stream.id, kind: 'appointment', dueAt: slotStart, issuedSeq: Number.MAX_SAFE_INTEGER - out.length });
    }
    return out;
  }

  /** Forecasts for tickets already waiting (the follow page, the supervisor). */
  async forTickets(ids: readonly number[], hall?: LiveHall): Promise<Map<number, TicketForecast>> {
    const h = hall ?? (await this.live());
    const targets = h.waiting.filter((t) => ids.includes(t.id as number));
    const res = forecastCalls({ now: h.now, waiting: h.waiting, counters: h.load.counters, meanServiceMs: h.load.meanServiceMs, params: this.q.params, upcoming: h.load.expected }, targets);
    return new Map([...res].map(([t, f]) => [t.id as number, f]));
  }

  /** The supervisor's next hour per stream, with the bounds that will break and the counters that would keep them. */
  async outlook(hall?: LiveHall): Promise<HallOutlook> {
    const h = hall ?? (await this.live());
    const q = this.q;
    const since = h.now - 60 * MINUTE;
    // The last hour's walk-in rate per stream (check-ins are counted through the bookings instead).
    const issued = (await q.store.listTickets({ day: q.today() })).filter((t) => t.issuedAt > since && t.source !== 'checkin');
    // The comprehensive counter (综合窗口): the configured counter taking the most streams, no item list, no dedication.
    const general = [...q.hall.counters].sort((a, b) => Number(!!a.dedicatedStream) - Number(!!b.dedicatedStream) || b.streams.length - a.streams.length)[0];
    return hallOutlook({
      now: h.now, waiting: h.waiting, counters: h.load.counters, meanServiceMs: h.load.meanServiceMs, params: q.params, expected: h.load.expected ?? [],
      streams: q.hall.streams.map((s) => ({ id: s.id, name: s.name, kind: s.kind, perHour: issued.filter((t) => t.stream === s.id).length })),
      extraCounter: { number: -1, streams: general?.streams ?? q.hall.streams.map((s) => s.id) },
    });
  }

  /**
   * What a ticket taken now would wait, per stream a kiosk issues (the hall TV shows it). Sent with
   * every queue change, so reused for OUTLOOK_MAX_AGE_MS like the board's outlook.
   */
  async perStream(): Promise<Record<string, number | null>> {
    const t = performance.now();
    if (this.lastPerStream && t - this.lastPerStream.at < OUTLOOK_MAX_AGE_MS) return this.lastPerStream.value;
    const value = await this.computePerStream();
    this.lastPerStream = { at: t, value };
    return value;
  }

  private async computePerStream(): Promise<Record<string, number | null>> {
    const h = await this.live();
    const out: Record<string, number | null> = {};
    for (const s of this.q.hall.streams) {
      if (s.kind !== 'walkin' && s.kind !== 'priority') continue;
      out[s.id] = this.draftForecast(h, { stream: s.id, kind: s.kind, itemCode: null, dueAt: h.now }).estimateMinutes;
    }
    return out;
  }

  /** The forecast of a ticket about to be issued (not yet in the store): its figures go on the slip. */
  async forNew(t: Pick<Ticket, 'stream' | 'kind' | 'itemCode' | 'dueAt'>): Promise<{ estimateAhead: number; estimateMinutes: number | null }> {
    const q = this.q;
    const total = Object.values(await q.store.waitingCounts(q.today())).reduce((a, b) => a + b, 0);
    if (total < REPLAY_LIMIT || t.kind === 'appointment' || t.kind === 'priority') return this.draftForecast(await this.live(), t);
    // A long queue and a walk-in joining its end: only the queue's head is replayed (forecastCalls
    // does the same with the whole list), so only the head is read — an issue costs the same at 200 or 2,000 waiting.
    const h = await this.liveWithout();
    // Sorted and cut here too: a store may ignore `oldestFirst` (then it only costs the full read).
    const head = (await q.store.listTickets({ day: q.today(), statuses: ['waiting'], oldestFirst: REPLAY_LIMIT }))
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id).slice(0, REPLAY_LIMIT).map(toPolicyTicket);
    const f = forecastBehind({ now: h.now, waiting: head, counters: h.load.counters, meanServiceMs: h.load.meanServiceMs, params: q.params, upcoming: h.load.expected }, total);
    return { estimateAhead: f.ahead, estimateMinutes: estimateMinutes(f) };
  }

  private draftForecast(h: LiveHall, t: Pick<Ticket, 'stream' | 'kind' | 'itemCode' | 'dueAt'>): { estimateAhead: number; estimateMinutes: number | null } {
    const draft: PolicyTicket = { id: 'new', stream: t.stream, kind: t.kind, itemCode: t.itemCode, dueAt: t.dueAt, issuedSeq: Number.MAX_SAFE_INTEGER, targetCounter: null, movedUpAt: null };
    const f = forecastCalls({ now: h.now, waiting: [...h.waiting, draft], counters: h.load.counters, meanServiceMs: h.load.meanServiceMs, params: this.q.params, upcoming: h.load.expected }, [draft]).get(draft)!;
    return { estimateAhead: f.ahead, estimateMinutes: estimateMinutes(f) };
  }
}

/** Minutes as applicants read them: whole minutes, at least 1 while anyone is ahead; null when no counter takes it. */
export function estimateMinutes(f: TicketForecast): number | null {
  if (f.callAt === null) return null;
  return f.ahead === 0 && f.waitMinutes < 1 ? 0 : Math.max(1, Math.round(f.waitMinutes));
}
