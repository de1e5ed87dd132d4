import { describe, expect, it } from 'vitest';
import { bundledCalendar } from '../../../main/core/calendar';
import { advance, DEFAULT_REPORT_SETTINGS, isOverdue, reportDeadlines } from '../../../main/core/assist/report-rules';
import { ReportSettings } from '../../../common/assist/reports';

const cal = bundledCalendar();
const clerk = { staffNo: '1001', name: '王敏' };
const other = { staffNo: '1002', name: '李强' };

describe('办不成事 deadlines in working days across the 2026 holidays and make-up days', () => {
  it('default: 受理 the same day, 研判 1, 办理 4, 反馈 5, 归档 10 — through the Spring Festival and its make-up Saturdays', () => {
    // Fri 13 Feb; Sat 14 Feb is a make-up working day; 15–23 Feb are the holiday; Sat 28 Feb works.
    expect(reportDeadlines(cal, '2026-02-13').deadlines).toEqual({
      accepted: '2026-02-13', judging: '2026-02-14', handling: '2026-02-26', feedback: '2026-02-27', archived: '2026-03-05',
    });
  });

  it('a report taken on a holiday counts from the next working day (中秋 2026-09-26 → Mon 28 Sep)', () => {
    const { deadlines } = reportDeadlines(cal, '2026-09-26');
    expect(deadlines.accepted).toBe('2026-09-28');
    // 29, 30 Sep, then 8, 9 Oct and the make-up Saturday 10 Oct.
    expect(deadlines.feedback).toBe('2026-10-10');
  });

  it('the National Day week is skipped (taken Wed 30 Sep → feedback Tue 13 Oct)', () => {
    expect(reportDeadlines(cal, '2026-09-30').deadlines.feedback).toBe('2026-10-13');
  });

  it('takes the feedback days from the settings, and never lets a later state fall before an earlier one', () => {
    const s = ReportSettings.parse({ feedbackDays: 3, handleDays: 6 });
    const d = reportDeadlines(cal, '2026-03-02', s).deadlines;
    expect(d.handling).toBe('2026-03-10');
    expect(d.feedback).toBe('2026-03-10');
    expect(DEFAULT_REPORT_SETTINGS.feedbackDays).toBe(5);
  });

  it('says 暂定 when a deadline reaches a year whose arrangement was not imported', () => {
    expect(reportDeadlines(cal, '2026-03-02').provisional).toBe(false);
    const years = cal.coveredYears();
    const last = Math.max(...years);
    expect(reportDeadlines(cal, `${last}-12-28`).provisional).toBe(true);
  });

  it('is overdue only after the current state’s day, never once archived', () => {
    const d = reportDeadlines(cal, '2026-02-13').deadlines;
    expect(isOverdue('judging', d, '2026-02-14')).toBe(false);
    expect(isOverdue('judging', d, '2026-02-15')).toBe(true);
    expect(isOverdue('feedback', d, '2026-02-27')).toBe(false);
    expect(isOverdue('feedback', d, '2026-02-28')).toBe(true);
    expect(isOverdue('archived', d, '2027-01-01')).toBe(false);
  });
});

describe('办不成事 state rules', () => {
  const at = Date.parse('2026-03-02T10:00:00+08:00');
  it('moves one state at a time, 受理 → 研判 → 办理 → 反馈 → 归档', () => {
    expect(() => advance({ state: 'accepted', owner: clerk }, { to: 'handling', by: clerk, note: '' }, at, { supervisor: false })).toThrow(/下一步应为“研判”/);
    expect(() => advance({ state: 'judging', owner: clerk }, { to: 'accepted', by: clerk, note: '' }, at, { supervisor: false })).toThrow(/逐步推进/);
    expect(advance({ state: 'accepted', owner: clerk }, { to: 'judging', by: clerk, note: '' }, at, { supervisor: false }).step).toEqual({ state: 'judging', owner: clerk, at, note: '' });
  });

  it('首问负责: the owner keeps it until assigned; another clerk cannot move it, a supervisor can', () => {
    expect(() => advance({ state: 'accepted', owner: clerk }, { to: 'judging', by: other, note: '' }, at, { supervisor: false })).toThrow(/王敏（1001）负责/);
    expect(advance({ state: 'accepted', owner: clerk }, { to: 'judging', by: other, note: '' }, at, { supervisor: true }).owner).toEqual(clerk);
    expect(advance({ state: 'accepted', owner: clerk }, { to: 'judging', by: clerk, owner: other, note: '' }, at, { supervisor: false }).owner).toEqual(other);
  });

  it('leaves 办理 and 反馈 only with a record, and nothing moves an archived report', () => {
    expect(() => advance({ state: 'handling', owner: clerk }, { to: 'feedback', by: clerk, note: '' }, at, { supervisor: false })).toThrow('请填写办理情况后再转入反馈。');
    expect(() => advance({ state: 'feedback', owner: clerk }, { to: 'archived', by: clerk, note: '' }, at, { supervisor: false })).toThrow(/反馈的结果/);
    expect(advance({ state: 'feedback', owner: clerk }, { to: 'archived', by: clerk, note: '3月5日电话告知，反映人满意' }, at, { supervisor: false }).step.state).toBe('archived');
    expect(() => advance({ state: 'archived', owner: clerk }, { to: 'archived', by: clerk, note: 'x' }, at, { supervisor: true })).toThrow('该办不成事反映已归档，不能再变更。');
  });
});
