import { describe, expect, it } from 'vitest';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { fakeClock, startTestHub, tempDir } from './helpers';

describe('日动态 / 月动态 at the hub', () => {
  it("figures today's queue live, keeps the day at its close, and sums a month from its days", async () => {
    const clock = fakeClock(); // Monday 2026-03-02 10:00
    const dataDir = tempDir();
    const { hub, client } = await startTestHub({ now: clock.now, dataDir });
    try {
      const a = await client.issue({ stream: 'A', source: 'kiosk' });
      await client.issue({ stream: 'A', source: 'kiosk' });
      clock.advance(12);
      const called = await client.callNext(1);
      expect(called.ticket?.id).toBe(a.id);
      await client.start(a.id, 1);
      clock.advance(8);
      await client.finish(a.id, 1);

      const today = await client.reportDaily('2026-03-02');
      expect(today).toMatchObject({ day: '2026-03-02', tickets: 2, queue: { served: 1, avgServiceMinutes: 8, waitP95Minutes: 12, ticketsByStream: { A: 2 } } });

      // The night passes: the hub's ticker rolls the day over and keeps the report as it stood.
      clock.advance(24 * 60);
      await hub.hub.closeStaleDays();
      const db = (hub.hub.store as SqliteQueueStore).db;
      const kept = db.prepare(`SELECT day, report FROM daily_reports`).all() as { day: string; report: string }[];
      expect(kept.map((k) => k.day)).toContain('2026-03-02');
      expect(JSON.parse(kept.find((k) => k.day === '2026-03-02')!.report).tickets).toBe(2);

      // A kept day is what the month sums, even if a row changes afterwards.
      db.prepare(`UPDATE tickets SET stream = 'Z' WHERE day = '2026-03-02'`).run();
      expect((await client.reportDaily('2026-03-02')).queue.ticketsByStream).toEqual({ A: 2 });

      await client.issue({ stream: 'A', source: 'kiosk' });
      const month = await client.reportMonthly('2026-03');
      expect(month.tickets).toBe(3);
      expect(month.days.reduce((s, d) => s + d.tickets, 0)).toBe(month.tickets);
      expect(month.previous.month).toBe('2026-02');
      expect(month.change.tickets).toBe(3);
    } finally {
      await hub.close();
    }
  });

  it('refuses a malformed day or month with a Chinese message', async () => {
    const { hub, client } = await startTestHub({ now: fakeClock().now });
    try {
      await expect(client.reportDaily('2026-3-2')).rejects.toMatchObject({ message: expect.stringContaining('YYYY-MM-DD') });
      await expect(client.reportMonthly('2026-13')).rejects.toMatchObject({ message: expect.stringContaining('YYYY-MM') });
    } finally {
      await hub.close();
    }
  });
});
