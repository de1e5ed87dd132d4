import { describe, expect, it } from 'vitest';
import { forecastCalls, forecastTicket, naiveWaitMinutes, REPLAY_LIMIT } from '../../../common/queue/forecast';
import { hallOutlook } from '../../../common/queue/outlook';
import { expectedFreeAt } from '../../../common/queue/slack';
import { DEFAULT_POLICY, type CounterLoad, type PolicyCounter, type PolicyTicket } from '../../../common/queue/types';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00+08:00');
let seq = 0;
const t = (kind: PolicyTicket['kind'], dueAt = T0): PolicyTicket => ({ id: ++seq, stream: kind === 'appointment' ? 'Y' : kind === 'priority' ? 'V' : 'A', kind, dueAt, issuedSeq: seq });
const general = (n: number): PolicyCounter => ({ number: n, streams: ['Y', 'A', 'V'] });
const free = (n: number, at = T0): CounterLoad => ({ counter: general(n), freeAt: at });
const base = { now: T0, meanServiceMs: 10 * MIN, params: DEFAULT_POLICY };

describe('the wait forecast (a replay of the calling policy)', () => {
  it('spreads the queue over the open counters: the 4th of four walk-ins on two free counters waits one service', () => {
    const waiting = [t('walkin'), t('walkin'), t('walkin'), t('walkin')];
    const f = forecastTicket({ ...base, waiting, counters: [free(1), free(2)] }, waiting[3]);
    expect(f).toEqual({ ahead: 3, waitMinutes: 10, callAt: T0 + 10 * MIN });
    expect(forecastTicket({ ...base, waiting, counters: [free(1), free(2)] }, waiting[0]).waitMinutes).toBe(0);
  });

  it('counts what the counters are busy with (their expected free times), unlike the naive estimate', () => {
    const waiting = [t('walkin')];
    // Both counters started a service 2 minutes ago: free in 8 minutes, not now.
    const busy = [1, 2].map((n) => ({ counter: general(n), freeAt: expectedFreeAt(T0 - 2 * MIN, T0, 10 * MIN) }));
    expect(forecastTicket({ ...base, waiting, counters: busy }, waiting[0]).waitMinutes).toBe(8);
    expect(naiveWaitMinutes(0, 10 * MIN, 2)).toBe(0);
    // A service already past its mean is expected to run a quarter of the mean longer.
    expect(expectedFreeAt(T0 - 15 * MIN, T0, 10 * MIN)).toBe(T0 + 2.5 * MIN);
  });

  it('replays the policy: the priority lane and appointments out of slack go before the walk-in asked about', () => {
    const walk = t('walkin', T0 - 20 * MIN);
    const prio = t('priority');
    const waiting = [walk, prio];
    const f = forecastTicket({ ...base, waiting, counters: [free(1)] }, walk);
    expect(f.ahead).toBe(1);
    expect(f.waitMinutes).toBe(10);
  });

  it('counts booked appointments expected to come (upcoming) when they would take a counter first', () => {
    const walks = [t('walkin'), t('walkin')];
    const booked = [t('appointment', T0 + 5 * MIN), t('appointment', T0 + 5 * MIN)];
    const alone = forecastTicket({ ...base, waiting: walks, counters: [free(1)] }, walks[1]);
    const withBooked = forecastTicket({ ...base, waiting: walks, counters: [free(1)], upcoming: booked }, walks[1]);
    expect(alone.waitMinutes).toBe(10);
    expect(withBooked.waitMinutes).toBeGreaterThan(alone.waitMinutes);
  });

  it('has no call time when no open counter takes the stream', () => {
    const b: PolicyTicket = { ...t('assistance'), stream: 'B' };
    const f = forecastCalls({ ...base, waiting: [b], counters: [free(1)] }, [b]).get(b)!;
    expect(f.callAt).toBeNull();
    expect(naiveWaitMinutes(3, 10 * MIN, 0)).toBe(Infinity);
  });
});

describe('the supervisor’s next hour (hallOutlook)', () => {
  const streams = [
    { id: 'Y', name: '预约办理', kind: 'appointment' as const, perHour: 0 },
    { id: 'A', name: '综合业务', kind: 'walkin' as const, perHour: 0 },
  ];
  const extraCounter = general(-1);

  it('warns that walk-ins will pass the cap and says one more counter within 10 minutes keeps it', () => {
    const waiting = Array.from({ length: 10 }, () => t('walkin'));
    const o = hallOutlook({ ...base, waiting, counters: [free(1)], expected: [], streams, extraCounter });
    expect(o.streams.find((s) => s.stream === 'A')).toMatchObject({ maxWaitMinutes: 90, boundMinutes: 60 });
    expect(o.warnings).toEqual([expect.objectContaining({ kind: 'walkin-bound', stream: 'A', boundMinutes: 60, predictedMinutes: 90, inMinutes: 60, extraCounters: 1, openWithinMinutes: 10 })]);
  });

  it('warns that an appointment will miss its 10 minutes when every counter is busy, with the advice', () => {
    const appt = t('appointment');
    const o = hallOutlook({ ...base, waiting: [appt], counters: [{ counter: general(1), freeAt: T0 + 15 * MIN }], expected: [], streams, extraCounter });
    expect(o.warnings).toEqual([expect.objectContaining({ kind: 'appointment-breach', stream: 'Y', predictedMinutes: 15, inMinutes: 10, extraCounters: 1, openWithinMinutes: 10 })]);
    // Due sooner than a counter opened "within 10 minutes" could help: the advice is to open one now.
    const late = t('appointment', T0 - 5 * MIN);
    const soon = hallOutlook({ ...base, waiting: [late], counters: [{ counter: general(1), freeAt: T0 + 15 * MIN }], expected: [], streams, extraCounter });
    expect(soon.warnings).toEqual([expect.objectContaining({ kind: 'appointment-breach', inMinutes: 5, extraCounters: 1, openWithinMinutes: 0 })]);
  });

  it('no warning when the counters keep every bound; expected walk-ins at the last hour’s rate are counted', () => {
    const o = hallOutlook({ ...base, waiting: [t('walkin')], counters: [free(1), free(2)], expected: [], streams: [streams[0], { ...streams[1], perHour: 6 }], extraCounter });
    expect(o.warnings).toEqual([]);
    expect(o.streams.find((s) => s.stream === 'A')!.expectedTickets).toBe(6);
    expect(o.openCounters).toBe(2);
  });
});

describe('a long queue (more than REPLAY_LIMIT waiting)', () => {
  it('replays the longest-waiting tickets and extrapolates the rest at the counters’ throughput; an appointment is still replayed', () => {
    const walks = Array.from({ length: REPLAY_LIMIT + 50 }, (_, i) => t('walkin', T0 - (REPLAY_LIMIT + 50 - i) * 1000));
    const appt = t('appointment');
    const waiting = [...walks, appt];
    const counters = Array.from({ length: 10 }, (_, i) => free(i + 1));
    const last = forecastTicket({ ...base, waiting, counters }, walks[walks.length - 1]);
    expect(last.ahead).toBe(REPLAY_LIMIT + 49);
    // 199 tickets ahead (one the appointment) on ten counters of 10 minutes: about 190–200 minutes.
    expect(last.callAt).not.toBeNull();
    expect(last.waitMinutes).toBeGreaterThanOrEqual(185);
    expect(last.waitMinutes).toBeLessThanOrEqual(205);
    // The appointment (due now, last of all) is replayed: the slack check calls it within its 10 minutes.
    expect(forecastTicket({ ...base, waiting, counters }, appt).waitMinutes).toBeLessThanOrEqual(10);
  });
});
