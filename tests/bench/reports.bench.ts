// 月动态 over a hall's two years (issue 13): 1,000,000 cases over 500 working days with one ticket per
// case, appointments and their no-shows, a rating for every other service and a few 帮办 a day, in
// one hub SQLite file; the monthly report of one month (it reads that month and the one before),
// built as the hub builds it (createHubReports over hubReportSource), beside the same month over
// 10,000 cases measured in the same run. Two paths: "first read" (no day kept yet: every day read
// from the rows, as on a hub whose days were never closed; the read keeps them, as their close
// would have) and "kept" (the days' reports generated at their close, the normal state of a past month). Cold = the first report on a freshly opened connection
// (SQLite's page cache and the statement caches empty; the OS file cache is not dropped).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { atHallTime } from '../../common/hall-time';
import { SqliteQueueStore } from '../../main/hub/store/sqlite';
import { SqliteCaseStore } from '../../main/hub/store/sqlite-cases';
import { HubRatingStore } from '../../main/hub/rating/store';
import { SqliteRatingBackend } from '../../main/hub/rating/sqlite-backend';
import { createHubReports, dayBounds, hubReportSource, type HubReports } from '../../main/hub/reports';
import { daysOfMonth, previousMonth, type MonthlyReport } from '../../main/core/reports/monthly';
import type { Db } from '../../main/db/connection';
import { seedHallCases } from './hall-cases';
import { percentile, round } from './stats';
import type { BenchFigure, BenchSuite } from './types';
import { SqliteAssistStore } from '../../main/hub/assist/sqlite-store';

const WORKING_DAYS = 500;
const RUNS = 7;
const MIN = 60_000;

/** Monday to Friday from 2025-01-06: 500 of them reach late 2026. */
const days: string[] = (() => {
  const out: string[] = [];
  for (let d = dayjs('2025-01-06'); out.length < WORKING_DAYS; d = d.add(1, 'day')) if (d.day() >= 1 && d.day() <= 5) out.push(d.format('YYYY-MM-DD'));
  return out;
})();
/** "Now" is the evening of the last working day, its last service rated: its month is the current one, PAST a closed one. */
const TODAY = days[WORKING_DAYS - 1];
const NOW = atHallTime(TODAY, '17:45');
const CURRENT = TODAY.slice(0, 7);
const PAST = '2026-06';
const iso = (ms: number) => new Date(ms).toISOString();
const plusDays = (day: string, n: number) => dayjs(day).add(n, 'day').format('YYYY-MM-DD');

/**
 * Case i is received on working day ⌊i·500/n⌋ and gets that day's ticket; 97% are accepted 15 minutes
 * later, 3% after a correction nine days later (past the five working days: 超时受理); 85% of the accepted are completed
 * 0–19 days after acceptance against a 15-day promise (the last four days late: 超时办结).
 */
function caseOf(i: number, n: number) {
  const d = Math.floor((i * WORKING_DAYS) / n);
  const first = Math.ceil((d * n) / WORKING_DAYS);
  const perDay = Math.ceil(n / WORKING_DAYS);
  const k = i - first;
  const day = days[d];
  const received = atHallTime(day, '09:00') + Math.floor((k * 8 * 60 * MIN) / perDay);
  const accepted = i % 100 < 3 ? received + 9 * 86_400_000 : received + 15 * MIN;
  const completed = i % 100 >= 85 ? null : accepted + (i % 20) * 86_400_000 + 4 * 3600_000;
  // Nothing happens after now: a case due to be accepted or completed later is not yet.
  return {
    day, k, received, accepted: accepted <= NOW ? accepted : null, completed: completed !== null && completed <= NOW ? completed : null,
    acceptedDay: plusDays(day, i % 100 < 3 ? 9 : 0),
  };
}

function seedQueue(db: Db, n: number): void {
  const ticket = db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, counter, due_at, issued_at, called_at, call_count, last_called_at, started_at, finished_at, appointment_id)
    VALUES (?, ?, ?, ?, ?, 'kiosk', 'finished', ?, ?, ?, ?, 1, ?, ?, ?, ?)`);
  const appointment = db.prepare(`INSERT INTO appointments (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_id, checked_in_at)
    VALUES (?, ?, ?, ?, '3101**********0000', NULL, NULL, ?, ?, 'I', '事项', ?, ?, ?)`);
  const rating = db.prepare(`INSERT INTO ratings (rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at) VALUES (?, ?, 'S001', 'I', ?, ?, ?, 1, 0)`);
  const assist = db.prepare(`INSERT INTO assist_records (request_key, source, kind, status, counter, requested_at, accepted_at, closed_at, outcome) VALUES (?, 'counter', 'policy', 'closed', 1, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const c = caseOf(i, n);
      const appt = i % 5 === 0;
      const series = appt ? 'Y' : 'A';
      const number = `${series}${String(c.k).padStart(4, '0')}`;
      const due = c.received;
      const called = due + (i % 13) * MIN;
      const started = called + MIN;
      const finished = started + (5 + (i % 10)) * MIN;
      const counter = 1 + (i % 8);
      const { lastInsertRowid } = ticket.run(c.day, number, appt ? 'B' : 'A', appt ? 'appointment' : 'walkin', series, counter, due, due - 5 * MIN, called, called, started, finished, appt ? `ap-${i}` : null);
      if (appt) {
        appointment.run(`ap-${i}`, c.day, `C${i}`, `h${i}`, due, due + 30 * MIN, 'checked_in', lastInsertRowid, due - 5 * MIN);
        // One booking in ten more that nobody came for.
        if (i % 50 === 0) appointment.run(`ap-${i}-x`, c.day, `C${i}x`, `h${i}x`, due, due + 30 * MIN, 'no_show', null, null);
      }
      if (i % 2 === 0) {
        const ratingId = `PJ${c.day.replaceAll('-', '')}-${String(counter).padStart(2, '0')}-${String(c.k).padStart(6, '0')}`;
        const level = i % 50 === 0 ? 1 : i % 7 === 0 ? 4 : 5;
        const snapshot = {
          ratingId, serviceId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, counter, staffNo: 'S001', caseNumber: null, itemCode: 'I', itemName: '事项', itemVersion: null,
          finishedAt: iso(finished), ratedAt: iso(finished + MIN), level, channel: 'pad', reasons: level === 1 ? ['attitude'] : [], reasonText: null, excluded: false,
          followUp: level === 1 ? { state: 'open', contactDue: plusDays(c.day, 1), simpleDue: plusDays(c.day, 1), complexDue: plusDays(c.day, 15), steps: [], satisfied: null, replied: false } : null,
        };
        rating.run(ratingId, counter, iso(finished + MIN), level, JSON.stringify(snapshot));
      }
    }
    // Four 帮办 a day, one answered in five minutes and resolved, the rest answered in two.
    days.forEach((day, d) => {
      for (let j = 0; j < 4; j++) {
        const at = atHallTime(day, '10:00') + j * 3600_000;
        assist.run(`as-${d}-${j}`, at, at + (j === 0 ? 5 : 2) * MIN, at + 30 * MIN, j === 0 ? 'resolved' : 'partly');
      }
    });
  })();
}

export function seedHall(n: number): { file: string; seedS: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'reports-bench-')), 'hub.sqlite');
  const store = new SqliteQueueStore(file);
  const t0 = performance.now();
  try {
    seedHallCases(store.db, n, (i) => {
      const c = caseOf(i, n);
      return {
        id: `case-${i}`, caseNumber: `SH-BN01-${c.day.replaceAll('-', '')}-${String(c.k).padStart(6, '0')}`, hubSeq: i + 1,
        state: c.completed !== null ? 'result-issued' : c.accepted !== null ? 'in-review' : 'correction-requested',
        applicantName: `申请人${i % 50_000}`, applicantKey: `3101011990${String(i).padStart(8, '0')}`, createdAt: iso(c.received),
        acceptedAt: c.accepted === null ? null : iso(c.accepted), dueDate: c.accepted === null ? null : plusDays(c.acceptedDay, 15), completedAt: c.completed === null ? null : iso(c.completed),
      };
    });
    seedQueue(store.db, n);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return { file, seedS: (performance.now() - t0) / 1000 };
  } finally {
    store.db.close();
  }
}

export function open(file: string): { store: SqliteQueueStore; reports: HubReports } {
  const store = new SqliteQueueStore(file);
  const reports = createHubReports(store.db, hubReportSource({
    store, cases: new SqliteCaseStore(store.db), ratings: new HubRatingStore(new SqliteRatingBackend(store.db), () => NOW), assist: new SqliteAssistStore(store.db),
  }), () => NOW);
  return { store, reports };
}

interface Timing { cold: number; p50: number; p95: number; report: MonthlyReport }

async function time(file: string, month: string): Promise<Timing> {
  const { store, reports } = open(file);
  try {
    let t = performance.now();
    const report = await reports.monthly(month);
    const cold = performance.now() - t;
    const ms: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      t = performance.now();
      await reports.monthly(month);
      ms.push(performance.now() - t);
    }
    return { cold, p50: percentile(ms, 50), p95: percentile(ms, 95), report };
  } finally {
    store.db.close();
  }
}

/** Closes (generates and keeps, as the hub does at each rollover) every day before today that the two measured months read. */
async function keepDays(file: string): Promise<number> {
  const { store, reports } = open(file);
  try {
    const t = performance.now();
    const read = [PAST, CURRENT].flatMap((m) => [...daysOfMonth(previousMonth(m)), ...daysOfMonth(m)]).filter((d) => d < TODAY);
    for (const d of read) await reports.closeDay(d);
    return (performance.now() - t) / 1000;
  } finally {
    store.db.close();
  }
}

/** The plans of the statements a live day runs (an index missing shows as SCAN). */
function plans(file: string): string {
  const { store } = open(file);
  try {
    const [from, to] = dayBounds(TODAY);
    const plan = (sql: string, ...args: unknown[]) => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
    return [
      `cases: ${plan(`SELECT case_number FROM hall_cases WHERE case_number IS NOT NULL AND accepted_at >= ? AND accepted_at < ? UNION SELECT case_number FROM hall_cases WHERE case_number IS NOT NULL AND completed_at >= ? AND completed_at < ?`, from, to, from, to)}`,
      `tickets: ${plan('SELECT * FROM tickets WHERE day = ? ORDER BY id', TODAY)}`,
      `ratings: ${plan('SELECT snapshot FROM ratings WHERE rated_at >= ? AND rated_at < ? ORDER BY rated_at, rating_id', from, to)}`,
      `kept day: ${plan('SELECT figures FROM daily_reports WHERE day = ?', TODAY)}`,
    ].join(' | ');
  } finally {
    store.db.close();
  }
}

const same = (a: MonthlyReport, b: MonthlyReport) => JSON.stringify({ ...a, generatedAt: '' }) === JSON.stringify({ ...b, generatedAt: '' });

const suite: BenchSuite = {
  name: 'reports',
  async run(): Promise<BenchFigure[]> {
    const small = seedHall(10_000);
    const big = seedHall(1_000_000);
    // Never kept first (every day read from the rows and kept by that read), then the same months with their days kept.
    const liveSmall = await time(small.file, PAST);
    const liveBig = await time(big.file, PAST);
    const liveCurrent = await time(big.file, CURRENT);
    const keepS = await keepDays(big.file);
    await keepDays(small.file);
    const pastSmall = await time(small.file, PAST);
    const pastBig = await time(big.file, PAST);
    const currentSmall = await time(small.file, CURRENT);
    const currentBig = await time(big.file, CURRENT);
    // A kept day is its live figures frozen at the close: keeping the days must not change a month.
    if (!same(liveBig.report, pastBig.report) || !same(liveSmall.report, pastSmall.report) || !same(liveCurrent.report, currentBig.report)) {
      throw new Error('bench: a month read from kept days differs from the same month read live');
    }
    const m = pastBig.report;
    if (m.accepted === 0 || m.completed === 0 || m.tickets === 0 || m.ratings.rated === 0 || m.assistance.requests === 0 || m.overdueAccepted === 0 || m.overdueCompleted === 0) {
      throw new Error(`bench: a thin month ${JSON.stringify(m).slice(0, 300)}`);
    }
    const goal = (t: Timing) => (Math.max(t.cold, t.p95) < 200 ? 'goal < 200 ms holds' : 'goal < 200 ms NOT met');
    const fig = (name: string, big: number, small: number, note?: string): BenchFigure => ({
      name, value: round(big, 1), unit: 'ms', baseline: { name: 'same over 10,000 cases', value: round(small, 1) }, ...(note ? { note } : {}),
    });
    return [
      fig(`monthly ${PAST} (days kept), 1,000,000 cases: cold`, pastBig.cold, pastSmall.cold,
        `the month: ${m.accepted} accepted, ${m.completed} completed, ${m.tickets} tickets, ${m.ratings.rated} ratings; rows built in ${big.seedS.toFixed(1)} s; ${goal(pastBig)}`),
      fig(`monthly ${PAST} (days kept), 1,000,000 cases: warm p50`, pastBig.p50, pastSmall.p50),
      fig(`monthly ${PAST} (days kept), 1,000,000 cases: warm p95`, pastBig.p95, pastSmall.p95, `${RUNS} runs`),
      fig(`monthly ${CURRENT} (today ${TODAY} live), 1,000,000: cold`, currentBig.cold, currentSmall.cold, goal(currentBig)),
      fig(`monthly ${CURRENT} (today ${TODAY} live), 1,000,000: warm p95`, currentBig.p95, currentSmall.p95, `${RUNS} runs`),
      fig(`monthly ${PAST} first read, no day kept yet, 1,000,000 cases`, liveBig.cold, liveSmall.cold, 'every day read from cases, tickets and ratings, then kept as its close would have'),
      fig(`monthly ${PAST} after that first read, 1,000,000 cases: warm p95`, liveBig.p95, liveSmall.p95, `${RUNS} runs; ${goal({ ...liveBig, cold: 0 })}; closing the remaining days then took ${keepS.toFixed(1)} s; plans: ${plans(big.file)}`),
    ];
  },
};
export default suite;
