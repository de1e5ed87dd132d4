import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { expectCode, fakeClock, raw, startTestHub } from './helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

/** Every refusal must carry its stable code and leave the queue exactly as it was. */
describe('hub error codes: bad input changes nothing', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  let c: HubClient;
  beforeAll(async () => {
    ({ hub, client: c } = await startTestHub({ now: clock.now, demo: true }));
  });
  afterAll(() => hub.close());

  const snapshot = async () => JSON.stringify({ t: await c.tickets(), a: await c.appointments(), k: (await c.counters()).map((x) => [x.number, x.paused, x.streams, x.state]) });

  async function refusedUnchanged(p: () => Promise<unknown>, code: string) {
    const before = await snapshot();
    await expectCode(p(), code);
    expect(await snapshot()).toBe(before);
  }

  it('UNKNOWN_TICKET for a ticket that does not exist', async () => {
    await refusedUnchanged(() => c.finish(99999, 1), 'UNKNOWN_TICKET');
    await refusedUnchanged(() => c.callTicket(99999, 1), 'UNKNOWN_TICKET');
    await refusedUnchanged(() => c.transfer(99999, { toStream: 'A' }), 'UNKNOWN_TICKET');
  });

  it('TICKET_FINISHED for any operation on a finished ticket', async () => {
    const t = await c.issue({ stream: 'A' });
    await c.callTicket(t.id, 1);
    await c.finish(t.id, 1);
    await refusedUnchanged(() => c.finish(t.id, 1), 'TICKET_FINISHED');
    await refusedUnchanged(() => c.recall(t.id, 1), 'TICKET_FINISHED');
    await refusedUnchanged(() => c.transfer(t.id, { toStream: 'C' }), 'TICKET_FINISHED');
    await refusedUnchanged(() => c.callTicket(t.id, 2), 'TICKET_FINISHED');
  });

  it('COUNTER_PAUSED when calling while paused; resuming allows the call', async () => {
    await c.issue({ stream: 'A' });
    await c.pause(2);
    await refusedUnchanged(() => c.callNext(2), 'COUNTER_PAUSED');
    await c.resumeCounter(2);
    const { ticket } = await c.callNext(2);
    expect(ticket).not.toBeNull();
    await c.finish(ticket!.id, 2);
  });

  it('COUNTER_BUSY when the counter still has a called ticket', async () => {
    await c.issue({ stream: 'A' });
    await c.issue({ stream: 'A' });
    const { ticket } = await c.callNext(3);
    await refusedUnchanged(() => c.callNext(3), 'COUNTER_BUSY');
    await c.finish(ticket!.id, 3);
  });

  it('SKILL_MISMATCH when transferring to a counter lacking the skill, or calling a stream the counter lacks', async () => {
    const b = await c.issue({ stream: 'B', source: 'assistance' });
    await refusedUnchanged(() => c.transfer(b.id, { toCounter: 1 }), 'SKILL_MISMATCH'); // counter 1 has no B
    await refusedUnchanged(() => c.callTicket(b.id, 1), 'SKILL_MISMATCH');
    await refusedUnchanged(() => c.transfer(b.id, { toCounter: 11 }), 'TRANSFER_TARGET_UNSTAFFED'); // nobody at 11 yet
    await c.heartbeat(11);
    const t = await c.transfer(b.id, { toCounter: 11 });
    expect(t.targetCounter).toBe(11);
  });

  it('a transfer to a paused or unstaffed counter is refused unless forced', async () => {
    const a = await c.issue({ stream: 'A' });
    await c.heartbeat(5);
    await c.pause(5);
    await refusedUnchanged(() => c.transfer(a.id, { toCounter: 5 }), 'TRANSFER_TARGET_PAUSED');
    await refusedUnchanged(() => c.transfer(a.id, { toCounter: 6 }), 'TRANSFER_TARGET_UNSTAFFED');
    const forced = await c.transfer(a.id, { toCounter: 6, force: true });
    expect(forced.targetCounter).toBe(6);
    await c.resumeCounter(5);
  });

  it('UNKNOWN_COUNTER and UNKNOWN_STREAM', async () => {
    // A workstation may act only on its own counters: counter 404 is nobody's, so refused before it is looked up.
    await refusedUnchanged(() => c.callNext(404), 'DEVICE_FORBIDDEN');
    // A supervisor's action names any counter: there the hub says the counter does not exist.
    await refusedUnchanged(() => c.setSkills(404, ['A']), 'UNKNOWN_COUNTER');
    await refusedUnchanged(() => c.issue({ stream: 'Z' }), 'UNKNOWN_STREAM');
    await refusedUnchanged(() => c.setSkills(1, ['A', 'Z']), 'UNKNOWN_STREAM');
  });

  it('TICKET_AT_OTHER_COUNTER when a counter acts on another counter’s ticket', async () => {
    await c.issue({ stream: 'A' });
    const { ticket } = await c.callNext(4);
    await refusedUnchanged(() => c.finish(ticket!.id, 5), 'TICKET_AT_OTHER_COUNTER');
    await c.finish(ticket!.id, 4);
  });

  it('RECALL_TOO_SOON then RECALL_LIMIT', async () => {
    const t = await c.issue({ stream: 'A' });
    await c.callTicket(t.id, 6);
    await refusedUnchanged(() => c.recall(t.id, 6), 'RECALL_TOO_SOON');
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      await c.recall(t.id, 6);
    }
    clock.advance(1);
    await refusedUnchanged(() => c.recall(t.id, 6), 'RECALL_LIMIT');
    const ns = await c.noShow(t.id, 6);
    expect(ns.status).toBe('no_show');
  });

  it('OUTSIDE_CHECKIN_WINDOW and ALREADY_CHECKED_IN', async () => {
    const appts = await c.appointments();
    const later = appts.find((a) => a.slotStart > clock.now() + 60 * 60_000)!; // slot ≥ 1 h ahead, window opens 30 min before
    await refusedUnchanged(() => c.checkIn({ by: 'code', code: later.code }), 'OUTSIDE_CHECKIN_WINDOW');
    const now = appts.find((a) => a.slotStart >= clock.now() && a.slotStart - clock.now() <= 30 * 60_000)!;
    await c.checkIn({ by: 'code', code: now.code });
    await refusedUnchanged(() => c.checkIn({ by: 'code', code: now.code }), 'ALREADY_CHECKED_IN');
    await refusedUnchanged(() => c.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(now) }), 'ALREADY_CHECKED_IN');
    await refusedUnchanged(() => c.checkIn({ by: 'code', code: 'NO-SUCH-CODE' }), 'UNKNOWN_APPOINTMENT');
  });

  it('SLOT_FULL when upstream sends more bookings than a slot holds; the whole batch is refused', async () => {
    const slot = (await c.slots())[15];
    const extra = Array.from({ length: slot.capacity - slot.booked + 1 }, (_, i) => ({
      id: `x-${i}`, code: `XCODE${i}00`, idNumber: '31010419800101001X', name: '测试', phone: '13800000000', slotStart: slot.slotStart, slotEnd: slot.slotEnd,
    }));
    await refusedUnchanged(() => c.importAppointments(extra), 'SLOT_FULL');
  });

  it('INVALID_INPUT for malformed requests, with the error envelope', async () => {
    const before = await snapshot();
    const bad = [
      await raw(hub.url, 'POST', '/tickets', '{not json'),
      await raw(hub.url, 'POST', '/tickets', JSON.stringify({ stream: 3 })),
      await raw(hub.url, 'POST', '/counters/1/call-next', JSON.stringify({ requestId: 'short' })),
      await raw(hub.url, 'POST', '/counters/abc/call-next', JSON.stringify({ requestId: 'long-enough-id' })),
      await raw(hub.url, 'POST', '/tickets/1/transfer', JSON.stringify({ counter: 1 })),
      await raw(hub.url, 'POST', '/appointments/check-in', JSON.stringify({ by: 'idNumber', idNumber: '123' })),
      await raw(hub.url, 'POST', '/offline/reconcile', JSON.stringify({ workstationId: 'w', counter: 3, ops: [{ type: 'issue' }] })),
    ];
    for (const r of bad) {
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(r.json.error.message).toMatch(/请/);
    }
    const nf = await raw(hub.url, 'GET', '/nope');
    expect(nf.json.error.code).toBe('NOT_FOUND');
    expect(await snapshot()).toBe(before);
  });

  it('an appointment ticket cannot be issued as a walk-in', async () => {
    await refusedUnchanged(() => c.issue({ stream: 'Y' }), 'INVALID_INPUT');
  });
});
