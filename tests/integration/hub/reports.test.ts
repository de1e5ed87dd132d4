import { describe, expect, it } from 'vitest';
import { fakeClock, startTestHub } from './helpers';

describe('日动态 / 月动态 at the hub', () => {
  it("figures today's queue live, keeps the day at its close, and sums a month from its days", async () => {
    const clock = fakeClock(); // Monday 2026-03-02 10:00
    const { hub, client } = await startTestHub({ now: clock.now });
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
      const closedAt = new Date(clock.now()).toISOString();
      await hub.hub.closeStaleDays();
      const kept = async () => (await client.reportDaily('2026-03-02')).generatedAt;
      for (let i = 0; i < 100 && (await kept()) !== closedAt; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await kept()).toBe(closedAt);
      // Later it is still the report of that evening, not one computed again.
      clock.advance(90);
      expect(await kept()).toBe(closedAt);
      expect((await client.reportDaily('2026-03-02')).tickets).toBe(2);

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

describe('the 日动态 sources at the hub', () => {
  it("counts a day's 帮办 requests, resolutions and response minutes, leaving out withdrawn and 涉法涉诉 ones", async () => {
    const { default: Database } = await import('better-sqlite3');
    const { migrate } = await import('../../../main/db/migrate');
    const { hubMigrations } = await import('../../../main/hub/store/migrations');
    const { assistanceCounts } = await import('../../../main/hub/reports');
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.name !== 'appointment-identity'));
    const at = (hhmm: string, day = '2026-03-02') => Date.parse(`${day}T${hhmm}:00+08:00`);
    const add = db.prepare(`INSERT INTO assist_records (request_key, source, kind, status, requested_at, accepted_at, outcome, out_of_scope) VALUES (?, 'counter', 'consult', ?, ?, ?, ?, ?)`);
    add.run('a', 'closed', at('09:00'), at('09:02'), 'resolved', 0);
    add.run('b', 'closed', at('10:00'), at('10:04'), 'unresolved', 0);
    add.run('c', 'open', at('11:00'), null, null, 0);
    add.run('d', 'cancelled', at('11:30'), null, null, 0);
    add.run('e', 'closed', at('12:00'), at('12:01'), 'resolved', 1);
    add.run('f', 'closed', at('09:00', '2026-03-03'), at('09:01', '2026-03-03'), 'resolved', 0);
    expect(assistanceCounts(db)('2026-03-02')).toEqual({ requests: 3, resolved: 1, answered: 2, responseMinutesTotal: 6 });
    expect(assistanceCounts(db)('2026-03-03').requests).toBe(1);
  });

  it("sums a month from the kept days' figures (their lists unread), as the days stood at their close", async () => {
    const { default: Database } = await import('better-sqlite3');
    const { migrate } = await import('../../../main/db/migrate');
    const { hubMigrations } = await import('../../../main/hub/store/migrations');
    const { createHubReports } = await import('../../../main/hub/reports');
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.name !== 'appointment-identity'));
    const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00+08:00`);
    let served = 1;
    const ticket = (id: number) => ({ id, number: `A00${id}`, stream: 'A', kind: 'walkin' as const, status: 'finished', dueAt: at('09:00'), issuedAt: at('09:00'), calledAt: at('09:05'), startedAt: at('09:06'), finishedAt: at('09:16') });
    const src = {
      tickets: (d: string) => (d === '2026-03-02' ? Array.from({ length: served }, (_, i) => ticket(i + 1)) : []),
      appointments: () => [],
      casesOf: (d: string) => (d === '2026-03-02' ? [{ caseNumber: 'SH-1', itemCode: 'X', itemName: '测试事项', state: 'accepted', receivedAt: new Date(at('09:00')).toISOString(), acceptedAt: new Date(at('09:20')).toISOString(), acceptedDate: d, dueDate: null, completedAt: null }] : []),
    };
    const reports = createHubReports(db, src, () => Date.parse('2026-03-10T10:00:00+08:00'));
    const live = await reports.monthly('2026-03');
    await reports.closeDay('2026-03-02');
    const row = db.prepare(`SELECT figures, report FROM daily_reports WHERE day = '2026-03-02'`).get() as { figures: string; report: string };
    expect(JSON.parse(row.figures)).not.toHaveProperty('ticketList');
    expect(JSON.parse(row.report).ticketList).toHaveLength(1);
    expect(await reports.monthly('2026-03')).toEqual(live);
    // A later ticket on that day changes neither the kept day nor the month that sums it.
    served = 2;
    const month = await reports.monthly('2026-03');
    expect(month).toEqual(live);
    expect(month).toMatchObject({ tickets: 1, served: 1, accepted: 1, avgAcceptMinutes: 20 });
  });
  it('keeps a closed day nobody kept the first time it is read (never today); a read-only file reads live', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { migrate } = await import('../../../main/db/migrate');
    const { hubMigrations } = await import('../../../main/hub/store/migrations');
    const { createHubReports } = await import('../../../main/hub/reports');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reports-')), 'hub.sqlite');
    const db = new Database(file);
    migrate(db, hubMigrations.filter((m) => m.name !== 'appointment-identity'));
    let served = 1;
    const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00+08:00`);
    const ticket = (id: number) => ({ id, number: `A00${id}`, stream: 'A', kind: 'walkin' as const, status: 'finished', dueAt: at('09:00'), issuedAt: at('09:00'), calledAt: at('09:05'), startedAt: at('09:06'), finishedAt: at('09:16') });
    const src = { tickets: (d: string) => (d === '2026-03-02' ? Array.from({ length: served }, (_, i) => ticket(i + 1)) : []), appointments: () => [], casesOf: () => [] };
    const nowAt = () => Date.parse('2026-03-04T10:00:00+08:00');
    const month = await createHubReports(db, src, nowAt).monthly('2026-03');
    const keptDays = (db.prepare('SELECT day FROM daily_reports ORDER BY day').all() as { day: string }[]).map((r) => r.day);
    // The month and the one before it (month-on-month), up to yesterday.
    expect(keptDays.filter((d) => d >= '2026-03-01')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(keptDays).toContain('2026-02-28');
    // Kept as the close would have: a later change to that day no longer moves the month.
    served = 2;
    expect(await createHubReports(db, src, nowAt).monthly('2026-03')).toEqual({ ...month, generatedAt: expect.any(String) });
    db.close();
    const ro = new Database(file, { readonly: true });
    const readOnly = createHubReports(ro, src, () => Date.parse('2026-03-06T10:00:00+08:00'));
    expect((await readOnly.daily('2026-03-05')).tickets).toBe(0);
    expect((ro.prepare('SELECT COUNT(*) AS n FROM daily_reports').get() as { n: number }).n).toBe(keptDays.length);
    ro.close();
  });
});
