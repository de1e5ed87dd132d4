/**
 * 办不成事 reports on the hub: taken at any counter (首问负责: the taker owns it), moved through
 * 受理 → 研判 → 办理 → 反馈 → 归档 by the rules of main/core/assist/report-rules.ts, each step with
 * its owner, and overdue ones listed for the supervisors (computed on the hub's day).
 */
import { DeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import {
  type AdvanceReportRequest, type ReportDeadlines, type ReportStep, type TakeReportRequest, type UnresolvedReport,
} from '../../../common/assist/reports';
import type { HolidayCalendar } from '../../core/calendar';
import { advance, isOverdue, reportDeadlines } from '../../core/assist/report-rules';
import { readSettings, type AssistStore, type ReportRow as Row } from './store';

/**
 * The holiday calendar, loaded when a report first needs it: its bundled JSON is imported by the
 * calendar module, and loading that eagerly with the hub would make every process that embeds a hub
 * (the e2e runner's own, whose loader takes no JSON imports) pay for it or fail on it.
 */
let calendarModule: Promise<typeof import('../../core/calendar')> | null = null;
const calendar = async (): Promise<HolidayCalendar> => (await (calendarModule ??= import('../../core/calendar'))).currentCalendar();

export class ReportDesk {
  /** The records live beside the assistance's, in the same store (SQLite file or the shared PostgreSQL). */
  constructor(private readonly store: AssistStore, private readonly now: () => number) {}

  private of(r: Row, cal: HolidayCalendar): UnresolvedReport {
    const deadlines = JSON.parse(r.deadlines) as ReportDeadlines;
    return {
      id: r.id, key: r.request_key, kind: r.kind, counter: r.counter, takenBy: { staffNo: r.taken_by_no, name: r.taken_by_name },
      owner: { staffNo: r.owner_no, name: r.owner_name }, applicant: r.applicant, contact: r.contact, itemName: r.item_name,
      description: r.description, assistId: r.assist_id, state: r.state, takenDay: r.taken_day, takenAt: r.taken_at, deadlines,
      steps: JSON.parse(r.steps) as ReportStep[], overdue: isOverdue(r.state, deadlines, hallDay(this.now())),
      provisional: cal.provisionalYears(r.taken_day, deadlines.archived ?? r.taken_day).length > 0,
    };
  }

  async get(id: number): Promise<UnresolvedReport> {
    const r = await this.store.getReport(id);
    if (!r) throw new DeskError('UNKNOWN_REPORT', `没有编号为 ${id} 的办不成事反映。`);
    return this.of(r, await calendar());
  }

  /** Takes a report (idempotent on its key); the taker is its owner until it is assigned. */
  async take(req: TakeReportRequest): Promise<UnresolvedReport> {
    const cal = await calendar();
    const seen = await this.store.reportByKey(req.key);
    if (seen) return this.of(seen, cal);
    const at = Math.min(req.at ?? this.now(), this.now());
    const day = hallDay(at);
    const { deadlines } = reportDeadlines(cal, day, (await readSettings(this.store)).reports);
    const steps: ReportStep[] = [{ state: 'accepted', owner: req.by, at, note: '' }];
    const row = await this.store.insertReport({
      request_key: req.key, kind: req.kind, counter: req.counter, taken_by_no: req.by.staffNo, taken_by_name: req.by.name, owner_no: req.by.staffNo,
      owner_name: req.by.name, applicant: req.applicant, contact: req.contact, item_name: req.itemName, description: req.description, assist_id: req.assistId,
      state: 'accepted', taken_day: day, taken_at: at, deadlines: JSON.stringify(deadlines), steps: JSON.stringify(steps),
    });
    // The same report taken through another hub process a moment ago: its record is the answer.
    return this.of(row ?? (await this.store.reportByKey(req.key))!, cal);
  }

  async advance(id: number, req: AdvanceReportRequest, supervisor: boolean): Promise<UnresolvedReport> {
    const cur = await this.get(id);
    const { step, owner } = advance(cur, req, this.now(), { supervisor });
    const steps = [...cur.steps, step];
    const r = await this.store.advanceReport(id, cur.state, { state: req.to, owner_no: owner.staffNo, owner_name: owner.name, steps });
    if (!r) throw new DeskError('REPORT_STEP', '该反映刚被他人推进，请刷新后重试。');
    return this.of(r, await calendar());
  }

  /** Open reports (not archived), the overdue first, then by the current state's deadline. */
  async open(): Promise<UnresolvedReport[]> {
    const cal = await calendar();
    const all = (await this.store.openReports()).map((r) => this.of(r, cal));
    return all.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadlines[a.state] ?? '').localeCompare(b.deadlines[b.state] ?? ''));
  }
}
