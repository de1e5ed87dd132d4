import { describe, expect, it } from 'vitest';
import { atHallTime } from '../../../common/hall-time';
import { buildDaily, dayFigures } from '../../../main/core/reports/daily';
import { caseFigures, percentile, queueFigures, type ReportCase, type ReportTicket } from '../../../main/core/reports/figures';
import { buildMonthly, daysOfMonth } from '../../../main/core/reports/monthly';

const MIN = 60_000;
const day = '2026-03-10';
const at = (hhmm: string, d = day) => atHallTime(d, hhmm);

function ticket(over: Partial<ReportTicket>): ReportTicket {
  return { id: 1, number: 'A001', stream: 'A', kind: 'walkin', status: 'finished', dueAt: at('09:00'), issuedAt: at('09:00'), calledAt: null, startedAt: null, finishedAt: null, ...over };
}

describe('queue figures', () => {
  it('counts appointments within 10 minutes of their due time among those called, and the p95 of every wait', () => {
    const t = [
      ticket({ kind: 'appointment', stream: 'Y', calledAt: at('09:00') + 4 * MIN, startedAt: at('09:05'), finishedAt: at('09:15') }),
      ticket({ kind: 'appointment', stream: 'Y', calledAt: at('09:00') + 10 * MIN }),
      ticket({ kind: 'appointment', stream: 'Y', calledAt: at('09:00') + 11 * MIN }),
      ticket({ kind: 'appointment', stream: 'Y', calledAt: null, status: 'waiting' }),
      ticket({ calledAt: at('09:00') + 30 * MIN, startedAt: at('09:30'), finishedAt: at('09:50') }),
    ];
    const q = queueFigures(t, [{ id: 'a', status: 'checked_in' }, { id: 'b', status: 'no_show' }, { id: 'c', status: 'cancelled' }]);
    expect(q.tickets).toBe(5);
    expect(q.ticketsByStream).toEqual({ Y: 4, A: 1 });
    expect(q.appointmentsCalled).toBe(3);
    expect(q.appointmentsWithin10).toBe(2);
    expect(q.appointmentsWithin10Share).toBeCloseTo(2 / 3);
    expect(q.waitP95Minutes).toBe(30);
    expect(q.appointments).toBe(2);
    expect(q.noShows).toBe(1);
    expect(q.served).toBe(2);
    expect(q.avgServiceMinutes).toBe(15);
  });

  it('reports no share and no percentile for a day without calls (not zero, which would read as a failure)', () => {
    const q = queueFigures([ticket({ status: 'waiting' })], []);
    expect(q.appointmentsWithin10Share).toBeNull();
    expect(q.waitP95Minutes).toBeNull();
    expect(percentile([], 0.95)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)).toBe(19);
  });
});

function kase(over: Partial<ReportCase>): ReportCase {
  return { caseNumber: 'SH-1', itemCode: 'X', itemName: '测试事项', state: 'accepted', receivedAt: new Date(at('09:00')).toISOString(), acceptedAt: null, acceptedDate: null, dueDate: null, completedAt: null, ...over };
}

describe('case figures', () => {
  const rules = { acceptDeadline: (d: string) => (d === '2026-03-02' ? '2026-03-09' : d) };
  it('counts acceptance and completion on the day of the act, late ones as 超时', () => {
    const cases = [
      kase({ caseNumber: 'on-time', acceptedAt: new Date(at('09:20')).toISOString(), acceptedDate: day, dueDate: '2026-03-20' }),
      kase({ caseNumber: 'late-accept', receivedAt: new Date(at('09:00', '2026-03-02')).toISOString(), acceptedAt: new Date(at('10:00')).toISOString(), acceptedDate: day }),
      kase({ caseNumber: 'late-complete', acceptedDate: '2026-03-01', dueDate: '2026-03-09', completedAt: new Date(at('11:00')).toISOString(), state: 'completed' }),
      kase({ caseNumber: 'done-in-time', acceptedDate: '2026-03-01', dueDate: day, completedAt: new Date(at('16:00')).toISOString(), state: 'completed' }),
    ];
    const f = caseFigures(day, cases, rules);
    expect(f.accepted).toBe(2);
    expect(f.overdueAccepted).toBe(1);
    expect(f.cases.overdueAccepted.map((c) => c.caseNumber)).toEqual(['late-accept']);
    expect(f.completed).toBe(2);
    expect(f.overdueCompleted).toBe(1);
    expect(f.cases.overdueCompleted.map((c) => c.caseNumber)).toEqual(['late-complete']);
    expect(f.avgAcceptMinutes).toBeCloseTo((20 + 8 * 24 * 60 + 60) / 2, 0);
  });
});

describe('monthly', () => {
  it("sums its days: every count of the month equals the sum of the days' counts", async () => {
    const src = {
      tickets: (d: string) => (d.endsWith('5') ? [ticket({ kind: 'appointment', calledAt: at('09:03', d), dueAt: at('09:00', d) })] : []),
      appointments: () => [],
      casesOf: (d: string) => (d.endsWith('0') ? [kase({ acceptedAt: new Date(at('09:10', d)).toISOString(), acceptedDate: d, receivedAt: new Date(at('09:00', d)).toISOString() })] : []),
      ratings: (d: string) => ({ rated: 1, good: d.endsWith('1') ? 1 : 0, bad: 0 }),
    };
    const rules = { acceptDeadline: (d: string) => d };
    const m = await buildMonthly('2026-03', (d) => buildDaily(d, src, rules));
    const days = await Promise.all(daysOfMonth('2026-03').map((d) => buildDaily(d, src, rules)));
    expect(m.days).toHaveLength(31);
    for (const k of ['accepted', 'completed', 'overdueAccepted', 'overdueCompleted', 'tickets'] as const) {
      expect(m[k]).toBe(days.reduce((s, d) => s + d[k], 0));
    }
    expect(m.ratings.rated).toBe(31);
    // The services that could be rated are the finished ones (one per 5th day here), not what the rating source says.
    expect(m.ratings.count).toBe(m.served);
    expect(m.ratings.good).toBe(days.reduce((s, d) => s + d.ratings.good, 0));
    expect(m.accepted).toBe(3);
    expect(m.tickets).toBe(3);
    expect(m.appointmentsWithin10Share).toBe(1);
    expect(m.avgAcceptMinutes).toBe(10);
    expect(m.previous.month).toBe('2026-02');
    expect(m.change.accepted).toBe(m.accepted - m.previous.accepted);
    // A month summed from the days' figures alone (a kept day's lists left unread) is the same month.
    const fromFigures = await buildMonthly('2026-03', async (d) => dayFigures(await buildDaily(d, src, rules)));
    expect({ ...fromFigures, generatedAt: '' }).toEqual({ ...m, generatedAt: '' });
  });

  it("gives a day's figures without its case and ticket lists", async () => {
    const src = { tickets: () => [ticket({})], appointments: () => [], casesOf: () => [kase({ acceptedAt: new Date(at('09:10')).toISOString(), acceptedDate: day, receivedAt: new Date(at('09:00')).toISOString() })] };
    const full = await buildDaily(day, src, { acceptDeadline: (d: string) => d });
    const f = dayFigures(full);
    expect(f).not.toHaveProperty('ticketList');
    expect(f.cases).not.toHaveProperty('cases');
    expect(f.cases.accepted).toBe(1);
    expect(full.ticketList).toHaveLength(1);
    expect(full.cases.cases.accepted).toHaveLength(1);
  });

  it('refuses a month that is not a calendar month', () => {
    expect(() => daysOfMonth('2026-13')).toThrow();
  });
});
