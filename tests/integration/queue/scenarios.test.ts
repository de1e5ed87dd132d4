import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../main/core/queue/sim/engine';
import { parseScenario } from '../../../main/core/queue/sim/scenario';

const dir = join(__dirname, '../../fixtures/scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (f: string) => parseScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));

describe('shipped scenarios', () => {
  it('ships at least the bureau, district and morning-peak halls', () => {
    expect(files).toEqual(expect.arrayContaining(['bureau-4.json', 'district-20.json', 'morning-peak.json']));
  });

  it.each(files)('%s runs all four policies on the same arrivals, and the forecast beats the naive estimate', (f) => {
    const res = simulate(load(f));
    for (const k of ['policy', 'edf', 'fifo', 'appointmentsFirst'] as const) {
      expect(res.results[k].appointment.n + res.results[k].walkin.n + res.results[k].priority.n, k).toBe(res.day.arrivals);
    }
    expect(res.results.policy.forecast.mae).toBeLessThan(res.results.policy.forecast.naiveMae);
  });

  // Issue 13: the overload scenarios, where the old policy's walk-in cap broke the appointment promise.
  const overloads = ['surge-8.json', 'afternoon-surge.json', 'appointment-heavy.json', 'morning-peak.json'];
  it('ships the surge scenario of issue 13 and two overloads of its own', () => {
    expect(files).toEqual(expect.arrayContaining(overloads));
    const surge = load('surge-8.json');
    expect([surge.counters, surge.seed, surge.walkins.perHour, surge.appointments.perSlot, surge.appointments.noShowRate, surge.serviceMinutes]).toEqual([8, 5, [70, 60, 35, 20, 15, 25, 25, 10], 8, 0.1, { mean: 10, sd: 5 }]);
  });

  it.each(overloads)('ACCEPTANCE %s: the promise holds where appointments-first shows it can, and walk-ins fare no worse', (f) => {
    const { policy, appointmentsFirst: af, fifo } = simulate(load(f)).results;
    expect(policy.appointment.p95).toBeLessThanOrEqual(10);
    expect(policy.appointment.within10 >= af.appointment.within10 || policy.appointment.within10 >= 0.99).toBe(true);
    expect(policy.walkin.p95).toBeLessThanOrEqual(af.walkin.p95);
    expect(policy.forecast.mae).toBeLessThan(policy.forecast.naiveMae);
    // The overload is real: FIFO breaks the promise on these days.
    expect(fifo.appointment.within10).toBeLessThan(0.9);
  });

  it('ACCEPTANCE district-20: appointment p95 ≤ 10 min, within10 ≥ 0.95, near 85% utilisation, walk-ins bounded', () => {
    const sc = load('district-20.json');
    const { policy, fifo } = simulate(sc).results;
    expect(policy.utilisation).toBeGreaterThan(0.8);
    expect(policy.utilisation).toBeLessThan(0.9);
    expect(policy.appointment.p95).toBeLessThanOrEqual(10);
    expect(policy.appointment.within10).toBeGreaterThanOrEqual(0.95);
    expect(policy.walkin.max).toBeLessThanOrEqual(sc.policy.walkinCapMinutes + sc.serviceMinutes.mean);
    expect(policy.walkin.p95).toBeLessThanOrEqual(fifo.walkin.p95 * 1.5 + 1);
  });

  it('morning peak: the priority lane goes first, so under load it waits far less than in FIFO', () => {
    const { policy, fifo } = simulate(load('morning-peak.json')).results;
    expect(policy.priority.p95).toBeLessThan(fifo.priority.p95);
  });

  it('`npm run sim` prints exactly one JSON object of the documented shape', () => {
    const out = execFileSync('npx', ['tsx', 'main/core/queue/sim/cli.ts', '--scenario', join(dir, 'bureau-4.json')], { cwd: join(__dirname, '../../..'), encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]);
    expect(Object.keys(json.results).sort()).toEqual(['appointmentsFirst', 'edf', 'fifo', 'policy']);
    for (const m of Object.values(json.results) as Record<string, Record<string, number> & { utilisation: number }>[]) {
      for (const k of ['appointment', 'walkin', 'priority']) expect(Object.keys(m[k]).sort()).toEqual(['max', 'n', 'p50', 'p95', 'within10']);
      expect(Object.keys(m.forecast).sort()).toEqual(['mae', 'naiveMae']);
      expect(m.utilisation).toBeGreaterThan(0);
      expect(m.utilisation).toBeLessThanOrEqual(1);
    }
  });
});
