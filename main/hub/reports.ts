// The hall's 日动态 / 月动态 at the hub: today's figures live, a closed day's as generated at its
// close (kept in daily_reports), a month as the sum of its days.
import dayjs from 'dayjs';
import { atHallTime, hallDay } from '../../common/hall-time';
import { DEFAULT_GOOD_MIN, isBad } from '../core/rating/rules';
import { addWorkingDays } from '../core/calendar';
import { buildDaily, dayFigures, type AssistanceCounts, type DailyReport, type DayFigures, type ServiceSource } from '../core/reports/daily';
import { buildMonthly, type MonthlyReport } from '../core/reports/monthly';
import type { ReportSource } from '../core/reports/source';
import type { QueueStore } from './store/types';
import type { CaseStore } from './store/case-types';
import type { Db } from '../db/connection';
import type { HubRatingStore } from './rating/store';
import type { AssistStore } from './assist/store';
import { SqliteAssistStore } from './assist/sqlite-store';

/** 行政许可法 art. 32: an application is accepted on the spot or within five (working) days. */
export const ACCEPT_LIMIT_WORKING_DAYS = 5;

export interface HubReports {
  daily(day: string): Promise<DailyReport>;
  monthly(month: string): Promise<MonthlyReport>;
  /** Generates and keeps a closed day's report (once: a kept report is never rewritten). */
  closeDay(day: string): Promise<DailyReport>;
}

export function createHubReports(db: Db, source: ReportSource & ServiceSource, now: () => number): HubReports {
  // A file from before migration 0019 (the report CLI opens it read-only, unmigrated) keeps no figures apart.
  const hasFigures = (db.prepare(`PRAGMA table_info(daily_reports)`).all() as { name: string }[]).some((c) => c.name === 'figures');
  const getKept = db.prepare<[string], { report: string }>(`SELECT report FROM daily_reports WHERE day = ?`);
  const getFigures = db.prepare<[string], { figures: string | null; report: string | null }>(hasFigures
    ? `SELECT figures, CASE WHEN figures IS NULL THEN report END AS report FROM daily_reports WHERE day = ?`
    : `SELECT NULL AS figures, report FROM daily_reports WHERE day = ?`);
  const keep = db.prepare(hasFigures
    ? `INSERT OR IGNORE INTO daily_reports (day, generated_at, report, figures) VALUES (@day, @at, @report, @figures)`
    : `INSERT OR IGNORE INTO daily_reports (day, generated_at, report) VALUES (@day, @at, @report)`);
  const kept = (day: string): DailyReport | null => {
    const row = getKept.get(day);
    return row ? (JSON.parse(row.report) as DailyReport) : null;
  };
  const keptFigures = (day: string): DayFigures | null => {
    const row = getFigures.get(day);
    if (!row) return null;
    return row.figures !== null ? (JSON.parse(row.figures) as DayFigures) : dayFigures(JSON.parse(row.report!) as DailyReport);
  };
  const live = (day: string) => {
    // One walk of the calendar per day of receipt, not one per case (a large hall accepts thousands a day).
    const deadlines = new Map<string, string>();
    const acceptDeadline = (received: string) => {
      let d = deadlines.get(received);
      if (d === undefined) deadlines.set(received, (d = addWorkingDays(received, ACCEPT_LIMIT_WORKING_DAYS)));
      return d;
    };
    return buildDaily(day, source, { acceptDeadline }, new Date(now()));
  };
  const store = (day: string, report: DailyReport) =>
    keep.run({ day, at: now(), report: JSON.stringify(report), ...(hasFigures ? { figures: JSON.stringify(dayFigures(report)) } : {}) });
  /**
   * A closed day nobody kept (the hub was off at its close, or the days came from an import) is
   * kept the first time it is read, as the close would have: a month of such days is read from the
   * rows once (seconds over a million cases), then from its kept figures. A read-only file (the
   * report CLI) cannot keep: it reads live every time.
   */
  const liveClosed = async (day: string): Promise<DailyReport> => {
    const report = await live(day);
    if (day < hallDay(now())) {
      try {
        store(day, report);
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_READONLY') throw e;
      }
    }
    return report;
  };
  return {
    daily: async (day) => kept(day) ?? liveClosed(day),
    // A month reads only its days' figures: a kept day's are stored apart from its lists (migration 0019).
    monthly: (month) => buildMonthly(month, async (day) => keptFigures(day) ?? dayFigures(await liveClosed(day)), new Date(now())),
    async closeDay(day) {
      if (day >= hallDay(now())) throw new RangeError(`day ${day} is not closed yet`);
      const existing = kept(day);
      if (existing) return existing;
      const report = await live(day);
      store(day, report);
      return report;
    },
  };
}

/**
 * A day's ratings at the hub: those given that day (a later rating by the citizen screen's QR counts on the
 * day it is given). 好评 from 基本满意 up as the rating rules say; a rating whose appeal was accepted
 * (申诉复核) stays counted as given but neither good nor bad.
 */
export function ratingCounts(ratings: readonly { level: number; excluded: boolean }[]): { rated: number; good: number; bad: number } {
  const scored = ratings.filter((r) => !r.excluded);
  return { rated: ratings.length, good: scored.filter((r) => r.level >= DEFAULT_GOOD_MIN).length, bad: scored.filter((r) => isBad(r.level)).length };
}

export function dayBounds(day: string): [string, string] {
  const from = atHallTime(day, '00:00');
  return [new Date(from).toISOString(), new Date(from + 86_400_000).toISOString()];
}

export function previousDay(day: string): string {
  return dayjs(day).subtract(1, 'day').format('YYYY-MM-DD');
}

/** Through the hub's store seam, so a PostgreSQL hub reports the same figures. */
export function storeReportSource(store: Pick<QueueStore, 'listTickets' | 'listAppointments'>, cases: ReportSource['casesOf'] = () => []): ReportSource {
  return {
    tickets: async (day) => (await store.listTickets({ day })).map((t) => ({
      id: t.id, number: t.number, stream: t.stream, kind: t.kind, status: t.status, dueAt: t.dueAt, issuedAt: t.issuedAt,
      calledAt: t.calledAt, startedAt: t.startedAt, finishedAt: t.finishedAt,
    })),
    appointments: async (day) => (await store.listAppointments(day)).map((a) => ({ id: a.id, status: a.status })),
    casesOf: cases,
  };
}

/**
 * Everything a hub's reports read: the queue through its store (either backend), the cases from the
 * hall's case record, and the ratings and 帮办 from the hall's stores (the queue's SQLite file or the
 * shared PostgreSQL; no 帮办 on a hub without it).
 */
export function hubReportSource(o: { store: Pick<QueueStore, 'listTickets' | 'listAppointments'>; cases: Pick<CaseStore, 'casesActed'> | null; ratings: Pick<HubRatingStore, 'levelsBetween'>; assist: Pick<AssistStore, 'counts'> | null }): ReportSource & ServiceSource {
  const assist = o.assist;
  return {
    ...storeReportSource(o.store, o.cases ? hubCaseRows(o.cases) : undefined),
    ratings: async (day) => ratingCounts(await o.ratings.levelsBetween(...dayBounds(day))),
    ...(assist ? { assistance: (day: string) => assist.counts(...dayRange(day)) } : {}),
  };
}

/** A hall day as [from, to) epoch ms. */
function dayRange(day: string): [number, number] {
  const from = atHallTime(day, '00:00');
  return [from, from + 86_400_000];
}

/** The day's cases from the hall's case record (the cases the workstations synced to this hub). */
export function hubCaseRows(store: Pick<CaseStore, 'casesActed'>): ReportSource['casesOf'] {
  return async (day) => (await store.casesActed(...dayBounds(day))).map((c) => ({
    caseNumber: c.caseNumber, itemCode: c.itemCode, itemName: c.itemName, state: c.state, receivedAt: c.createdAt,
    acceptedAt: c.acceptedAt, acceptedDate: c.acceptedAt ? hallDay(Date.parse(c.acceptedAt)) : null, dueDate: c.dueDate, completedAt: c.completedAt,
  }));
}

/**
 * A day's 帮办 in a hub's SQLite file, read at once (the report command over a closed data directory):
 * requests made that day (withdrawn ones and 涉法涉诉, which is out of 帮办's scope, left out), how
 * many were resolved, and the minutes from request to acceptance.
 */
export function assistanceCounts(db: Db): (day: string) => AssistanceCounts {
  const store = new SqliteAssistStore(db);
  return (day) => store.countsNow(...dayRange(day));
}
