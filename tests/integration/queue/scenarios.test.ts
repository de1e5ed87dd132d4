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

  it.each(files)('%s runs all three policies on the same arrivals', (f) => {
    const res = simulate(load(f));
    const n = (k: 'policy' | 'fifo' | 'appointmentsFirst') => res.results[k].appointment.n + res.results[k].walkin.n + res.results[k].priority.n;
    expect(n('policy')).toBe(res.day.arrivals);
    expect(n('fifo')).toBe(res.day.arrivals);
    expect(n('appointmentsFirst')).toBe(res.day.arrivals);
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

  it('morning peak: the policy keeps appointments far closer to target than FIFO, and the walk-in cap holds', () => {
    const sc = load('morning-peak.json');
    const { policy, fifo } = simulate(sc).results;
    expect(policy.appointment.within10).toBeGreaterThan(fifo.appointment.within10);
    expect(policy.appointment.p95).toBeLessThan(fifo.appointment.p95);
    // the priority lane goes first, so under load it waits far less than in FIFO
    expect(policy.priority.p95).toBeLessThan(fifo.priority.p95);
    expect(policy.walkin.max).toBeLessThanOrEqual(sc.policy.walkinCapMinutes + sc.serviceMinutes.mean);
  });

  it('`npm run sim` prints exactly one JSON object of the documented shape', () => {
    const out = execFileSync('npx', ['tsx', 'main/core/queue/sim/cli.ts', '--scenario', join(dir, 'bureau-4.json')], { cwd: join(__dirname, '../../..'), encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]);
    expect(Object.keys(json.results).sort()).toEqual(['appointmentsFirst', 'fifo', 'policy']);
    for (const m of Object.values(json.results) as Record<string, Record<string, number> & { utilisation: number }>[]) {
      for (const k of ['appointment', 'walkin', 'priority']) expect(Object.keys(m[k]).sort()).toEqual(['max', 'n', 'p50', 'p95', 'within10']);
      expect(m.utilisation).toBeGreaterThan(0);
      expect(m.utilisation).toBeLessThanOrEqual(1);
    }
  });
});
