import dayjs from 'dayjs';
import { DeskError } from '../errors';
import { holidayCalendarSchema, type HolidayCalendarData } from './schema';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function assertIsoDate(date: string): void {
  if (typeof date !== 'string' || !DATE_RE.test(date) || dayjs(date).format('YYYY-MM-DD') !== date) {
    throw new DeskError('CALENDAR_BAD_DATE', `日期“${String(date)}”无效，请使用 YYYY-MM-DD 格式的真实日期。`);
  }
}

/**
 * Working days under the published arrangement. Years the data does not cover fall back to
 * Monday–Friday (so a case accepted in late December still gets a due date before next year's
 * arrangement is published); `covers(year)` lets callers warn that such a date is provisional.
 */
export class HolidayCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly years = new Set<number>();
  private readonly holidaysSorted: string[];
  private readonly workdaysSorted: string[];

  constructor(readonly data: HolidayCalendarData) {
    for (const [year, y] of Object.entries(data.years)) {
      this.years.add(Number(year));
      y.holidays.forEach((d) => this.holidays.add(d));
      y.workdays.forEach((d) => this.workdays.add(d));
    }
    this.holidaysSorted = [...this.holidays].sort();
    this.workdaysSorted = [...this.workdays].sort();
  }

  /** Validates untrusted JSON (e.g. the hub's feed) before it can change any due date. */
  static parse(json: unknown): HolidayCalendar {
    const r = holidayCalendarSchema.safeParse(json);
    if (!r.success) {
      throw new DeskError('CALENDAR_INVALID', `节假日日历数据格式不正确（${r.error.issues[0]?.message ?? '未知错误'}），已继续使用原日历，请联系管理员核对大厅服务器上的日历。`);
    }
    return new HolidayCalendar(r.data);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  isWorkingDay(date: string): boolean {
    assertIsoDate(date);
    if (this.holidays.has(date)) return false;
    if (this.workdays.has(date)) return true;
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
    for (const d of this.holidaysSorted) if (d > from && d <= to && isWeekday(d)) n--;
    for (const d of this.workdaysSorted) if (d > from && d <= to && !isWeekday(d)) n++;
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
