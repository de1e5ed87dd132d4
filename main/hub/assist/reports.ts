/**
 * 办不成事 reports on the hub: taken at any counter (首问负责: the taker owns it), moved through
 * 受理 → 研判 → 办理 → 反馈 → 归档 by the rules of main/core/assist/report-rules.ts, each step with
 * its owner, and overdue ones listed for the supervisors (computed on the hub's day).
 */
import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import {
  ReportSettings, type AdvanceReportRequest, type ReportDeadlines, type ReportStep, type TakeReportRequest, type UnresolvedReport,
} from '../../../common/assist/reports';
import type { HolidayCalendar } from '../../core/calendar';
import { advance, isOverdue, reportDeadlines } from '../../core/assist/report-rules';

interface Row {
  id: number; request_key: string; kind: UnresolvedReport['kind']; counter: number | null; taken_by_no: string; taken_by_name: string;
  owner_no: string; owner_name: string; applicant: string; contact: string; item_name: string | null; description: string;
  assist_id: number | null; state: UnresolvedReport['state']; taken_day: string; taken_at: number; deadlines: string; steps: string;
}

/**
 * The holiday calendar, loaded when a report first needs it: its bundled JSON is imported by the
 * calendar module, and loading that eagerly with the hub would make every process that embeds a hub
 * (the e2e runner's own, whose loader takes no JSON imports) pay for it or fail on it.
 */
let calendarModule: Promise<typeof import('../../core/calendar')> | null = null;
const calendar = async (): Promise<HolidayCalendar> => (await (calendarModule ??= import('../../core/calendar'))).currentCalendar();

export class ReportDesk {
  settings: ReportSettings = ReportSettings.parse({});

  constructor(private readonly db: Database.Database, private readonly now: () => number) {}

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
    const r = this.db.prepare(`SELECT * FROM unresolved_reports WHERE id = ?`).get(id) as Row | undefined;
    if (!r) throw new DeskError('UNKNOWN_REPORT', `没有编号为 ${id} 的办不成事反映。`);
    return this.of(r, await calendar());
  }

  /** Takes a report (idempotent on its key); the taker is its owner until it is assigned. */
  async take(req: TakeReportRequest): Promise<UnresolvedReport> {
    const cal = await calendar();
    const seen = this.db.prepare(`SELECT * FROM unresolved_reports WHERE request_key = ?`).get(req.key) as Row | undefined;
    if (seen) return this.of(seen, cal);
    const at = Math.min(req.at ?? this.now(), this.now());
    const day = hallDay(at);
    const { deadlines } = reportDeadlines(cal, day, this.settings);
    const steps: ReportStep[] = [{ state: 'accepted', owner: req.by, at, note: '' }];
    const info = this.db.prepare(`INSERT INTO unresolved_reports (request_key, kind, counter, taken_by_no, taken_by_name, owner_no, owner_name, applicant, contact,
        item_name, description, assist_id, state, taken_day, taken_at, deadlines, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?)`).run(
      req.key, req.kind, req.counter, req.by.staffNo, req.by.name, req.by.staffNo, req.by.name, req.applicant, req.contact, req.itemName,
      req.description, req.assistId, day, at, JSON.stringify(deadlines), JSON.stringify(steps));
    return this.get(Number(info.lastInsertRowid));
  }

  async advance(id: number, req: AdvanceReportRequest, supervisor: boolean): Promise<UnresolvedReport> {
    const cur = await this.get(id);
    const { step, owner } = advance(cur, req, this.now(), { supervisor });
    const steps = [...cur.steps, step];
    const r = this.db.prepare(`UPDATE unresolved_reports SET state = ?, owner_no = ?, owner_name = ?, steps = ? WHERE id = ? AND state = ? RETURNING *`)
      .get(req.to, owner.staffNo, owner.name, JSON.stringify(steps), id, cur.state) as Row | undefined;
    if (!r) throw new DeskError('REPORT_STEP', '该反映刚被他人推进，请刷新后重试。');
    return this.of(r, await calendar());
  }

  /** Open reports (not archived), the overdue first, then by the current state's deadline. */
  async open(): Promise<UnresolvedReport[]> {
    const cal = await calendar();
    const all = (this.db.prepare(`SELECT * FROM unresolved_reports WHERE state != 'archived' ORDER BY taken_at`).all() as Row[]).map((r) => this.of(r, cal));
    return all.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadlines[a.state] ?? '').localeCompare(b.deadlines[b.state] ?? ''));
  }
}
