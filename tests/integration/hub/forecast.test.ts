import { describe, expect, it } from 'vitest';
import type { ViewsFrame } from '../../../main/hub/protocol';
import { bookedIdNumber } from '../../fixtures/demo-bookings';
import { fakeClock, startTestHub } from './helpers';

describe('the hub’s forecasts (issue 13)', () => {
  it('every issued and checked-in ticket carries its forecast; call-next follows the slack-based policy', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, demo: true });
    try {
      await client.heartbeat(1);
      const walk = await client.issue({ stream: 'A', source: 'kiosk' });
      expect(walk).toMatchObject({ estimateAhead: 0, estimateMinutes: 0 });
      const appt = (await client.appointments()).find((a) => a.slotStart === clock.now())!;
      const { ticket } = await client.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(appt) });
      // One open counter: the appointment goes first only if the walk-in would cost it its 10 minutes.
      expect(ticket.estimateAhead).not.toBeNull();
      expect(ticket.estimateMinutes).not.toBeNull();
      expect((await client.ticket(ticket.id)).estimateMinutes).toBe(ticket.estimateMinutes);
      // Due the same minute as the walk-in (its slot starts now): a FIFO tie goes to the appointment.
      expect((await client.callNext(1)).ticket?.id).toBe(ticket.id);
    } finally {
      await hub.close();
    }
  });

  it('the supervisor sees the next hour per stream, a warning with advice when walk-ins will pass the cap, and an idle counter with a queue', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      await client.heartbeat(1);
      await client.heartbeat(2);
      let board = await client.supervisor();
      expect(board.forecast).toMatchObject({ horizonMinutes: 60, openCounters: 2, warnings: [] });
      for (let i = 0; i < 16; i++) await client.issue({ stream: 'A', source: 'kiosk' });
      board = await client.supervisor();
      const a = board.forecast!.streams.find((s) => s.stream === 'A')!;
      expect(a.maxWaitMinutes).toBeGreaterThan(60);
      expect(board.forecast!.warnings).toEqual([expect.objectContaining({ kind: 'walkin-bound', stream: 'A', boundMinutes: 60 })]);
      expect(board.forecast!.warnings[0].extraCounters).toBeGreaterThanOrEqual(1);
      // Both counters idle while the queue waits: flagged once the oldest has waited the threshold.
      expect(board.alerts.filter((x) => x.kind === 'idle-queue')).toEqual([]);
      clock.advance(3);
      await client.heartbeat(1);
      await client.heartbeat(2);
      board = await client.supervisor();
      expect(board.alerts.filter((x) => x.kind === 'idle-queue').map((x) => x.counter).sort()).toEqual([1, 2]);
      expect(board.alerts.find((x) => x.kind === 'idle-queue')).toMatchObject({ minutes: 3, ticketNumber: 'A001' });
    } finally {
      await hub.close();
    }
  });

  it("a supervisor's board whose forecast came from the cache gets one more push when it is due (a counter opening right after a change is not left out)", async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    const frames: ViewsFrame[] = [];
    const sink = { sub: { counters: [], supervisor: true }, send: (f: ViewsFrame) => frames.push(f) };
    try {
      hub.hub.views.add(sink);
      await client.issue({ stream: 'A', source: 'kiosk' });
      await expect.poll(() => frames.at(-1)?.supervisor?.forecast?.openCounters, { timeout: 5_000 }).toBe(0);
      // Within the outlook's cache age: this push still carries "0 open"; the next one, when it is due, the counter.
      await client.heartbeat(1);
      await expect.poll(() => frames.at(-1)?.supervisor?.forecast?.openCounters, { timeout: 9_000, interval: 200 }).toBe(1); // the cache's 5 s, not the ticker's 15
    } finally {
      hub.hub.views.remove(sink);
      await hub.close();
    }
  });
});
