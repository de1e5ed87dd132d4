import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atHallTime, hallDay } from '../../../common/hall-time';
import type { Workstation } from '../../../main/api/workstation';
import { testClient } from '../hub/helpers';
import type { CaseView, Serving } from '../../../preload/contract/intake';
import { caller, codeOf, hallAt10, signIn, until, workstationFor, type RunningHub } from '../api-queue/helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

// 叫号 and 受理 linked: the called booking carried into intake, and the case and the ticket referencing each other.
describe('the ticket being served, seen from intake', () => {
  let hub: RunningHub;
  let clock: { now: number };
  let ws: Workstation;
  let clerk: ReturnType<typeof caller>;

  beforeEach(async () => {
    ({ hub, clock } = await hallAt10());
    ws = await workstationFor(hub.url);
    await until(() => ws.queue.link.online);
    clerk = caller(ws, await signIn(ws, '1001', 'counter-3'));
  });
  afterEach(async () => {
    await ws.close();
    await hub.close();
  });

  const bookingAt10 = async () => {
    const day = hallDay(clock.now);
    return (await testClient(hub.url).appointments(day)).find((a) => a.slotStart === atHallTime(day, '10:00'))!;
  };

  it('a called appointment brings its applicant and booked item; the case records the ticket and the ticket finds the case', async () => {
    expect(await clerk('intake.serving', {})).toBeNull();
    const appt = await bookingAt10();
    await clerk('queue.checkIn', { by: 'idNumber', idNumber: bookedIdNumber(appt) });
    const { ticket } = await clerk<any>('queue.callNext', { requestId: 'press-0201-abc' });
    await until(async () => (await clerk<Serving | null>('intake.serving', {}))?.ticket.ref === ticket.ref);

    const s = (await clerk<Serving>('intake.serving', {}))!;
    expect(s.ticket).toMatchObject({ ref: ticket.ref, number: ticket.number, status: 'called' });
    expect(s.booking).toEqual({ name: appt.name, idNumber: bookedIdNumber(appt), itemCode: appt.itemCode, itemName: appt.itemName });
    expect(s.case).toBeNull();
    // The booked item opens in 受理: it is in the catalog intake searches.
    const hits = await clerk<{ hits: { code: string; scenarios: { code: string }[] }[] }>('intake.catalogSearch', { q: appt.itemCode! });
    const item = hits.hits.find((h) => h.code === appt.itemCode)!;
    expect(item).toBeDefined();

    const c = await clerk<CaseView>('intake.createDraft', {
      applicant: { type: 'person', name: s.booking!.name, idNumber: s.booking!.idNumber }, itemCode: item.code, scenarioCode: item.scenarios[0].code, ticketRef: ticket.ref,
    });
    expect(c.ticket).toEqual({ ref: ticket.ref, number: ticket.number });
    expect((await clerk<CaseView>('intake.case', { caseId: c.id })).ticket).toEqual({ ref: ticket.ref, number: ticket.number });
    expect(await clerk('intake.ticketCase', { ref: ticket.ref })).toMatchObject({ id: c.id, stateLabel: expect.any(String) });
    expect((await clerk<Serving>('intake.serving', {})).case).toMatchObject({ id: c.id });
  });

  it('refuses to take a case for a ticket that is not the one being served here; a walk-in has no booking', async () => {
    const walkIn = await clerk<any>('queue.issue', { stream: 'A' });
    const other = await clerk<any>('queue.issue', { stream: 'A' });
    const { ticket } = await clerk<any>('queue.callNext', { requestId: 'press-0202-abc' });
    expect(ticket.number).toBe(walkIn.number);
    await until(async () => (await clerk<Serving | null>('intake.serving', {}))?.ticket.ref === ticket.ref);
    expect((await clerk<Serving>('intake.serving', {})).booking).toBeNull();
    const input = { applicant: { type: 'person', name: '张伟', idNumber: '310117198206150314' }, itemCode: 'GG-JB-0001', scenarioCode: 'GR' };
    expect(await codeOf(clerk('intake.createDraft', { ...input, ticketRef: other.ref }))).toBe('TICKET_NOT_CURRENT');
    expect(await codeOf(clerk('intake.createDraft', { ...input, ticketRef: 'A001' }))).toBe('INVALID_INPUT');
    expect(await clerk('intake.ticketCase', { ref: other.ref })).toBeNull();
  });
});
