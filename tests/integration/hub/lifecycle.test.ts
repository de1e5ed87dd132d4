import { describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/hub/client';
import type { PushEvent } from '../../../main/hub/protocol';

type Of<T extends PushEvent['type']> = Extract<PushEvent, { type: T }>;
import { fakeClock, raw, startTestHub, tempDir } from './helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

async function until<T>(get: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('hub lifecycle', () => {
  it('a restart mid-day keeps the whole queue, numbering, skills and pauses', async () => {
    const dataDir = tempDir();
    const clock = fakeClock();
    let { hub, client } = await startTestHub({ dataDir, now: clock.now });
    const a1 = await client.issue({ stream: 'A' });
    const a2 = await client.issue({ stream: 'A' });
    await client.callTicket(a1.id, 1);
    await client.setSkills(2, ['A']);
    await client.pause(3);
    await hub.close();

    ({ hub, client } = await startTestHub({ dataDir, now: clock.now }));
    const tickets = await client.tickets();
    expect(tickets.map((t) => [t.number, t.status, t.counter])).toEqual([
      ['A001', 'called', 1],
      ['A002', 'waiting', null],
    ]);
    expect((await client.issue({ stream: 'A' })).number).toBe('A003');
    const counters = await client.counters();
    expect(counters.find((c) => c.number === 2)!.streams).toEqual(['A']);
    const hall = await client.hall();
    expect(hall.streams.map((s) => s.prefix)).toEqual(['Y', 'A', 'V', 'B', 'C', 'E']);
    expect(hall.counters.find((c) => c.number === 9)).toMatchObject({ dedicatedStream: 'C', dedicationLabel: '长三角专窗' });
    expect(counters.find((c) => c.number === 3)!.state).toBe('paused');
    expect(counters.find((c) => c.number === 1)!.ticket?.number).toBe('A001');
    // the waiting mirror was rebuilt from disk: call-next still finds A002
    expect((await client.callNext(2)).ticket!.id).toBe(a2.id);
    await hub.close();
  });

  it('numbers restart each day without losing the previous day', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    await client.issue({ stream: 'A' });
    await client.issue({ stream: 'A' });
    clock.advance(24 * 60);
    const next = await client.issue({ stream: 'A' });
    expect(next.number).toBe('A001');
    expect(next.day).toBe('2026-03-03');
    expect(await client.tickets({ day: '2026-03-02' })).toHaveLength(2);
    // yesterday's leftovers are not called today, and at rollover they are closed but kept as history
    const { ticket } = await client.callNext(1);
    expect(ticket!.id).toBe(next.id);
    expect(await hub.hub.closeStaleDays()).toBe(2);
    const yesterday = await client.tickets({ day: '2026-03-02' });
    expect(yesterday.map((t) => [t.number, t.status])).toEqual([['A001', 'cancelled'], ['A002', 'cancelled']]);
    expect(yesterday[0].note).toContain('次日自动关闭');
    await hub.close();
  });

  it('check-in by ID number, appointment code, and name + phone; late arrivals become walk-ins; no-shows recorded', async () => {
    const clock = fakeClock(Date.parse('2026-03-02T09:50:00+08:00'));
    const { hub, client } = await startTestHub({ now: clock.now, demo: true });
    const appts = await client.appointments();
    const at10 = appts.filter((a) => a.slotStart === Date.parse('2026-03-02T10:00:00+08:00'));
    expect(at10.length).toBeGreaterThanOrEqual(3);

    const byId = await client.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(at10[0]) });
    expect(byId.ticket.number).toMatch(/^Y\d{3}$/);
    expect(byId.ticket.dueAt).toBe(at10[0].slotStart); // early: due from slot start
    const byCode = await client.checkIn({ by: 'code', code: at10[1].code });
    expect(byCode.appointment.status).toBe('checked_in');
    const byName = await client.checkIn({ by: 'namePhone', name: at10[2].name!, phone: at10[2].phone! });
    expect(byName.appointment.id).toBe(at10[2].id);

    const at930 = appts.filter((a) => a.slotStart === Date.parse('2026-03-02T09:30:00+08:00'));
    const late = await client.checkIn({ by: 'code', code: at930[0].code }); // 20 min late > 15
    expect(late.late).toBe(true);
    expect(late.ticket.kind).toBe('walkin');
    expect(late.ticket.number).toMatch(/^A\d{3}$/);
    expect(late.ticket.note).toContain('预约迟到');
    expect(late.appointment.status).toBe('late_walkin');

    clock.advance(30); // 10:20: the 09:30 slot ended 20 min ago (> 15 min late threshold), the 10:00 slot has not
    const r = (await raw(hub.url, 'POST', '/appointments/sweep-no-shows', '{}')).json as { value: { marked: number } };
    expect(r.value.marked).toBeGreaterThan(0);
    const after = await client.appointments();
    expect(after.find((a) => a.id === at930[1].id)!.status).toBe('no_show');
    expect(after.find((a) => a.id === at10[3]?.id)?.status ?? 'booked').toBe('booked');

    // The 爽约 booking's holder arrives after all: checked in as a late walk-in, not told "already checked in".
    const swept = after.find((a) => a.id === at930[1].id)!;
    const lateAfterSweep = await client.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(swept) });
    expect(lateAfterSweep).toMatchObject({ late: true, appointment: { id: swept.id, status: 'late_walkin' }, ticket: { kind: 'walkin', status: 'waiting' } });
    const again = await client.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(swept) }).catch((e) => e);
    expect(again.code).toBe('ALREADY_CHECKED_IN');

    // A bad check digit is named as such, not answered "no appointment today".
    const typo = bookedIdNumber(swept).slice(0, 17) + (bookedIdNumber(swept)[17] === '1' ? '2' : '1');
    const bad = await client.checkIn({ by: 'idNumber', idNumber: typo }).catch((e) => e);
    expect(bad.code).toBe('ID_NUMBER_INVALID');
    expect(bad.message).toContain('校验不通过');
    await hub.close();
  });

  it('park and resume, transfer keeping priority, move-up, start and finish', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    const old = await client.issue({ stream: 'A' });
    clock.advance(20);
    const fresh = await client.issue({ stream: 'A' });
    const { ticket } = await client.callNext(1);
    expect(ticket!.id).toBe(old.id);
    await client.start(old.id, 1);
    const parked = await client.park(old.id, 1);
    expect(parked.status).toBe('parked');
    expect((await client.counters())[0].state).not.toBe('serving');
    // resume on a busy counter is refused; on a free one it comes back to that counter
    const other = await client.callNext(1);
    expect(other.ticket!.id).toBe(fresh.id);
    await expect(client.resume(old.id, 1)).rejects.toMatchObject({ code: 'COUNTER_BUSY' });
    // transfer the fresh one to the YRD stream: it keeps its dueAt (its place)
    const moved = await client.transfer(fresh.id, { counter: 1, toStream: 'C' });
    expect(moved.status).toBe('waiting');
    expect(moved.dueAt).toBe(fresh.dueAt);
    expect(moved.kind).toBe('walkin');
    const back = await client.resume(old.id, 1);
    expect(back.status).toBe('called');
    await client.finish(old.id, 1);
    // counter 9 (长三角专窗) takes the transferred ticket before an older plain walk-in? no: its own stream first
    clock.advance(1);
    const plain = await client.issue({ stream: 'A' });
    expect((await client.callNext(9)).ticket!.id).toBe(fresh.id);
    // supervisor move-up puts a new ticket ahead of older ones
    const newer = await client.issue({ stream: 'A' });
    await client.moveUp(newer.id, 'supervisor');
    expect((await client.callNext(2)).ticket!.id).toBe(newer.id);
    expect((await client.callNext(3)).ticket!.id).toBe(plain.id);
    await hub.close();
  });

  it('pushes the public events to the TV and versioned views only to the sockets that subscribed to them; serves the display page', async () => {
    const clock = fakeClock(Date.parse('2026-03-02T10:00:00+08:00'));
    const { hub, client } = await startTestHub({ now: clock.now, demo: true });
    const tv: PushEvent[] = [];
    const panel: PushEvent[] = [];
    const statuses: string[] = [];
    const tvSub = client.subscribe((e) => tv.push(e), (s) => statuses.push(s));
    const panelSub = client.subscribe((e) => panel.push(e));
    panelSub.want({ counters: [5], supervisor: true });
    await until(() => (statuses.includes('open') ? true : undefined), 'push open');
    const views = () => panel.filter((e): e is Of<'views'> => e.type === 'views');
    const first = await until(() => views().find((v) => v.snapshot), 'snapshot on subscribe');
    expect(first.panels.map((p) => p.counter)).toEqual([5]);
    expect(first.supervisor).not.toBeNull();

    const appt = (await client.appointments()).find((a) => a.slotStart === clock.now())!;
    await client.checkIn({ by: 'code', code: appt.code });
    await client.issue({ stream: 'A' });
    await until(() => (tv.filter((e): e is Of<'queue.changed'> => e.type === 'queue.changed').at(-1)?.waiting.A === 1 ? true : undefined), 'TV: A=1');
    const withBoth = await until(() => views().find((v) => v.panels[0].order.length === 2), 'panel with both tickets');
    // The hub ordered counter 5's queue: the appointment before the walk-in.
    expect(withBoth.panels[0].order.map((id) => withBoth.waiting.find((t) => t.id === id)!.kind)).toEqual(['appointment', 'walkin']);

    clock.advance(9); // the appointment has now waited 9 minutes: warning
    const snap = await client.supervisor();
    expect(snap.atRisk).toEqual([expect.objectContaining({ level: 'warning', appointmentId: appt.id })]);
    clock.advance(2);
    expect((await client.supervisor()).atRisk[0].level).toBe('breach');
    expect(snap.streams.find((s) => s.stream === 'Y')).toMatchObject({ waiting: 1 });

    const { ticket } = await client.callNext(5);
    expect(ticket!.appointmentId).toBe(appt.id); // the at-risk appointment goes first
    for (const events of [tv, panel]) {
      const called = await until(() => events.find((e) => e.type === 'ticket.called') as Of<'ticket.called'> | undefined, 'ticket.called');
      expect(called).toMatchObject({ counter: 5, counterName: '5号综合窗口', recall: false, ticket: { id: ticket!.id } });
    }
    const atCounter = await until(() => views().find((v) => v.panels[0].current?.id === ticket!.id), 'panel with the called ticket');
    expect(atCounter.counters.find((c) => c.number === 5)!.state).toBe('called');
    await client.finish(ticket!.id, 5);
    const after = await until(() => views().find((v) => v.supervisor!.counters.find((c) => c.number === 5)!.servedToday === 1), 'board with served count');
    expect(after.supervisor!.counters.find((c) => c.number === 5)!.avgServiceMinutes).toBe(0);

    // Each change is one version, pushed in order; the TV gets no views, the panel (once subscribed) no TV counts.
    const changes = views().filter((v) => !v.snapshot).map((v) => v.version);
    expect(changes).toEqual(Array.from({ length: changes.length }, (_, i) => changes[0] + i));
    expect(tv.some((e) => e.type === 'views')).toBe(false);
    expect(panel.slice(panel.indexOf(first)).some((e) => e.type === 'queue.changed')).toBe(false);
    // A resync GET answers the same shape at the current version.
    const resync = await client.views({ counters: [5], supervisor: false });
    expect(resync).toMatchObject({ snapshot: true, version: changes.at(-1), supervisor: null });
    tvSub.close();
    panelSub.close();

    // An enrolled device gets the display; a browser with no credential the TV's enrolment form.
    const html = (await raw(hub.url, 'GET', '/display')).text;
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('/push');
    expect((await raw(hub.url, 'GET', '/display', undefined, null)).text).toContain('/display/enrol');
    await hub.close();
  });

  it('the push subscription reconnects after the hub restarts', async () => {
    const dataDir = tempDir();
    const first = await startTestHub({ dataDir });
    let hub = first.hub;
    const port = hub.port;
    const client = new HubClient({ url: hub.url, credential: first.credential });
    const statuses: string[] = [];
    const events: PushEvent[] = [];
    const sub = client.subscribe((e) => events.push(e), (s) => statuses.push(s));
    await until(() => (statuses.includes('open') ? true : undefined), 'open');
    await hub.close();
    await until(() => (statuses.includes('closed') ? true : undefined), 'closed');
    ({ hub } = await startTestHub({ dataDir, port }));
    await until(() => (statuses.filter((s) => s === 'open').length >= 2 ? true : undefined), 'reopen');
    await client.issue({ stream: 'A' });
    await until(() => events.find((e) => e.type === 'queue.changed' && e.waiting.A === 1), 'event after reconnect');
    sub.close();
    await hub.close();
  });
});
