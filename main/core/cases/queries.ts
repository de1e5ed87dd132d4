import type { SqlRow } from '../../db/connection';
import type { Database } from 'better-sqlite3';
import { provisionalReason, type HolidayCalendar } from '../calendar';
import { DeskError } from '../../../common/errors';
import { normaliseIdNumber } from '../../../common/identity';
import { agentLine } from './agent';
import { rowToCase, rowToEvent, rowToMaterial, type CaseEvent, type CaseMaterial, type CaseRecord } from './record';
import { nextStep, STATE_LABELS, type CaseState } from './states';

export interface CaseDetail extends CaseRecord {
  materials: CaseMaterial[];
  events: CaseEvent[];
  /** Why the due date is only provisional (暂定), or null when it is final. */
  dueProvisional: string | null;
  /**
   * Attachments whose file this machine does not hold yet (a case restored or taken over from the
   * hub: sync/case-file-fetch.ts): 'pending' while it is being fetched, 'absent' when the hub has none.
   */
  awaitedFiles?: Record<string, 'pending' | 'absent'>;
}

export interface ProgressEntry {
  caseNumber: string | null;
  itemName: string;
  scenarioName: string;
  applicantName: string;
  state: CaseState;
  stateLabel: string;
  nextStep: string;
  acceptedDate: string | null;
  dueDate: string | null;
  dueProvisional: string | null;
}

export interface CaseListRow {
  id: string;
  caseNumber: string | null;
  state: CaseState;
  stateLabel: string;
  itemName: string;
  applicantName: string;
  /** 「张三丰（委托代理人）」, or null when the applicant came in person. */
  agent: string | null;
  createdAt: string;
  dueDate: string | null;
  dueProvisional: string | null;
}

export interface CaseListPage {
  rows: CaseListRow[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface DueEntry {
  id: string;
  caseNumber: string;
  itemName: string;
  applicantName: string;
  state: CaseState;
  dueDate: string;
  /** Working days left (0 = due today); negative when overdue. */
  workingDaysLeft: number;
  dueProvisional: string | null;
}

const LIST_COLS = 'id, case_number, state, item_name, applicant_name, agent_name, agent_relation, created_at, accepted_date, due_date';

/** The 暂定 note for a due date counted from `from`: set while any year in between has no imported arrangement. */
export function dueProvisional(cal: HolidayCalendar, from: string | null, due: string | null): string | null {
  if (!due) return null;
  const years = cal.provisionalYears(from && from < due ? from : due, due);
  return years.length ? provisionalReason(years) : null;
}

export function caseQueries(db: Database, calendar: () => HolidayCalendar) {
  const materials = (caseId: string): CaseMaterial[] =>
    (db.prepare('SELECT * FROM case_materials WHERE case_id = ? ORDER BY position').all(caseId) as SqlRow[]).map(rowToMaterial);

  const getCase = (caseId: string): CaseDetail => {
    const r = db.prepare('SELECT * FROM cases WHERE id = ?').get(caseId);
    if (!r) throw new DeskError('CASE_NOT_FOUND', `找不到办件 ${caseId}，请核对后重试。`);
    const events = (db.prepare('SELECT * FROM case_events WHERE case_id = ? ORDER BY at, rowid').all(caseId) as SqlRow[]).map(rowToEvent);
    const c = rowToCase(r);
    const awaited = db.prepare('SELECT attachment_id AS id, state FROM case_file_fetches WHERE case_id = ?').all(caseId) as Array<{ id: string; state: 'pending' | 'absent' }>;
    return {
      ...c, materials: materials(caseId), events, dueProvisional: dueProvisional(calendar(), c.acceptedDate, c.dueDate),
      awaitedFiles: Object.fromEntries(awaited.map((a) => [a.id, a.state])),
    };
  };

  const toProgress = (c: CaseRecord): ProgressEntry => ({
    caseNumber: c.caseNumber,
    itemName: c.itemName,
    scenarioName: c.scenarioName,
    applicantName: c.applicant.name,
    state: c.state,
    stateLabel: c.decision ? `${STATE_LABELS[c.state]}（${c.decision === 'approved' ? '准予' : '不予'}）` : STATE_LABELS[c.state],
    nextStep: nextStep(c.state, { decision: c.decision, instant: c.instant, dueDate: c.dueDate, deficiencyDeadline: c.deficiency?.deadline }),
    acceptedDate: c.acceptedDate,
    dueDate: c.dueDate,
    dueProvisional: dueProvisional(calendar(), c.acceptedDate, c.dueDate),
  });

  return {
    materials,
    getCase,

    findByCaseNumber(caseNumber: string): CaseDetail | null {
      const r = db.prepare('SELECT id FROM cases WHERE case_number = ?').get(caseNumber.trim().toUpperCase()) as { id: string } | undefined;
      return r ? getCase(r.id) : null;
    },

    /** The newest case taken for a queue ticket (`hub:<id>` / `offline:<number>`), or null. */
    findByTicket(ticketRef: string): CaseDetail | null {
      const r = db.prepare('SELECT id FROM cases WHERE ticket_ref = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(ticketRef) as { id: string } | undefined;
      return r ? getCase(r.id) : null;
    },

    /** Progress look-up (“两页”服务 / citizen screen): by case number, or every case of an applicant, newest first. */
    progress(q: { caseNumber?: string; idNumber?: string; creditCode?: string }): ProgressEntry[] {
      let rows: unknown[];
      if (q.caseNumber) {
        // Accept the QR payload as scanned.
        const n = q.caseNumber.trim().replace(/^WD-CASE:/i, '').toUpperCase();
        rows = db.prepare('SELECT * FROM cases WHERE case_number = ?').all(n);
      } else if (q.idNumber) {
        // The applicant's own cases and those they handled as the agent (each side by its own index).
        const n = normaliseIdNumber(q.idNumber);
        rows = db.prepare(`SELECT * FROM cases WHERE id IN (SELECT id FROM cases WHERE applicant_id_number = ? UNION SELECT id FROM cases WHERE agent_id_number = ?)
          ORDER BY created_at DESC LIMIT 50`).all(n, n);
      } else if (q.creditCode) {
        rows = db.prepare('SELECT * FROM cases WHERE applicant_credit_code = ? ORDER BY created_at DESC LIMIT 50').all(q.creditCode.trim().toUpperCase());
      } else {
        throw new DeskError('PROGRESS_QUERY_EMPTY', '请输入办件编号，或读取申请人身份证、输入统一社会信用代码后查询。');
      }
      return (rows as SqlRow[]).map((r) => toProgress(rowToCase(r)));
    },

    /**
     * Open cases (accepted / in review) due within `withinWorkingDays` working days of `today`
     * (near-due, warning) and those past their due date (overdue), at most `limit` of each.
     */
    dueLists(today: string, withinWorkingDays = 2, limit = 500): { nearDue: DueEntry[]; overdue: DueEntry[] } {
      const cal = calendar();
      const horizon = cal.addWorkingDays(today, withinWorkingDays);
      // INDEXED BY pins the partial index so rows come out in due-date order and LIMIT stops early.
      const sel = `SELECT id, case_number, item_name, applicant_name, state, accepted_date, due_date FROM cases INDEXED BY cases_open_due
        WHERE state IN ('accepted','in-review') AND due_date`;
      const map = (r: SqlRow): DueEntry => ({
        id: r.id, caseNumber: r.case_number, itemName: r.item_name, applicantName: r.applicant_name, state: r.state, dueDate: r.due_date,
        workingDaysLeft: cal.workingDaysBetween(today, r.due_date),
        dueProvisional: dueProvisional(cal, r.accepted_date, r.due_date),
      });
      return {
        nearDue: (db.prepare(`${sel} BETWEEN ? AND ? ORDER BY due_date LIMIT ?`).all(today, horizon, limit) as SqlRow[]).map(map),
        // Most overdue first; capped so a backlog can't stall the supervisor's screen.
        overdue: (db.prepare(`${sel} < ? ORDER BY due_date LIMIT ?`).all(today, limit) as SqlRow[]).map(map),
      };
    },

    /** Newest first, keyset-paged so page N costs the same as page 1. */
    listCases(opts: { state?: CaseState; limit?: number; cursor?: string | null } = {}): CaseListPage {
      const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
      const where: string[] = [];
      const args: unknown[] = [];
      if (opts.state) {
        if (!(opts.state in STATE_LABELS)) throw new DeskError('INPUT_INVALID', `未知的办件状态 ${opts.state}。`);
        where.push('state = ?');
        args.push(opts.state);
      }
      if (opts.cursor) {
        const [createdAt, id] = decodeCursor(opts.cursor);
        // A row value lets SQLite seek straight into (created_at, id) order.
        where.push('(created_at, id) < (?, ?)');
        args.push(createdAt, id);
      }
      const sql = `SELECT ${LIST_COLS} FROM cases ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...args, limit + 1) as SqlRow[];
      const page = rows.slice(0, limit);
      const cal = calendar();
      const last = page[page.length - 1];
      return {
        rows: page.map((r) => ({
          id: r.id, caseNumber: r.case_number, state: r.state, stateLabel: STATE_LABELS[r.state as CaseState], itemName: r.item_name,
          applicantName: r.applicant_name, agent: r.agent_name ? agentLine({ name: r.agent_name, relation: r.agent_relation }) : null, createdAt: r.created_at, dueDate: r.due_date, dueProvisional: dueProvisional(cal, r.accepted_date, r.due_date),
        })),
        nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
      };
    },
  };
}

function decodeCursor(cursor: string): [string, string] {
  const s = Buffer.from(cursor, 'base64url').toString();
  const i = s.indexOf('|');
  if (i < 1) throw new DeskError('INPUT_INVALID', '分页参数无效，请从第一页重新加载。');
  return [s.slice(0, i), s.slice(i + 1)];
}
