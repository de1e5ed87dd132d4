/**
 * The demo history writes 好差评 and 帮办 through the real services: ratings with the realistic
 * spread (mostly 满意 and above, 差评 rare, each with a follow-up), assistance requests taken and
 * closed, and the kept 日动态 of a generated day counting both — the same figures the supervisor's
 * report page and `npm run report` read.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory, type HistorySummary } from '../../../main/demo/history/generate';

const root = path.resolve(__dirname, '../../..');
let dir: string;
let sum: HistorySummary;

function daily(day: string): { ratings: { rated: number; good: number; bad: number }; assistance: { requests: number; resolved: number; answered: number } } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/report/cli.ts', 'daily', '--data', dir, '--day', day, '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-history-'));
  // Four working days, a fixed end and the default seed: the same history every run.
  sum = await generateHistory({ dataDir: dir, days: 4, lastDay: '2026-11-20' });
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('demo history: ratings and assistance', () => {
  it('rates most services with a realistic spread, and every 差评 has its follow-up', () => {
    const r = sum.ratings;
    expect(r.services).toBeGreaterThan(sum.days.length * 50);
    expect(r.rated / r.services).toBeGreaterThan(0.75);
    expect(r.rated / r.services).toBeLessThan(0.95);
    expect(r.skipped).toBeGreaterThan(0);
    const total = r.levels[1] + r.levels[2] + r.levels[3] + r.levels[4] + r.levels[5];
    expect(total).toBe(r.rated);
    // Mostly 非常满意 / 满意, some 基本满意, 差评 rare but present.
    expect(r.levels[5]).toBeGreaterThan(r.levels[4]);
    expect((r.levels[5] + r.levels[4]) / r.rated).toBeGreaterThan(0.85);
    expect(r.levels[3]).toBeGreaterThan(0);
    expect(r.bad).toBe(r.levels[1] + r.levels[2]);
    expect(r.bad).toBeGreaterThan(0);
    expect(r.bad / r.rated).toBeLessThan(0.04);
    const f = r.followUps;
    expect(f.closed + f.inProgress + f.notContacted).toBe(r.bad);
    expect(f.closed).toBeGreaterThan(0);
  });

  it('asks for help each day: accepted, closed with outcomes', () => {
    const a = sum.assistance;
    expect(a.requests).toBeGreaterThanOrEqual(sum.days.length * 2);
    expect(a.accepted + a.cancelled).toBeLessThanOrEqual(a.requests);
    expect(a.closed).toBeGreaterThan(0);
    expect(a.outcomes.resolved + a.outcomes.partly + a.outcomes.unresolved).toBe(a.closed);
    expect(a.outcomes.resolved).toBeGreaterThan(a.outcomes.partly + a.outcomes.unresolved);
  });

  it('the kept 日动态 of each generated day counts its ratings and assistance, summing to the history', () => {
    const reports = sum.days.map(daily);
    for (const d of reports) {
      expect(d.ratings.rated).toBeGreaterThan(0);
      expect(d.ratings.good).toBeGreaterThan(0);
      expect(d.assistance.requests).toBeGreaterThan(0);
    }
    const add = (f: (d: (typeof reports)[number]) => number) => reports.reduce((s, d) => s + f(d), 0);
    expect(add((d) => d.ratings.rated)).toBe(sum.ratings.rated);
    expect(add((d) => d.ratings.bad)).toBe(sum.ratings.bad);
    // Withdrawn requests and 涉法涉诉 (outside 帮办) are left out of the report; every other request and walk-up is in.
    const a = sum.assistance;
    expect(add((d) => d.assistance.requests)).toBe(a.requests - a.cancelled - a.outOfScope + a.walkUps);
    expect(add((d) => d.assistance.resolved)).toBe(sum.assistance.outcomes.resolved + sum.assistance.walkUps);
  });
});
