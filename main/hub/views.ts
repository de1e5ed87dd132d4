/**
 * The views the hub pushes: per-counter panels (ticket at the counter, the tickets it may call in
 * the hall's calling order, parked tickets) and the supervisor board. The hub owns the calling
 * policy, so it is the only place that orders a counter's queue while it is online. One
 * computation serves every socket: `compute` reads the store once for the union of what the
 * sockets asked for; `frameFor` cuts one socket's frame out of it without touching the store.
 */
import { counterAlerts, idleAlerts } from './alerts';
import { OUTLOOK_MAX_AGE_MS } from './forecast';
import { maskPersonName } from '../../common/identity';
import { orderFor } from '../../common/queue/policy';
import type { Appointment, CounterPanel, CounterState, StreamView, SupervisorBoard, Ticket, ViewSubscription, ViewsFrame } from './protocol';
import { PANEL_WAITING_LIMIT, SUPERVISOR_WAITING_LIMIT } from './protocol';
import { policyCounter, type HallQueue } from './queue';

const MIN = 60_000;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Everything computed for one version: shared parts plus the panels and board someone asked for. */
export interface ComputedViews {
  version: number;
  at: number;
  day: string;
  streams: StreamView[];
  counters: CounterState[];
  panels: Map<number, CounterPanel>;
  /** The day's waiting tickets by id (panels list ids). */
  waiting: Map<number, Ticket>;
  supervisor: SupervisorBoard | null;
}

export async function computeViews(q: HallQueue, version: number, want: { counters: ReadonlySet<number>; supervisor: boolean; freshForecast?: boolean }): Promise<ComputedViews> {
  const now = q.now();
  const day = q.today();
  // One read of the day's open tickets feeds every panel, the counters' states and the board.
  const open = await q.store.listTickets({ day, statuses: ['waiting', 'called', 'serving', 'parked'] });
  const rows = await q.store.listCounters();
  const active = open.filter((t) => t.status === 'called' || t.status === 'serving');
  const counters = await Promise.all(rows.map((c) => q.counterState(c, active)));
  const waiting = open.filter((t) => t.status === 'waiting');
  const wait = (dueAt: number) => Math.max(0, now - dueAt) / MIN;

  const streams: StreamView[] = q.hall.streams.map((s) => {
    const ts = waiting.filter((t) => t.stream === s.id);
    return { stream: s.id, name: s.name, kind: s.kind, waiting: ts.length, longestWaitMinutes: r1(ts.reduce((m, t) => Math.max(m, wait(t.dueAt)), 0)) };
  });

  const panels = new Map<number, CounterPanel>();
  const policyTickets = waiting.map((t) => ({ ...t, issuedSeq: t.id }));
  // A counter's order depends on its skills, its dedicated stream and the tickets sent to it by
  // number; counters alike in those (the eight 综合窗口 of a hall) share one ordering run. Only the
  // panel's first PANEL_WAITING_LIMIT are ordered: each place is a pick over the rest, so ordering a
  // whole 1,000-ticket queue per push cost ~300 ms of hub CPU per call (the queue bench's figure).
  const targeted = new Set(waiting.map((t) => t.targetCounter));
  const orders = new Map<string, number[]>();
  for (const c of rows) {
    if (!want.counters.has(c.number)) continue;
    const key = JSON.stringify([c.streams, c.items, c.dedicatedStream, targeted.has(c.number) ? c.number : null]);
    let ordered = orders.get(key);
    if (!ordered) orders.set(key, (ordered = orderFor(policyTickets, policyCounter(c), now, q.params, undefined, PANEL_WAITING_LIMIT).map((t) => t.id)));
    panels.set(c.number, {
      counter: c.number,
      current: active.find((t) => t.counter === c.number) ?? null,
      order: ordered,
      parked: open.filter((t) => t.status === 'parked' && t.counter === c.number),
    });
  }

  let supervisor: SupervisorBoard | null = null;
  if (want.supervisor) {
    const { warnMinutes, breachMinutes } = q.hall.supervisor;
    const risky = waiting.filter((t) => t.kind === 'appointment' && wait(t.dueAt) >= warnMinutes).sort((a, b) => a.dueAt - b.dueAt);
    // The day's appointments are read only when some are at risk (most boards have none).
    const appts = risky.some((t) => t.appointmentId) ? new Map((await q.store.listAppointments(day)).map((a) => [a.id, a])) : new Map<string, Appointment>();
    const atRisk = risky.map((t) => {
      const a = t.appointmentId ? appts.get(t.appointmentId) : undefined;
      return {
        ticketId: t.id, number: t.number, waitedMinutes: r1(wait(t.dueAt)), level: wait(t.dueAt) >= breachMinutes ? ('breach' as const) : ('warning' as const), appointmentId: t.appointmentId,
        maskedName: a?.name ? maskPersonName(a.name) : null, itemName: a?.itemName ?? null,
      };
    });
    const stats = new Map((await q.store.counterStats(day)).map((s) => [s.counter, s]));
    supervisor = {
      at: now, day, atRisk,
      alerts: [...counterAlerts(counters, now, q.hall.supervisor), ...idleAlerts(counters, waiting, now, q.hall.supervisor)],
      forecast: await q.forecast.outlookAtMost(want.freshForecast ? 0 : OUTLOOK_MAX_AGE_MS),
      streams: streams.map(({ kind: _k, ...s }) => s),
      counters: counters.map((c) => {
        const s = stats.get(c.number);
        return { ...c, servedToday: s?.served ?? 0, avgServiceMinutes: s?.avgServiceMs != null ? r1(s.avgServiceMs / MIN) : null };
      }),
      waiting: [...waiting]
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
        .slice(0, SUPERVISOR_WAITING_LIMIT)
        .map((t) => ({ ticketId: t.id, number: t.number, stream: t.stream, dueAt: t.dueAt, movedUp: t.movedUpAt !== null })),
    };
  }
  return { version, at: now, day, streams, counters, panels, waiting: new Map(waiting.map((t) => [t.id, t])), supervisor };
}

/** One socket's frame out of a computation (no store access). */
export function frameFor(v: ComputedViews, sub: ViewSubscription, snapshot: boolean): ViewsFrame {
  const panels = sub.counters.map((n) => v.panels.get(n)).filter((p): p is CounterPanel => p !== undefined);
  const ids = new Set(panels.flatMap((p) => p.order));
  return {
    version: v.version, snapshot, at: v.at, day: v.day, streams: v.streams, counters: v.counters, panels,
    waiting: [...ids].map((id) => v.waiting.get(id)!),
    supervisor: sub.supervisor ? v.supervisor : null,
  };
}
