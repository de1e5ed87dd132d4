import { DeskError } from '../../../common/errors';
import type { HolidayCalendar } from '../calendar';

/**
 * Every 差评 is followed up under Shanghai's 「1、5、15」: the applicant is contacted (回访) within
 * 1 working day, a simple problem is put right (整改) within 5, a complex one within 15 — counted in
 * working days from the day of the rating, through the State Council's holidays and make-up days.
 */
export const FOLLOWUP_DAYS = { contact: 1, simple: 5, complex: 15 } as const;

export interface FollowUpDeadlines {
  contact: string;
  simple: string;
  complex: string;
  /** Years counted through whose arrangement is not imported: the dates are 暂定 until it is. */
  provisionalYears: number[];
}

export function followUpDeadlines(cal: HolidayCalendar, ratedDay: string): FollowUpDeadlines {
  const contact = cal.addWorkingDaysDetailed(ratedDay, FOLLOWUP_DAYS.contact);
  const simple = cal.addWorkingDaysDetailed(ratedDay, FOLLOWUP_DAYS.simple);
  const complex = cal.addWorkingDaysDetailed(ratedDay, FOLLOWUP_DAYS.complex);
  const years = [...new Set([...contact.provisionalYears, ...simple.provisionalYears, ...complex.provisionalYears])].sort();
  return { contact: contact.date, simple: simple.date, complex: complex.date, provisionalYears: years };
}

export const STEPS = ['contact', 'rectify'] as const;
export type StepKind = (typeof STEPS)[number];
export const STEP_NAMES: Record<StepKind, string> = { contact: '回访', rectify: '整改' };
export type Complexity = 'simple' | 'complex';

export interface StepRecord {
  step: StepKind;
  owner: string;
  record: string;
  doneDay: string;
}

export interface FollowUpFacts {
  state: 'open' | 'closed';
  deadlines: Pick<FollowUpDeadlines, 'contact' | 'simple' | 'complex'>;
  complexity: Complexity | null;
  steps: readonly StepRecord[];
}

/** The deadline the follow-up is working to now: 回访 first, then 整改 by the problem's kind (complex until judged simple). */
export function currentDue(f: FollowUpFacts): { step: StepKind; due: string } | null {
  if (f.state === 'closed') return null;
  if (!f.steps.some((s) => s.step === 'contact')) return { step: 'contact', due: f.deadlines.contact };
  if (!f.steps.some((s) => s.step === 'rectify')) return { step: 'rectify', due: f.complexity === 'simple' ? f.deadlines.simple : f.deadlines.complex };
  return null;
}

/** Overdue on `today` when the step it waits for is past its deadline (the deadline day itself is still in time). */
export function isOverdue(f: FollowUpFacts, today: string): boolean {
  const d = currentDue(f);
  return d !== null && today > d.due;
}

/** A step recorded late is kept, and says so. */
export function stepLate(f: FollowUpFacts, s: StepRecord): boolean {
  const due = s.step === 'contact' ? f.deadlines.contact : f.complexity === 'simple' ? f.deadlines.simple : f.deadlines.complex;
  return s.doneDay > due;
}

export function checkStep(f: FollowUpFacts, step: StepKind, owner: string, record: string, complexity: Complexity | null): void {
  if (f.state === 'closed') throw new DeskError('FOLLOWUP_CLOSED', '该差评回访整改已办结，不能再添加记录。');
  if (!owner.trim()) throw new DeskError('FOLLOWUP_OWNER_REQUIRED', `请填写${STEP_NAMES[step]}的责任人。`);
  if (!record.trim()) throw new DeskError('FOLLOWUP_RECORD_REQUIRED', `请填写${STEP_NAMES[step]}记录（做了什么、结果如何）。`);
  if (f.steps.some((s) => s.step === step)) throw new DeskError('FOLLOWUP_STEP_DONE', `${STEP_NAMES[step]}已记录，不能重复记录。`);
  if (step === 'rectify') {
    if (!f.steps.some((s) => s.step === 'contact')) throw new DeskError('FOLLOWUP_STEP_ORDER', '请先记录回访（联系申请人核实情况），再记录整改。');
    if (!complexity) throw new DeskError('FOLLOWUP_COMPLEXITY_REQUIRED', '请选择整改问题属于简单问题（5 个工作日）还是复杂问题（15 个工作日）。');
  }
}

/** Closing needs every step, the applicant's answer (回访整改满意 or not) and the reply to them. */
export function checkClose(f: FollowUpFacts, satisfied: boolean | null, reply: string): void {
  if (f.state === 'closed') throw new DeskError('FOLLOWUP_CLOSED', '该差评回访整改已办结。');
  const missing = STEPS.filter((s) => !f.steps.some((x) => x.step === s)).map((s) => STEP_NAMES[s]);
  if (missing.length) throw new DeskError('FOLLOWUP_STEP_MISSING', `还缺少${missing.join('、')}记录，不能办结；请先补齐每一步的责任人和记录。`);
  if (satisfied === null) throw new DeskError('FOLLOWUP_ANSWER_REQUIRED', '请记录申请人对回访整改是否满意。');
  if (!reply.trim()) throw new DeskError('FOLLOWUP_REPLY_REQUIRED', '请填写给申请人的答复。');
}
