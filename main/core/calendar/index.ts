import bundled from '../../../resources/calendar/cn-holidays.json' with { type: 'json' };
import { DeskError } from '../../../common/errors';
import { HolidayCalendar } from './calendar';

export { HolidayCalendar, assertIsoDate, provisionalReason } from './calendar';
export { statutoryYear } from './statutory';
export { holidayCalendarSchema, calendarYearSchema, type HolidayCalendarData } from './schema';

// The bundled arrangement is what a workstation uses until the hub serves a newer one.
let current: HolidayCalendar = HolidayCalendar.parse(bundled);

export function bundledCalendar(): HolidayCalendar {
  return HolidayCalendar.parse(bundled);
}

export function currentCalendar(): HolidayCalendar {
  return current;
}

/**
 * Replaces the calendar with one fetched from the hub. Invalid JSON throws CALENDAR_INVALID and
 * leaves the current calendar in place; a feed covering fewer years than the current one is refused
 * too, so a truncated download can't silently turn holidays into working days.
 */
export function loadCalendar(json: unknown): HolidayCalendar {
  const next = HolidayCalendar.parse(json);
  const missing = current.coveredYears().filter((y) => !next.covers(y));
  if (missing.length) {
    throw new DeskError('CALENDAR_SHRUNK', `新日历缺少 ${missing.join('、')} 年的安排，已继续使用原日历，请联系管理员核对。`);
  }
  current = next;
  return next;
}

export function isWorkingDay(date: string): boolean {
  return current.isWorkingDay(date);
}

export function addWorkingDays(date: string, days: number): string {
  return current.addWorkingDays(date, days);
}

export function workingDaysBetween(from: string, to: string): number {
  return current.workingDaysBetween(from, to);
}

/** Restores the bundled calendar (tests, or an operator undoing a bad feed). */
export function resetCalendar(): void {
  current = bundledCalendar();
}
