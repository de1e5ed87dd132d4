/**
 * The rules of a 办不成事 report: each state's working-day deadline (across holidays and make-up
 * days, main/core/calendar), which move is allowed, and when one is overdue. Pure: the hub's
 * store applies them (main/hub/assist/reports.ts), the tests call them directly.
 */
import { DeskError } from '../../../common/errors';
import { REPORT_STATES, ReportSettings, type AdvanceReportRequest, type ReportDeadlines, type ReportState, type ReportStep } from '../../../common/assist/reports';
import type { HolidayCalendar } from '../calendar';

export const DEFAULT_REPORT_SETTINGS: ReportSettings = ReportSettings.parse({});

const STATE_NAMES: Record<ReportState, string> = { accepted: '受理', judging: '研判', handling: '办理', feedback: '反馈', archived: '归档' };
export const reportStateName = (s: ReportState) => STATE_NAMES[s];

/** The day each state must be finished by, counted in working days from the day it was taken. */
export function reportDeadlines(cal: HolidayCalendar, takenDay: string, s: ReportSettings = DEFAULT_REPORT_SETTINGS): { deadlines: ReportDeadlines; provisional: boolean } {
  // Taken on a rest day: the count starts from the next working day (受理 is due that day).
  const start = cal.isWorkingDay(takenDay) ? takenDay : cal.addWorkingDays(takenDay, 1);
  const days: Record<ReportState, number> = { accepted: s.acceptDays, judging: s.judgeDays, handling: s.handleDays, feedback: s.feedbackDays, archived: s.archiveDays };
  // A later state is never due before an earlier one, whatever the settings say.
  let floor = 0;
  const deadlines = {} as Record<ReportState, string>;
  for (const st of REPORT_STATES) {
    floor = Math.max(floor, days[st]);
    deadlines[st] = cal.addWorkingDays(start, floor);
  }
  return { deadlines, provisional: cal.provisionalYears(takenDay, deadlines.archived).length > 0 };
}

/** Past the current state's deadline (an archived report is never overdue). */
export function isOverdue(state: ReportState, deadlines: ReportDeadlines, today: string): boolean {
  if (state === 'archived') return false;
  const due = deadlines[state];
  return due !== undefined && today > due;
}

/**
 * Checks one move and returns the step to record and the owner after it. Only the next state;
 * only the owner or a supervisor moves it; 办理 and 反馈 are left only with a record of what was
 * done and what the applicant was told; the owner changes only by an explicit assignment.
 */
export function advance(
  current: { state: ReportState; owner: { staffNo: string; name: string } },
  req: AdvanceReportRequest,
  at: number,
  opts: { supervisor: boolean },
): { step: ReportStep; owner: { staffNo: string; name: string } } {
  const from = REPORT_STATES.indexOf(current.state);
  const to = REPORT_STATES.indexOf(req.to);
  if (current.state === 'archived') throw new DeskError('REPORT_CLOSED', '该办不成事反映已归档，不能再变更。');
  if (to !== from + 1) {
    throw new DeskError('REPORT_STEP', `办不成事反映须按“受理→研判→办理→反馈→归档”逐步推进：当前为“${STATE_NAMES[current.state]}”，下一步应为“${STATE_NAMES[REPORT_STATES[from + 1]]}”，不能转为“${STATE_NAMES[req.to]}”。`);
  }
  if (current.owner.staffNo !== req.by.staffNo && !opts.supervisor) {
    throw new DeskError('REPORT_NOT_OWNER', `该反映由${current.owner.name}（${current.owner.staffNo}）负责（首问负责），只有负责人或值班主任可以推进。`);
  }
  if ((current.state === 'handling' || current.state === 'feedback') && !req.note) {
    throw new DeskError('REPORT_NOTE_REQUIRED', current.state === 'handling' ? '请填写办理情况后再转入反馈。' : '请填写向反映人反馈的结果（时间、方式、反映人意见）后再归档。');
  }
  const owner = req.owner ?? current.owner;
  return { step: { state: req.to, owner, at, note: req.note }, owner };
}
