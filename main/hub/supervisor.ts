import type { SupervisorSnapshot } from './protocol';
import type { HallQueue } from './queue';
import { counterAlerts } from './alerts';

const MIN = 60_000;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** What the supervisor's board shows, computed from the store (never from client-side state). */
export async function supervisorSnapshot(q: HallQueue): Promise<SupervisorSnapshot> {
  const now = q.now();
  const day = q.today();
  const waiting = await q.store.listTickets({ day, statuses: ['waiting'] });
  const wait = (dueAt: number) => Math.max(0, now - dueAt) / MIN;
  const streams = q.hall.streams.map((s) => {
    const ts = waiting.filter((t) => t.stream === s.id);
    return { stream: s.id, name: s.name, waiting: ts.length, longestWaitMinutes: r1(ts.reduce((m, t) => Math.max(m, wait(t.dueAt)), 0)) };
  });
  const { warnMinutes, breachMinutes } = q.hall.supervisor;
  const atRisk = waiting
    .filter((t) => t.kind === 'appointment' && wait(t.dueAt) >= warnMinutes)
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((t) => ({ ticketId: t.id, number: t.number, waitedMinutes: r1(wait(t.dueAt)), level: wait(t.dueAt) >= breachMinutes ? ('breach' as const) : ('warning' as const), appointmentId: t.appointmentId }));
  const stats = new Map((await q.store.counterStats(day)).map((s) => [s.counter, s]));
  const counters = (await q.counters()).map((c) => {
    const s = stats.get(c.number);
    return { ...c, servedToday: s?.served ?? 0, avgServiceMinutes: s?.avgServiceMs != null ? r1(s.avgServiceMs / MIN) : null };
  });
  return { at: now, day, streams, atRisk, alerts: counterAlerts(counters, now, q.hall.supervisor), counters };
}
