import { afterEach, describe, expect, it } from 'vitest';
import {
  addWorkingDays, currentCalendar, isWorkingDay, loadCalendar, provisionalReason, resetCalendar, statutoryYear, workingDaysBetween, HolidayCalendar,
} from '../../../main/core/calendar';
import bundled from '../../../resources/calendar/cn-holidays.json';

afterEach(() => resetCalendar());

describe('2026 arrangement (国务院办公厅 2025-11-04)', () => {
  it('Spring Festival 2026-02-15..23 is off, make-up Saturdays 02-14 and 02-28 are working', () => {
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday
    expect(isWorkingDay('2026-02-28')).toBe(true); // Saturday
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
  });

  it('counts working days across the Spring Festival', () => {
    expect(addWorkingDays('2026-02-12', 1)).toBe('2026-02-13');
    expect(addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    expect(addWorkingDays('2026-02-13', 6)).toBe('2026-02-28');
    expect(addWorkingDays('2026-02-13', 7)).toBe('2026-03-02');
  });

  it('National Day 10-01..07 is off; Sunday 09-20 and Saturday 10-10 are working; mid-autumn 09-25..27 off', () => {
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-09-25')).toBe(false);
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
    expect(addWorkingDays('2026-09-24', 1)).toBe('2026-09-28');
  });

  it('Labour Day with make-up Saturday 05-09, and New Year with make-up Sunday 01-04', () => {
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(isWorkingDay('2026-05-09')).toBe(true);
    expect(isWorkingDay('2026-01-02')).toBe(false);
    expect(isWorkingDay('2026-01-04')).toBe(true);
  });
});

describe('across year ends', () => {
  it('2025 → 2026: 12-31 then New Year off, Sunday 01-04 working', () => {
    expect(addWorkingDays('2025-12-30', 1)).toBe('2025-12-31');
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    expect(workingDaysBetween('2025-12-31', '2026-01-05')).toBe(2);
  });

  it('2024 → 2025 and 2025 Spring Festival make-up days', () => {
    expect(addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
    expect(isWorkingDay('2025-02-08')).toBe(true);
  });

  it('2027 (no notice imported) keeps the holidays that hold by law, marked provisional', () => {
    const cal = currentCalendar();
    expect(cal.covers(2027)).toBe(false);
    expect(isWorkingDay('2027-01-01')).toBe(false); // 元旦, a Friday
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    // 春节 2027: 除夕 02-05 (Fri) … 初三 02-08 (Mon); 初一 and 初二 fall on the weekend → 补假 02-09, 02-10.
    for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2027-02-11')).toBe(true);
    expect(isWorkingDay('2027-04-05')).toBe(false); // 清明 (solar term)
    expect(isWorkingDay('2027-06-09')).toBe(false); // 端午, lunar 5/5
    expect(isWorkingDay('2027-09-15')).toBe(false); // 中秋, lunar 8/15
    for (const d of ['2027-10-01', '2027-10-04', '2027-10-05']) expect(isWorkingDay(d), d).toBe(false); // 10-02/03 are a weekend → 补假
    expect(isWorkingDay('2027-10-06')).toBe(true);
    const r = cal.addWorkingDaysDetailed('2026-12-01', 20);
    expect(r.provisionalYears).toEqual([]);
    const across = cal.addWorkingDaysDetailed('2026-12-15', 20);
    expect(across.provisionalYears).toEqual([2027]);
    expect(provisionalReason(across.provisionalYears)).toContain('2027年放假安排尚未导入');
  });

  it('the statutory rule reproduces what the law fixes in a published year (2026: 元旦, 春节 除夕–初三, 清明, 端午, 中秋)', () => {
    const law = statutoryYear(2026);
    for (const d of ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-04-05', '2026-06-19', '2026-09-25', '2026-10-01']) {
      expect(law.holidays, d).toContain(d);
    }
    expect(law.names['2026-04-06']).toBe('清明节补假'); // 清明 2026 is a Sunday
    // Every day the law gives is also off in the published arrangement (the notice only adds to it).
    const published = new HolidayCalendar(bundled as any);
    for (const d of law.holidays) expect(published.isWorkingDay(d), d).toBe(false);
  });

  it('supervisors are warned from 1 November that next year is not imported', () => {
    const cal = currentCalendar();
    expect(cal.importWarning('2026-10-31')).toBeNull();
    expect(cal.importWarning('2026-11-01')).toEqual({ year: 2027, message: expect.stringContaining('2027年放假安排尚未导入') });
    expect(cal.importWarning('2027-03-01')?.year).toBe(2027);
  });
});

describe('workingDaysBetween is the inverse of addWorkingDays', () => {
  it('holds for many starts and lengths', () => {
    for (const start of ['2026-02-10', '2026-09-15', '2025-12-25', '2024-09-28']) {
      for (const n of [0, 1, 5, 20, 60]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
    expect(workingDaysBetween('2026-03-02', '2026-02-27')).toBe(-2); // 02-28 make-up Saturday and 03-02
  });
});

describe('bad input and calendar updates', () => {
  it('refuses bad dates and day counts with DeskErrors', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(expect.objectContaining({ code: 'CALENDAR_BAD_DATE' }));
    expect(() => isWorkingDay('20260201')).toThrow(expect.objectContaining({ code: 'CALENDAR_BAD_DATE' }));
    expect(() => addWorkingDays('2026-01-01', -1)).toThrow(expect.objectContaining({ code: 'CALENDAR_BAD_DAYS' }));
    expect(() => addWorkingDays('2026-01-01', 1.5)).toThrow(expect.objectContaining({ code: 'CALENDAR_BAD_DAYS' }));
  });

  it('loads a valid hub calendar with an extra year and uses it', () => {
    const next = structuredClone(bundled) as any;
    next.years['2027'] = { holidays: ['2027-01-01'], workdays: [] };
    loadCalendar(next);
    expect(currentCalendar().covers(2027)).toBe(true);
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    // The imported arrangement replaces the statutory fallback: it gives only 01-01, so 02-05 works now.
    expect(isWorkingDay('2027-02-05')).toBe(true);
    expect(currentCalendar().importWarning('2026-12-01')).toBeNull();
  });

  it('refuses malformed or shrunk calendars and keeps the old one', () => {
    expect(() => loadCalendar({ years: { '2026': { holidays: ['2026-13-01x'], workdays: [] } } })).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID' }));
    expect(() => loadCalendar({ years: { '2026': { holidays: ['2025-01-01'], workdays: [] } } })).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID' }));
    expect(() => loadCalendar({ years: { '2026': { holidays: [], workdays: [] } } })).toThrow(expect.objectContaining({ code: 'CALENDAR_SHRUNK' }));
    expect(isWorkingDay('2026-02-16')).toBe(false);
    expect(() => HolidayCalendar.parse('nope')).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID' }));
  });
});

describe('workingDaysBetween (arithmetic) agrees with day-by-day counting', () => {
  it('over pseudo-random ranges in 2023–2027 (2023 and 2027 statutory)', () => {
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const day = (n: number) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 200; i++) {
      const a = Math.floor(rnd() * 1500);
      const b = a + Math.floor(rnd() * 300);
      let naive = 0;
      for (let d = a + 1; d <= b; d++) if (isWorkingDay(day(d))) naive++;
      expect(workingDaysBetween(day(a), day(b)), `${day(a)}..${day(b)}`).toBe(naive);
    }
  });
});
