import { describe, expect, it } from 'vitest';
import { bundledCalendar, HolidayCalendar } from '../../../main/core/calendar';
import { currentDue, followUpDeadlines, isOverdue, stepLate, type FollowUpFacts } from '../../../main/core/rating';

const cal = bundledCalendar();

describe('差评 follow-up deadlines 「1、5、15」 in working days (2026 State Council arrangement)', () => {
  it('counts the Spring Festival make-up Saturdays and skips the nine days off', () => {
    // Fri 13 Feb; Sat 14 Feb is a make-up working day; 15–23 Feb off; Sat 28 Feb works again.
    expect(followUpDeadlines(cal, '2026-02-13')).toEqual({ contact: '2026-02-14', simple: '2026-02-27', complex: '2026-03-12', provisionalYears: [] });
  });

  it('runs across National Day: 1–7 Oct off, Sat 10 Oct worked', () => {
    expect(followUpDeadlines(cal, '2026-09-30')).toEqual({ contact: '2026-10-08', simple: '2026-10-13', complex: '2026-10-27', provisionalYears: [] });
  });

  it('a rating on Friday before the Mid-Autumn make-up Sunday is contacted on that Sunday', () => {
    // Sun 20 Sep 2026 is worked (for Fri 25 Sep off).
    const d = followUpDeadlines(cal, '2026-09-18');
    expect(d.contact).toBe('2026-09-20');
    expect(d.simple).toBe('2026-09-24');
    // 28–30 Sep (6–8), 1–7 Oct off, 8–9 Oct, Sat 10 Oct, 12–15 Oct.
    expect(d.complex).toBe('2026-10-15');
  });

  it('New Year: 1–3 Jan off, Sun 4 Jan worked', () => {
    expect(followUpDeadlines(cal, '2025-12-31').contact).toBe('2026-01-04');
  });

  it('on an ordinary week: the next working day, then a week, then three weeks', () => {
    expect(followUpDeadlines(cal, '2026-03-02')).toEqual({ contact: '2026-03-03', simple: '2026-03-09', complex: '2026-03-23', provisionalYears: [] });
  });

  it('says 暂定 for dates counted through a year whose arrangement is not imported', () => {
    const d = followUpDeadlines(cal, '2026-12-28');
    expect(d.provisionalYears).toEqual([2027]);
    // The statutory fallback still keeps 1 Jan 2027 off.
    expect(d.simple).toBe('2027-01-05');
  });

  it('follows an imported calendar, not the bundled one', () => {
    const custom = new HolidayCalendar({ years: { 2026: { holidays: ['2026-03-03'], workdays: [] } } });
    expect(followUpDeadlines(custom, '2026-03-02').contact).toBe('2026-03-04');
  });
});

describe('where a follow-up stands', () => {
  const base: FollowUpFacts = { state: 'open', deadlines: { contact: '2026-02-14', simple: '2026-02-27', complex: '2026-03-12' }, complexity: null, steps: [] };

  it('waits for 回访 first, overdue the day after its deadline', () => {
    expect(currentDue(base)).toEqual({ step: 'contact', due: '2026-02-14' });
    expect(isOverdue(base, '2026-02-14')).toBe(false);
    expect(isOverdue(base, '2026-02-15')).toBe(true);
  });

  it('then 整改 by the problem kind (complex until judged simple)', () => {
    const contacted = { ...base, steps: [{ step: 'contact' as const, owner: '王', record: '已电话联系', doneDay: '2026-02-14' }] };
    expect(currentDue(contacted)).toEqual({ step: 'rectify', due: '2026-03-12' });
    expect(currentDue({ ...contacted, complexity: 'simple' })).toEqual({ step: 'rectify', due: '2026-02-27' });
    expect(isOverdue({ ...contacted, complexity: 'simple' }, '2026-03-02')).toBe(true);
  });

  it('marks a step done after its deadline as late, and a closed follow-up is never overdue', () => {
    const late = { step: 'contact' as const, owner: '王', record: '联系', doneDay: '2026-02-24' };
    expect(stepLate(base, late)).toBe(true);
    expect(isOverdue({ ...base, state: 'closed' }, '2027-01-01')).toBe(false);
  });
});
