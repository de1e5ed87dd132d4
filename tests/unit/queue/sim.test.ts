import { describe, expect, it } from 'vitest';
import { generateArrivals } from '../../../main/core/queue/sim/arrivals';
import { simulate } from '../../../main/core/queue/sim/engine';
import { Rng } from '../../../main/core/queue/sim/rng';
import { parseScenario } from '../../../main/core/queue/sim/scenario';
import { waitStats } from '../../../main/core/queue/sim/stats';

const base = {
  name: 'unit', seed: 3, open: '09:00', close: '12:00', counters: 4,
  appointments: { slotMinutes: 30, perSlot: 3, noShowRate: 0.1, arrivalOffsetMinutes: { mean: -5, sd: 6 } },
  walkins: { perHour: [10, 12, 8] }, priorityShare: 0.05, serviceMinutes: { mean: 12, sd: 6 }, targetMinutes: 10,
};

describe('simulation', () => {
  it('same seed → same result; another seed → another day', () => {
    const a = simulate(parseScenario(base));
    expect(simulate(parseScenario(base))).toEqual(a);
    expect(simulate(parseScenario({ ...base, seed: 4 }))).not.toEqual(a);
  });

  it('log-normal service draws have the requested mean and sd', () => {
    const r = new Rng(9);
    const xs = Array.from({ length: 40000 }, () => r.lognormal(12, 6));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(12, 0);
    expect(sd).toBeGreaterThan(5.4);
    expect(sd).toBeLessThan(6.6);
  });

  it('generates bookings per slot minus no-shows and Poisson walk-ins only within opening hours', () => {
    const sc = parseScenario(base);
    const set = generateArrivals(sc);
    expect(set.booked).toBe(6 * 3);
    expect(set.arrivals.filter((a) => a.kind === 'appointment').length + set.lateToWalkin).toBe(set.booked - set.noShows);
    for (const a of set.arrivals) {
      expect(a.arriveAt).toBeGreaterThanOrEqual(9 * 60);
      if (a.kind !== 'appointment' && !a.lateAppointment) expect(a.arriveAt).toBeLessThan(12 * 60);
      expect(a.dueAt).toBeGreaterThanOrEqual(a.arriveAt);
    }
  });

  it('every arrival is served exactly once under each policy (counts add up)', () => {
    const sc = parseScenario(base);
    const res = simulate(sc);
    const n = res.day.arrivals;
    for (const m of Object.values(res.results)) expect(m.appointment.n + m.walkin.n + m.priority.n).toBe(n);
  });

  it('rejects a malformed scenario with INVALID_SCENARIO', () => {
    expect(() => parseScenario({ name: 'x' })).toThrowError(expect.objectContaining({ code: 'INVALID_SCENARIO' }));
  });

  it('wait statistics use nearest rank', () => {
    expect(waitStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 20], 10)).toEqual({ n: 10, p50: 5, p95: 20, max: 20, within10: 0.9 });
    expect(waitStats([], 10).n).toBe(0);
  });
});
