import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkstation, type Workstation } from '../../../main/api/workstation';
import { MemorySettings } from '../../../main/core/settings';
import { atHallTime, hallDay } from '../../../common/hall-time';
import { tempDir } from '../../fixtures/workstation';
import { caller, codeOf, enrolIn, flakyProxy, hallAt10, signIn, until, workstationFor, type RunningHub } from './helpers';
import { testClient } from '../hub/helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

describe('offline at the counter, then reconciliation', () => {
  let hub: RunningHub;
  let clock: { now: number };
  let ws: Workstation;
  const hubDir = tempDir('wd-hub-');

  beforeAll(async () => {
    ({ hub, clock } = await hallAt10({ dataDir: hubDir }));
    ws = await workstationFor(hub.url);
    await until(() => ws.queue.link.online);
  });
  afterAll(async () => {
    await ws.close();
    await hub.close();
  });

  it('issues, checks in from the cached list and serves its own series; uploads once, none lost, none twice', async () => {
    const clerk = caller(ws, await signIn(ws, '1001', 'counter-3'));
    const day = hallDay(clock.now);
    const appts = await testClient(hub.url).appointments(day);
    const appt = appts.find((a) => a.slotStart === atHallTime(day, '10:00'))!;
    const hubTicket = await clerk<any>('queue.issue', { stream: 'A' });
    const port = hub.port;
    await hub.close();

    const a1 = await clerk<any>('queue.issue', { stream: 'A' });
    expect(a1).toMatchObject({ number: 'A-3-001', series: 'offline', ref: 'offline:A-3-001' });
    expect(ws.queue.link.online).toBe(false);
    const y1 = await clerk<any>('queue.checkIn', { by: 'idNumber', idNumber: bookedIdNumber(appt) });
    expect(y1.ticket).toMatchObject({ number: 'Y-3-001', kind: 'appointment', appointment: { code: appt.code } });
    expect(await codeOf(clerk('queue.checkIn', { by: 'code', code: appt.code }))).toBe('ALREADY_CHECKED_IN');
    const a2 = await clerk<any>('queue.issue', { stream: 'A' });
    expect(a2.number).toBe('A-3-002');
    const queued = ws.queue.store.backlog();
    expect(await codeOf(clerk('queue.issue', { stream: 'Q' }))).toBe('UNKNOWN_STREAM');
    expect(await codeOf(clerk('queue.issue', { stream: 'Y' }))).toBe('INVALID_INPUT');
    expect(await codeOf(clerk('queue.checkIn', { by: 'code', code: 'NOPE-0000' }))).toBe('UNKNOWN_APPOINTMENT');
    expect(await codeOf(clerk('queue.finish', { ref: 'offline:A-3-002' }))).toBe('TICKET_NOT_CALLED');
    expect(await codeOf(clerk('queue.finish', { ref: 'offline:A-4-001' }))).toBe('UNKNOWN_TICKET');
    expect(ws.queue.store.backlog()).toBe(queued);

    // R1: a hub ticket is never touched offline.
    expect(await codeOf(clerk('queue.callTicket', { ref: hubTicket.ref, requestId: 'press-off-0001' }))).toBe('HUB_TICKET_OFFLINE');

    const state = await clerk<any>('queue.state', {});
    expect(state.online).toBe(false);
    expect(state.waiting.map((t: any) => t.number).sort()).toEqual(['A-3-001', 'A-3-002', 'Y-3-001']);
    const first = await clerk<any>('queue.callNext', { requestId: 'press-off-0002' });
    expect(await codeOf(clerk('queue.callNext', { requestId: 'press-off-0003' }))).toBe('COUNTER_BUSY');
    expect(ws.citizen.current('counter-3')).toEqual({ mode: 'called', counterNumber: 3, ticketNumber: first.ticket.number });
    await clerk('queue.start', { ref: first.ticket.ref });
    await clerk('queue.finish', { ref: first.ticket.ref });
    const second = await clerk<any>('queue.callNext', { requestId: 'press-off-0004' });
    await clerk('queue.noShow', { ref: second.ticket.ref });
    const backlog = ws.queue.store.backlog();
    expect(backlog).toBe(3 + 3 + 2); // 3 issue/checkIn, call+start+finish, call+noShow
    expect(ws.status.snapshot().syncBacklog).toBe(backlog);

    // The hub returns (same data directory, same port).
    ({ hub } = await hallAt10({ dataDir: hubDir, port, clock }));
    await until(() => ws.queue.link.online);
    expect(ws.queue.store.backlog()).toBe(0);
    expect(ws.queue.store.deadLetters()).toEqual([]);

    const tickets = await testClient(hub.url).tickets({ day });
    const numbers = tickets.map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const by = (n: string) => tickets.find((t) => t.number === n)!;
    expect(by(first.ticket.number).status).toBe('finished');
    expect(by(second.ticket.number).status).toBe('no_show');
    const left = ['A-3-001', 'A-3-002', 'Y-3-001'].find((n) => n !== first.ticket.number && n !== second.ticket.number)!;
    expect(by(left)).toMatchObject({ status: 'waiting', series: 'offline' });
    expect(by('Y-3-001').appointmentId).toBe(appt.id);
    expect(by(hubTicket.number).status).toBe('waiting');

    // Back online the offline leftovers are hub tickets: listed once, by the hub.
    const online = await clerk<any>('queue.state', {});
    expect(online.online).toBe(true);
    expect(online.waiting.filter((t: any) => t.number === left)).toHaveLength(1);
    expect(online.waiting.find((t: any) => t.number === left).ref).toMatch(/^hub:/);

    // Nothing left to upload: a second sync sends nothing again.
    const sync = await clerk<any>('queue.sync', {});
    expect(sync).toEqual({ uploaded: 0, rejected: 0, backlog: 0 });
  });

  it('offline check-in without a cached list, or an unknown one, is refused with a clear code', async () => {
    const ws2 = await workstationFor('https://127.0.0.1:9', null);
    const clerk = caller(ws2, await signIn(ws2, '1002', 'counter-4'));
    expect(await codeOf(clerk('queue.checkIn', { by: 'idNumber', idNumber: '11010519491231002X' }))).toBe('NO_APPOINTMENT_CACHE');
    expect(await codeOf(clerk('queue.issue', { stream: 'A' }))).toBe('NO_HALL_CACHE');
    const kiosk = caller(ws2, { id: 'kiosk', transport: 'ws', session: null, citizenCounterId: null });
    expect(await codeOf(kiosk('queue.kioskIssue', { stream: 'A' }))).toBe('KIOSK_OFFLINE');
    expect(ws2.queue.store.backlog()).toBe(0);
    await ws2.close();
  });
});

describe('the offline series survives a restart (R4)', () => {
  it('numbers continue after the workstation restarts; the outbox keeps its order', async () => {
    const { hub } = await hallAt10();
    const dataDir = tempDir();
    await enrolIn(hub, dataDir);
    const open = () => createWorkstation({ dataDir, demo: true, shell: 'browser', settings: new MemorySettings(), version: 'test', hubUrl: hub.url, hubMode: 'remote', log: { info: () => {}, error: () => {} } });
    let ws = await open();
    await until(() => ws.queue.link.online);
    await ws.close();
    await hub.close(); // the hall is cached; the hub is gone
    ws = await open();
    const clerk1 = caller(ws, await signIn(ws, '1001', 'counter-3'));
    expect((await clerk1<any>('queue.issue', { stream: 'A' })).number).toBe('A-3-001');
    await ws.close();
    ws = await open();
    const clerk2 = caller(ws, await signIn(ws, '1001', 'counter-3'));
    expect((await clerk2<any>('queue.issue', { stream: 'A' })).number).toBe('A-3-002');
    expect(ws.queue.store.pending().map((r) => r.number)).toEqual(['A-3-001', 'A-3-002']);
    await ws.close();
  });
});

describe('hub lost mid-call', () => {
  it('a ticket the hub claimed but whose answer was lost goes back to its place when the hub returns', async () => {
    const { hub } = await hallAt10();
    const proxy = await flakyProxy(hub.url);
    const ws = await workstationFor(proxy.url, hub);
    try {
      await until(() => ws.queue.link.online);
      const clerk = caller(ws, await signIn(ws, '1001', 'counter-3'));
      const t = await clerk<any>('queue.issue', { stream: 'A' });
      proxy.state.dropCallAnswers = true;
      const r = await clerk<any>('queue.callNext', { requestId: 'press-lost-0001' });
      expect(r.ticket).toBeNull(); // offline: nothing of its own to call
      expect(ws.queue.link.online).toBe(false);
      const direct = testClient(hub.url);
      expect((await direct.ticket(Number(t.ref.slice(4)))).status).toBe('called'); // half-claimed at the hub

      proxy.state.dropCallAnswers = false;
      await clerk('queue.sync', {});
      const back = await direct.ticket(Number(t.ref.slice(4)));
      expect(back).toMatchObject({ status: 'waiting', counter: null, dueAt: t.dueAt });
      const again = await clerk<any>('queue.callNext', { requestId: 'press-lost-0002' });
      expect(again.ticket.number).toBe(t.number);
      expect(ws.queue.store.pendingCalls()).toEqual([]);

      // A press refused by the hub (counter busy) whose answer is lost claimed nothing: the ticket at the counter stays.
      proxy.state.dropCallAnswers = true;
      await clerk('queue.callNext', { requestId: 'press-lost-0003' });
      proxy.state.dropCallAnswers = false;
      await clerk('queue.sync', {});
      expect(await direct.ticket(Number(t.ref.slice(4)))).toMatchObject({ status: 'called', counter: 3 });
      expect(ws.queue.store.pendingCalls()).toEqual([]);
    } finally {
      await ws.close();
      await proxy.close();
      await hub.close();
    }
  });
});
