/**
 * Hub views → what the contract shows. Pure: the online panel state is a re-shape of the pushed
 * view (no policy run here — the hub ordered the queue); the offline state orders this counter's
 * own offline series, as the hub would (OFFLINE.md R1).
 */
import type { QueueState, SupervisorView } from '../../../preload/contract/queue';
import type { ViewsFrame } from '../../hub/protocol';
import { fromHub, fromOffline, type HallView } from './mapping';
import type { CachedAppointment, OfflineStore } from './offline-store';
import { orderFor } from '../../../common/queue/policy';
import { DEFAULT_POLICY } from '../../../common/queue/types';

type Local = Pick<QueueState, 'backlog' | 'deadLetters'>;
type Appt = (id: string) => CachedAppointment | null;

/** The panel of `counter` from pushed views; null when the views do not carry it (not subscribed yet). */
export function onlineState(v: ViewsFrame, counter: number, now: number, hall: HallView | null, appt: Appt, local: Local): QueueState | null {
  const panel = v.panels.find((p) => p.counter === counter);
  const me = v.counters.find((c) => c.number === counter);
  if (!panel || !me) return null;
  const view = (t: Parameters<typeof fromHub>[0]) => fromHub(t, hall, appt);
  const byId = new Map(v.waiting.map((t) => [t.id, t]));
  return {
    ...local, online: true, now,
    counter: { number: me.number, name: me.name, paused: me.paused, streams: me.streams },
    current: panel.current ? view(panel.current) : null,
    waiting: panel.order.map((id) => byId.get(id)).filter((t) => t !== undefined).map(view),
    parked: panel.parked.map(view),
    streams: v.streams.map((s) => ({ id: s.stream, name: s.name, kind: s.kind, waiting: s.waiting })),
    counters: v.counters.map((c) => ({ number: c.number, name: c.name, streams: c.streams })),
  };
}

export function offlineState(store: OfflineStore, counter: number, now: number, hall: HallView | null, local: Local): QueueState {
  const appt: Appt = (id) => store.appointment(id);
  const me = hall?.counters.find((c) => c.number === counter);
  const mine = store.localTickets(counter, ['waiting', 'called', 'serving']);
  const waiting = mine.filter((t) => t.status === 'waiting');
  const current = mine.find((t) => t.status !== 'waiting') ?? null;
  const ordered = orderFor(
    waiting.map((t, i) => ({ id: t.number, stream: t.stream, kind: t.kind, dueAt: t.dueAt, issuedSeq: i, t })),
    { number: counter, streams: [...new Set(waiting.map((t) => t.stream))] },
    now,
    hall?.policy ?? DEFAULT_POLICY,
  );
  return {
    ...local, online: false, now,
    counter: { number: counter, name: me?.name ?? `${counter}号窗口`, paused: false, streams: me?.streams ?? [] },
    current: current ? fromOffline(current, hall, appt) : null,
    waiting: ordered.map((x) => fromOffline(x.t, hall, appt)),
    parked: [],
    streams: (hall?.streams ?? []).map((s) => ({ id: s.id, name: s.name, kind: s.kind, waiting: waiting.filter((t) => t.stream === s.id).length })),
    counters: (hall?.counters ?? []).map((c) => ({ number: c.number, name: c.name, streams: c.streams })),
  };
}

export function supervisorView(v: ViewsFrame, hall: HallView | null, extra: Pick<SupervisorView, 'displayUrl' | 'warnings'>): SupervisorView | null {
  const b = v.supervisor;
  if (!b) return null;
  return {
    ...extra, online: true, at: b.at, day: b.day, streams: b.streams, atRisk: b.atRisk, alerts: b.alerts, waiting: b.waiting, forecast: b.forecast ?? null,
    counters: b.counters.map((c) => ({ number: c.number, name: c.name, streams: c.streams, dedicationLabel: c.dedicationLabel, state: c.state, staff: c.staff, paused: c.paused, ticket: c.ticket, since: c.since, servedToday: c.servedToday, avgServiceMinutes: c.avgServiceMinutes })),
    allStreams: (hall?.streams ?? []).map((x) => ({ id: x.id, name: x.name })),
  };
}
