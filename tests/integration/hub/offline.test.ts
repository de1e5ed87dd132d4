import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import type { OfflineOp } from '../../../main/hub/protocol';
import { fakeClock, startTestHub } from './helpers';

const MIN = 60_000;

describe('offline reconciliation', () => {
  const clock = fakeClock(Date.parse('2026-03-02T10:00:00+08:00'));
  let hub: RunningHub;
  let c: HubClient;
  beforeEach(async () => {
    clock.set(Date.parse('2026-03-02T10:00:00+08:00'));
    ({ hub, client: c } = await startTestHub({ now: clock.now, demo: true }));
  });
  afterEach(() => hub.close());

  const t0 = Date.parse('2026-03-02T09:40:00+08:00');
  const op = (o: Record<string, unknown> & { type: OfflineOp['type'] }, i: number): OfflineOp => ({ opId: `ws3-op-${i}-abcdef`, ...o }) as OfflineOp;

  it('applies an offline session: issued, served and still-waiting tickets; none served twice, none lost', async () => {
    const ops: OfflineOp[] = [
      op({ type: 'issue', at: t0, number: 'A-3-001', stream: 'A' }, 1),
      op({ type: 'issue', at: t0 + 1 * MIN, number: 'A-3-002', stream: 'A' }, 2),
      op({ type: 'call', at: t0 + 2 * MIN, number: 'A-3-001' }, 3),
      op({ type: 'start', at: t0 + 3 * MIN, number: 'A-3-001' }, 4),
      op({ type: 'finish', at: t0 + 10 * MIN, number: 'A-3-001' }, 5),
      op({ type: 'issue', at: t0 + 11 * MIN, number: 'A-3-003', stream: 'A' }, 6),
      op({ type: 'call', at: t0 + 12 * MIN, number: 'A-3-003' }, 7),
      op({ type: 'noShow', at: t0 + 15 * MIN, number: 'A-3-003' }, 8),
    ];
    const res = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops });
    expect(res.map((r) => r.outcome)).toEqual(Array(8).fill('applied'));
    const tickets = await c.tickets();
    const by = (n: string) => tickets.find((t) => t.number === n)!;
    expect(by('A-3-001')).toMatchObject({ status: 'finished', counter: 3, series: 'offline', issuedAt: t0, finishedAt: t0 + 10 * MIN });
    expect(by('A-3-003').status).toBe('no_show');
    // A-3-002 was never served offline: it joins the shared queue keeping its place (dueAt = issue time)
    expect(by('A-3-002')).toMatchObject({ status: 'waiting', dueAt: t0 + 1 * MIN });
    const hubTicket = await c.issue({ stream: 'A' }); // issued now, i.e. after A-3-002
    expect((await c.callNext(1)).ticket!.number).toBe('A-3-002');
    expect((await c.callNext(2)).ticket!.id).toBe(hubTicket.id);
  });

  it('a repeated batch is idempotent: same answers, nothing applied twice', async () => {
    const ops = [op({ type: 'issue', at: t0, number: 'A-3-001', stream: 'A' }, 1), op({ type: 'call', at: t0 + MIN, number: 'A-3-001' }, 2), op({ type: 'finish', at: t0 + 5 * MIN, number: 'A-3-001' }, 3)];
    const first = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops });
    const second = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops });
    expect(second.map((r) => r.outcome)).toEqual(['replayed', 'replayed', 'replayed']);
    expect(second.map((r) => r.ticket?.id)).toEqual(first.map((r) => r.ticket?.id));
    expect(await c.tickets()).toHaveLength(1);
    // the same opId from another workstation is refused
    const other = await c.reconcile({ workstationId: 'ws-9', counter: 3, ops: [ops[0]] });
    expect(other[0]).toMatchObject({ outcome: 'rejected', error: { code: 'OFFLINE_OP_REUSED' } });
  });

  it('refuses to serve hub-series or other counters’ tickets offline (R1), and duplicate numbers', async () => {
    const hubTicket = await c.issue({ stream: 'A' });
    const res = await c.reconcile({
      workstationId: 'ws-3', counter: 3,
      ops: [
        op({ type: 'call', at: t0, number: hubTicket.number }, 1),
        op({ type: 'issue', at: t0, number: 'A-4-001', stream: 'A' }, 2),
        op({ type: 'issue', at: t0, number: 'A-3-001', stream: 'A' }, 3),
        op({ type: 'issue', at: t0, number: 'A-3-001', stream: 'A' }, 4),
        op({ type: 'finish', at: t0, number: 'A-3-099' }, 5),
      ],
    });
    expect(res.map((r) => [r.outcome, r.error?.code ?? null])).toEqual([
      ['rejected', 'OFFLINE_CONFLICT'],
      ['rejected', 'OFFLINE_CONFLICT'],
      ['applied', null],
      ['rejected', 'OFFLINE_NUMBER_TAKEN'],
      ['rejected', 'UNKNOWN_TICKET'],
    ]);
    expect((await c.ticket(hubTicket.id)).status).toBe('waiting');
  });

  it('forward only: a stale transition is ignored, and an offline ticket called meanwhile at the hub is not re-served', async () => {
    await c.reconcile({ workstationId: 'ws-3', counter: 3, ops: [op({ type: 'issue', at: t0, number: 'A-3-001', stream: 'A' }, 1)] });
    const { ticket } = await c.callNext(1); // the hub calls the uploaded ticket
    expect(ticket!.number).toBe('A-3-001');
    const res = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops: [op({ type: 'call', at: t0 + MIN, number: 'A-3-001' }, 2)] });
    expect(res[0]).toMatchObject({ outcome: 'rejected', error: { code: 'OFFLINE_CONFLICT' } });
    await c.finish(ticket!.id, 1);
    const b = await c.reconcile({ workstationId: 'ws-4', counter: 4, ops: [op({ type: 'issue', at: t0, number: 'A-4-001', stream: 'A', opId: 'w4-1-abcdef' }, 0), op({ type: 'finish', at: t0 + 3 * MIN, number: 'A-4-001', opId: 'w4-2-abcdef' }, 0), op({ type: 'call', at: t0 + 2 * MIN, number: 'A-4-001', opId: 'w4-3-abcdef' }, 0)] });
    expect(b.map((r) => r.outcome)).toEqual(['applied', 'applied', 'ignored']);
  });

  it('offline check-in: booked → linked; kiosk ticket still waiting → cancelled in favour of the offline one', async () => {
    const appts = (await c.appointments()).filter((a) => a.slotStart === Date.parse('2026-03-02T10:00:00+08:00'));
    const r1 = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops: [op({ type: 'checkIn', at: t0 + 15 * MIN, number: 'Y-3-001', appointmentCode: appts[0].code }, 1)] });
    expect(r1[0]).toMatchObject({ outcome: 'applied', warning: null, ticket: { kind: 'appointment', appointmentId: appts[0].id, dueAt: appts[0].slotStart } });

    const kiosk = await c.checkIn({ by: 'code', code: appts[1].code });
    const r2 = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops: [op({ type: 'checkIn', at: t0 + 16 * MIN, number: 'Y-3-002', appointmentCode: appts[1].code }, 2)] });
    expect(r2[0].outcome).toBe('applied');
    expect((await c.ticket(kiosk.ticket.id)).status).toBe('cancelled');
    expect((await c.appointments()).find((a) => a.id === appts[1].id)!.ticketId).toBe(r2[0].ticket!.id);

    const kiosk3 = await c.checkIn({ by: 'code', code: appts[2].code });
    await c.callTicket(kiosk3.ticket.id, 1);
    const r3 = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops: [op({ type: 'checkIn', at: t0 + 17 * MIN, number: 'Y-3-003', appointmentCode: appts[2].code }, 3)] });
    expect(r3[0]).toMatchObject({ outcome: 'applied', warning: { code: 'OFFLINE_CONFLICT' } });
    expect((await c.ticket(kiosk3.ticket.id)).status).toBe('called');
  });

  it('client clocks in the future are clamped to the hub’s now', async () => {
    const res = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops: [op({ type: 'issue', at: clock.now() + 3 * 3600_000, number: 'A-3-001', stream: 'A' }, 1)] });
    expect(res[0].ticket!.issuedAt).toBe(clock.now());
  });
});
