import dayjs from 'dayjs';
import { DeskError } from '../../../common/errors';
import { holidayCalendarSchema, type HolidayCalendarData } from './schema';
import { statutoryYear } from './statutory';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function assertIsoDate(date: string): void {
  if (typeof date !== 'string' || !DATE_RE.test(date) || dayjs(date).format('YYYY-MM-DD') !== date) {
    throw new DeskError('CALENDAR_BAD_DATE', `日期“${String(date)}”无效，请使用 YYYY-MM-DD 格式的真实日期。`);
  }
}

/** One year's days off on weekdays and make-up working days on weekends, and whether it is only provisional. */
interface YearExceptions {
  holidays: Set<string>;
  workdays: Set<string>;
  holidaysSorted: string[];
  workdaysSorted: string[];
  provisional: boolean;
}

function exceptions(holidays: string[], workdays: string[], provisional: boolean): YearExceptions {
  return { holidays: new Set(holidays), workdays: new Set(workdays), holidaysSorted: [...holidays].sort(), workdaysSorted: [...workdays].sort(), provisional };
}

/** Why a date counted through `years` may still move: shown beside every such deadline as 暂定. */
export function provisionalReason(years: number[]): string {
  return `${years.join('、')}年放假安排尚未导入，按《全国年节及纪念日放假办法》的法定节假日暂定计算，导入国务院办公厅通知后将自动重算。`;
}

/**
 * Working days under the State Council's published arrangement. A year the data does not cover is
 * never treated as all weekdays: it falls back to the holidays that hold by law (statutory.ts) and
 * is marked provisional, so every date counted through it can say so (暂定) until the notice is imported.
 */
export class HolidayCalendar {
  private readonly years = new Map<number, YearExceptions>();

  constructor(readonly data: HolidayCalendarData) {
    for (const [year, y] of Object.entries(data.years)) this.years.set(Number(year), exceptions(y.holidays, y.workdays, false));
  }

  private year(y: number): YearExceptions {
    let e = this.years.get(y);
    if (!e) {
      e = exceptions(statutoryYear(y).holidays, [], true);
      this.years.set(y, e);
    }
    return e;
  }

  /** Validates untrusted JSON (e.g. the hub's feed) before it can change any due date. */
  static parse(json: unknown): HolidayCalendar {
    const r = holidayCalendarSchema.safeParse(json);
    if (!r.success) {
      throw new DeskError('CALENDAR_INVALID', `节假日日历数据格式不正确（${r.error.issues[0]?.message ?? '未知错误'}），已继续使用原日历，请联系管理员核对大厅服务器上的日历。`);
    }
    return new HolidayCalendar(r.data);
  }

  /** Whether the State Council's arrangement for `year` has been imported (not only the statutory fallback). */
  covers(year: number): boolean {
    return this.years.get(year)?.provisional === false;
  }

  coveredYears(): number[] {
    return [...this.years].filter(([, e]) => !e.provisional).map(([y]) => y).sort((a, b) => a - b);
  }

  /** Years in (from, to] whose arrangement is not imported: a count of working days across them is provisional. */
  provisionalYears(from: string, to: string): number[] {
    assertIsoDate(from);
    assertIsoDate(to);
    const [a, b] = from <= to ? [from, to] : [to, from];
    const out: number[] = [];
    for (let y = Number(a.slice(0, 4)); y <= Number(b.slice(0, 4)); y++) if (!this.covers(y)) out.push(y);
    return out;
  }

  /**
   * Supervisors and administrators are told from 1 November that next year's notice is missing
   * (it usually appears in November or December, after deadlines have started crossing into it),
   * and at any time that the current year's is.
   */
  importWarning(today: string): { year: number; message: string } | null {
    assertIsoDate(today);
    const y = Number(today.slice(0, 4));
    const year = !this.covers(y) ? y : today.slice(5) >= '11-01' && !this.covers(y + 1) ? y + 1 : null;
    return year === null ? null : { year, message: `${year}年放假安排尚未导入：跨入该年的办理时限按法定节假日暂定计算，请在国务院办公厅通知发布后及时导入。` };
  }

  /** addWorkingDays, plus the years that make the result provisional (empty when it is final). */
  addWorkingDaysDetailed(date: string, days: number): { date: string; provisionalYears: number[] } {
    const due = this.addWorkingDays(date, days);
    return { date: due, provisionalYears: this.provisionalYears(date, due) };
  }

  isWorkingDay(date: string): boolean {
    assertIsoDate(date);
    const e = this.year(Number(date.slice(0, 4)));
    if (e.holidays.has(date)) return false;
    if (e.workdays.has(date)) return true;
    const dow = dayjs(date).day();
    return dow !== 0 && dow !== 6;
  }

  /** The n-th working day after `date` (n ≥ 0; n = 0 returns `date` itself). */
  addWorkingDays(date: string, days: number): string {
    assertIsoDate(date);
    if (!Number.isInteger(days) || days < 0 || days > 3650) {
      throw new DeskError('CALENDAR_BAD_DAYS', `工作日天数“${days}”无效，应为 0 到 3650 之间的整数。`);
    }
    let d = dayjs(date);
    let left = days;
    while (left > 0) {
      d = d.add(1, 'day');
      if (this.isWorkingDay(d.format('YYYY-MM-DD'))) left--;
    }
    return d.format('YYYY-MM-DD');
  }

  /**
   * Working days after `from` up to and including `to` — the inverse of addWorkingDays:
   * workingDaysBetween(d, addWorkingDays(d, n)) === n. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    assertIsoDate(from);
    assertIsoDate(to);
    if (to < from) return -this.workingDaysBetween(to, from);
    // O(1) weekday arithmetic plus the (few) published exceptions in range: due lists call this per row.
    const a = epochDay(from);
    const b = epochDay(to);
    let n = weekdaysUpTo(b) - weekdaysUpTo(a);
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      const e = this.year(y);
      for (const d of e.holidaysSorted) if (d > from && d <= to && isWeekday(d)) n--;
      for (const d of e.workdaysSorted) if (d > from && d <= to && !isWeekday(d)) n++;
    }
    return n;
  }

}

function epochDay(iso: string): number {
  return Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
}

function isWeekday(iso: string): boolean {
  const dow = (epochDay(iso) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return dow !== 0 && dow !== 6;
}

/** Monday–Friday days in [epoch day 0 .. day], for day ≥ 0. */
function weekdaysUpTo(day: number): number {
  const weeks = Math.floor((day + 1) / 7);
  let n = weeks * 5;
  for (let d = weeks * 7; d <= day; d++) {
    const dow = (d + 4) % 7;
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}
