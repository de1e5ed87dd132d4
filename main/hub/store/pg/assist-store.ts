/**
 * Assistance and 办不成事 on PostgreSQL (tables: assist-schema.ts), shared by every hub process of
 * the hall. Each method is one statement, atomic on its own under READ COMMITTED: an insert under a
 * key another process inserted first returns nothing (ON CONFLICT DO NOTHING), and an update whose
 * WHERE names the expected status is re-checked on the locked row, so of two processes accepting one
 * 求助 (or escalating it, or advancing one report) exactly one changes it.
 */
import type { AssistStatus } from '../../../../common/assist/schema';
import type { ReportState, ReportStep } from '../../../../common/assist/reports';
import {
  ASSIST_COLUMNS, COUNTS_SQL, REPORT_COLUMNS, countsOf, ledgerWhere, ratedUpdate, setClause,
  type AssistPatch, type AssistRow, type AssistStore, type LedgerFilter, type NewAssistRow, type NewReportRow, type RatedService, type ReportRow,
} from '../../assist/store';
import type { PgDb } from './db';

const insertSql = (table: string, cols: readonly string[], key: string) =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (${key}) DO NOTHING RETURNING *`;

export class PgAssistStore implements AssistStore {
  constructor(private readonly db: PgDb) {}

  async get(id: number) {
    return (await this.db.q.one(`SELECT * FROM assist_records WHERE id = ?`, [id])) as AssistRow | undefined;
  }

  async byKey(key: string) {
    return (await this.db.q.one(`SELECT * FROM assist_records WHERE request_key = ?`, [key])) as AssistRow | undefined;
  }

  async insert(row: NewAssistRow) {
    return (await this.db.q.one(insertSql('assist_records', ASSIST_COLUMNS, 'request_key'), ASSIST_COLUMNS.map((c) => row[c]))) as AssistRow | undefined;
  }

  async update(id: number, expect: readonly AssistStatus[] | null, patch: AssistPatch) {
    const { set, args } = setClause(patch);
    const cond = expect ? ` AND status IN (${expect.map(() => '?').join(', ')})` : '';
    return (await this.db.q.one(`UPDATE assist_records SET ${set} WHERE id = ?${cond} RETURNING *`, [...args, id, ...(expect ?? [])])) as AssistRow | undefined;
  }

  async live() {
    return (await this.db.q.all(`SELECT * FROM assist_records WHERE status IN ('open','accepted','arrived') ORDER BY requested_at, id`)) as AssistRow[];
  }

  async ledger(f: LedgerFilter) {
    const { where, args } = ledgerWhere(f, 'ILIKE');
    return (await this.db.q.all(`SELECT * FROM assist_records WHERE ${where} ORDER BY requested_at DESC, id DESC`, args)) as AssistRow[];
  }

  async escalate(now: number, cutoff: number) {
    return (await this.db.q.all(`UPDATE assist_records SET escalated_at = ? WHERE status = 'open' AND escalated_at IS NULL AND requested_at <= ? RETURNING *`, [now, cutoff])) as AssistRow[];
  }

  async rate(s: RatedService, level: number) {
    // case_ids is a JSON array as text (as in SQLite); containment, not the `?` operator (our placeholder).
    const u = ratedUpdate(s, level, 'case_ids::jsonb @> jsonb_build_array(?::text)');
    return u ? ((await this.db.q.all(u.sql, u.args)) as AssistRow[]) : [];
  }

  async counts(from: number, to: number) {
    return countsOf((await this.db.q.one(COUNTS_SQL, [from, to])) as Parameters<typeof countsOf>[0]);
  }

  async getReport(id: number) {
    return (await this.db.q.one(`SELECT * FROM unresolved_reports WHERE id = ?`, [id])) as ReportRow | undefined;
  }

  async reportByKey(key: string) {
    return (await this.db.q.one(`SELECT * FROM unresolved_reports WHERE request_key = ?`, [key])) as ReportRow | undefined;
  }

  async insertReport(row: NewReportRow) {
    return (await this.db.q.one(insertSql('unresolved_reports', REPORT_COLUMNS, 'request_key'), REPORT_COLUMNS.map((c) => row[c]))) as ReportRow | undefined;
  }

  async advanceReport(id: number, from: ReportState, to: { state: ReportState; owner_no: string; owner_name: string; steps: ReportStep[] }) {
    return (await this.db.q.one(`UPDATE unresolved_reports SET state = ?, owner_no = ?, owner_name = ?, steps = ? WHERE id = ? AND state = ? RETURNING *`,
      [to.state, to.owner_no, to.owner_name, JSON.stringify(to.steps), id, from])) as ReportRow | undefined;
  }

  async openReports() {
    return (await this.db.q.all(`SELECT * FROM unresolved_reports WHERE state <> 'archived' ORDER BY taken_at, id`)) as ReportRow[];
  }

  async loadSettings() {
    return ((await this.db.q.one(`SELECT json FROM assist_settings WHERE id = 1`))?.json as string | undefined) ?? null;
  }

  async saveSettings(json: string) {
    await this.db.q.run(`INSERT INTO assist_settings (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json`, [json]);
  }
}
