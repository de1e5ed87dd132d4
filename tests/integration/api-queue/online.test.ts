import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../main/core/events';
import type { Workstation } from '../../../main/api/workstation';
import { atHallTime, hallDay } from '../../../common/hall-time';
import { demoHall } from '../../../main/hub/config';
import { testClient } from '../hub/helpers';
import { caller, codeOf, hallAt10, signIn, startQueueHub, until, workstationFor, type RunningHub } from './helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

// Each test gets a fresh hub (in memory, demo bookings, clock at 10:00) and a fresh workstation,
// and sets up the tickets it needs itself: any test passes alone (`npx vitest run -t "<name>"`).
describe('queue contract against a real hub', () => {
  let hub: RunningHub;
  let clock: { now: number };
  let ws: Workstation;
  let clerk: ReturnType<typeof caller>;
  let events: Delivery[];

  beforeEach(async () => {
    events = [];
    ({ hub, clock } = await hallAt10());
    ws = await workstationFor(hub.url);
    ws.bus.subscribe((d) => events.push(d));
    await until(() => ws.queue.link.online);
    clerk = caller(ws, await signIn(ws, '1001', 'counter-3'));
  });
  afterEach(async () => {
    await ws.close();
    await hub.close();
  });

  it('keeps the local counters in step with the hub hall', async () => {
    expect(ws.hall.counters().map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(ws.hall.counter('counter-9')?.name).toBe('9号长三角专窗');
    // A hub whose hall names counter 3 differently: the workstation follows it when it connects.
    const hall = demoHall();
    hall.counters[2].name = '3号综合窗口（临时）';
    const other = await startQueueHub({ hall });
    const ws2 = await workstationFor(other.url);
    try {
      await until(() => ws2.queue.link.online);
      expect(ws2.hall.counter('counter-3')?.name).toBe('3号综合窗口（临时）');
    } finally {
      await ws2.close();
      await other.close();
    }
  });

  it('issues, calls next (a retried request id returns the same ticket), announces, and serves', async () => {
    const issued = await clerk<any>('queue.issue', { stream: 'A' });
    expect(issued.number).toMatch(/^A\d{3}$/);
    expect(issued.ref).toBe(`hub:${issued.ref.slice(4)}`);
    const first = await clerk<any>('queue.callNext', { requestId: 'press-0001-abc' });
    expect(first.ticket.number).toBe(issued.number);
    expect(first.replayed).toBe(false);
    const again = await clerk<any>('queue.callNext', { requestId: 'press-0001-abc' });
    expect(again.ticket.number).toBe(issued.number);
    expect(again.replayed).toBe(true);

    await until(() => events.some((e) => e.name === 'queue.called' && e.counterId === 'counter-3'));
    const called = events.find((e) => e.name === 'queue.called')!.payload as any;
    const digits = issued.number.slice(1).split('').map((d: string) => '零一二三四五六七八九'[Number(d)]).join('');
    expect(called.announcement).toBe(`请 A ${digits} 号到 3 号窗口办理`);
    expect(called.text).toBe(`请 ${issued.number} 号到 3 号窗口办理`);
    expect(ws.citizen.current('counter-3')).toEqual({ mode: 'called', counterNumber: 3, ticketNumber: issued.number });

    const state = await clerk<any>('queue.state', {});
    expect(state.online).toBe(true);
    expect(state.current.number).toBe(issued.number);
    expect(await codeOf(clerk('queue.recall', { ref: issued.ref }))).toBe('RECALL_TOO_SOON');
    clock.now += 31_000;
    expect((await clerk<any>('queue.recall', { ref: issued.ref })).callCount).toBe(2);
    expect((await clerk<any>('queue.start', { ref: issued.ref })).status).toBe('serving');
    expect((await clerk<any>('queue.finish', { ref: issued.ref })).status).toBe('finished');
    expect(await codeOf(clerk('queue.finish', { ref: issued.ref }))).toBe('TICKET_FINISHED');
  });

  it('checks an appointment in by ID number; it is called first and shows its booking', async () => {
    const day = hallDay(clock.now);
    const appt = (await testClient(hub.url).appointments(day)).find((a) => a.slotStart === atHallTime(day, '10:00'))!;
    await clerk('queue.issue', { stream: 'A' });
    const r = await clerk<any>('queue.checkIn', { by: 'idNumber', idNumber: bookedIdNumber(appt) });
    expect(r.ticket.number).toMatch(/^Y\d{3}$/);
    expect(r.late).toBe(false);
    expect(await codeOf(clerk('queue.checkIn', { by: 'idNumber', idNumber: bookedIdNumber(appt) }))).toBe('ALREADY_CHECKED_IN');
    const called = await clerk<any>('queue.callNext', { requestId: 'press-0002-abc' });
    expect(called.ticket.number).toBe(r.ticket.number);
    expect(called.ticket.appointment).toMatchObject({ code: appt.code, itemName: appt.itemName, slotStart: appt.slotStart });
    await clerk('queue.noShow', { ref: called.ticket.ref });
  });

  it('refuses a transfer to an unstaffed counter; only a supervisor may force it', async () => {
    await clerk('queue.issue', { stream: 'A' });
    const { ticket } = await clerk<any>('queue.callNext', { requestId: 'press-0101-abc' });
    expect(await codeOf(clerk('queue.transfer', { ref: ticket.ref, toCounter: 7 }))).toBe('TRANSFER_TARGET_UNSTAFFED');
    expect(await codeOf(clerk('queue.transfer', { ref: ticket.ref, toCounter: 7, force: true }))).toBe('FORBIDDEN');
    const sup = caller(ws, await signIn(ws, '3001', 'counter-3'));
    const moved = await sup<any>('queue.transfer', { ref: ticket.ref, toCounter: 7, force: true });
    expect(moved).toMatchObject({ status: 'waiting', counter: null });
    const atHub = (await testClient(hub.url).tickets()).find((t) => t.number === moved.number)!;
    expect(atHub.targetCounter).toBe(7);
  });

  it('transfers to another stream keeping its place, parks and resumes', async () => {
    await clerk('queue.issue', { stream: 'A' });
    const { ticket } = await clerk<any>('queue.callNext', { requestId: 'press-0003-abc' });
    expect(ticket.stream).toBe('A');
    const moved = await clerk<any>('queue.transfer', { ref: ticket.ref, toStream: 'B' });
    expect(moved).toMatchObject({ status: 'waiting', stream: 'B', dueAt: ticket.dueAt });
    expect(await codeOf(clerk('queue.transfer', { ref: ticket.ref, toCounter: 3 }))).toBe('TRANSFER_SAME_COUNTER');
    expect(await codeOf(clerk('queue.callTicket', { ref: ticket.ref, requestId: 'press-0004-abc' }))).toBe('SKILL_MISMATCH');

    const t2 = await clerk<any>('queue.issue', { stream: 'A' });
    await clerk('queue.callTicket', { ref: t2.ref, requestId: 'press-0005-abc' });
    expect((await clerk<any>('queue.park', { ref: t2.ref })).status).toBe('parked');
    expect((await clerk<any>('queue.state', {})).parked.map((t: any) => t.number)).toEqual([t2.number]);
    expect((await clerk<any>('queue.resume', { ref: t2.ref })).status).toBe('called');
    await clerk('queue.finish', { ref: t2.ref });
  });

  it('refuses bad input and changes nothing', async () => {
    await clerk('queue.issue', { stream: 'A' });
    const before = (await clerk<any>('queue.state', {})).waiting.length;
    expect(await codeOf(clerk('queue.callNext', { requestId: 'x' }))).toBe('INVALID_INPUT');
    expect(await codeOf(clerk('queue.recall', { ref: 'A012' }))).toBe('INVALID_INPUT');
    expect(await codeOf(clerk('queue.checkIn', { by: 'idNumber', idNumber: '1234' }))).toBe('INVALID_INPUT');
    expect(await codeOf(clerk('queue.issue', { stream: 'Y' }))).toBe('INVALID_INPUT');
    expect(await codeOf(clerk('queue.issue', { stream: 'Q' }))).toBe('UNKNOWN_STREAM');
    expect(await codeOf(clerk('queue.finish', { ref: 'hub:999999' }))).toBe('UNKNOWN_TICKET');
    expect(await codeOf(clerk('queue.checkIn', { by: 'code', code: 'NOPE-0000' }))).toBe('UNKNOWN_APPOINTMENT');
    expect(await codeOf(clerk('queue.supervisor', {}))).toBe('FORBIDDEN');
    expect(before).toBe(1);
    expect((await clerk<any>('queue.state', {})).waiting.length).toBe(before);
  });

  it('the kiosk issues and checks in without a staff session, and refuses the appointment stream', async () => {
    const kiosk = caller(ws, { id: 'kiosk', transport: 'ws', session: null, citizenCounterId: null });
    const streams = await kiosk<any>('queue.kioskStreams', {});
    expect(streams.streams.map((s: any) => s.id)).toEqual(['A', 'V', 'C', 'E']);
    const before = streams.streams.find((s: any) => s.id === 'A').waiting;
    const t = await kiosk<any>('queue.kioskIssue', { stream: 'A' });
    expect(t).toMatchObject({ streamName: '现场取号', ahead: before, late: false });
    expect(await codeOf(kiosk('queue.kioskIssue', { stream: 'Y' }))).toBe('KIOSK_STREAM');
    const day = hallDay(clock.now);
    const appt = (await testClient(hub.url).appointments(day)).find((a) => a.slotStart === atHallTime(day, '10:30'))!;
    const c = await kiosk<any>('queue.kioskCheckIn', { by: 'code', code: appt.code });
    expect(c).toMatchObject({ itemName: appt.itemName, late: false });
    expect(c.number).toMatch(/^Y\d{3}$/);
    expect(await codeOf(kiosk('queue.state', {}))).toBe('NOT_SIGNED_IN');
  });

  it('pause refuses calls; supervisors pause any counter, change skills, move a ticket up and see the board pushed', async () => {
    await clerk('queue.issue', { stream: 'B' });
    for (let i = 0; i < 3; i++) await clerk('queue.issue', { stream: 'A' });
    await clerk('queue.setPaused', { paused: true });
    expect(await codeOf(clerk('queue.callNext', { requestId: 'press-0006-abc' }))).toBe('COUNTER_PAUSED');
    expect(await codeOf(clerk('queue.setPaused', { paused: false, counter: 4 }))).toBe('FORBIDDEN');
    await clerk('queue.setPaused', { paused: false });

    const sup = caller(ws, await signIn(ws, '3001', null));
    const view = await sup<any>('queue.supervisor', {});
    expect(view.displayUrl).toBe(`${hub.url}/display`);
    expect(view.counters).toHaveLength(12);
    expect(view.streams.find((s: any) => s.stream === 'B').waiting).toBe(1);
    await sup('queue.setPaused', { paused: true, counter: 5 });
    expect((await sup<any>('queue.setSkills', { counter: 5, streams: ['A', 'B'] })).streams).toEqual(['A', 'B']);
    const last = view.waiting[view.waiting.length - 1];
    expect(last.number).toBe('A003');
    expect((await sup<any>('queue.moveUp', { ticketId: last.ticketId })).number).toBe(last.number);
    await until(() => events.some((e) => e.name === 'queue.supervisor' && (e.payload as any).counters.find((c: any) => c.number === 5).paused));
  });
});
