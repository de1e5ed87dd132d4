/** Assistance and 办不成事 in the hub's SQLite file (tables: hub migration 0014), behind store.ts's interface. */
import type Database from 'better-sqlite3';
import type { AssistanceCounts } from '../../core/reports/daily';
import {
  ASSIST_COLUMNS, COUNTS_SQL, REPORT_COLUMNS, countsOf, ledgerWhere, ratedUpdate, setClause,
  type AssistRow, type AssistStore, type LedgerFilter, type NewAssistRow, type NewReportRow, type RatedService, type ReportRow,
} from './store';
import type { AssistStatus } from '../../../common/assist/schema';
import type { ReportState, ReportStep } from '../../../common/assist/reports';

const insertSql = (table: string, cols: readonly string[], key: string) =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (${key}) DO NOTHING RETURNING *`;

/**
 * better-sqlite3 is synchronous: each method is one statement (or one transaction), so it is atomic
 * however the desk's awaits interleave; the methods are async only to share the interface.
 */
export class SqliteAssistStore implements AssistStore {
  constructor(private readonly db: Database.Database) {}

  /** The 日动态 figures without the async wrapper (the report command reads a closed file with it). */
  countsNow(from: number, to: number): AssistanceCounts {
    return countsOf(this.db.prepare(COUNTS_SQL).get(from, to) as Parameters<typeof countsOf>[0]);
  }

  async get(id: number) {
    return this.db.prepare(`SELECT * FROM assist_records WHERE id = ?`).get(id) as AssistRow | undefined;
  }

  async byKey(key: string) {
    return this.db.prepare(`SELECT * FROM assist_records WHERE request_key = ?`).get(key) as AssistRow | undefined;
  }

  async insert(row: NewAssistRow) {
    return this.db.prepare(insertSql('assist_records', ASSIST_COLUMNS, 'request_key')).get(...ASSIST_COLUMNS.map((c) => row[c])) as AssistRow | undefined;
  }

  async update(id: number, expect: readonly AssistStatus[] | null, patch: Parameters<AssistStore['update']>[2]) {
    const { set, args } = setClause(patch);
    const cond = expect ? ` AND status IN (${expect.map(() => '?').join(', ')})` : '';
    return this.db.prepare(`UPDATE assist_records SET ${set} WHERE id = ?${cond} RETURNING *`).get(...args, id, ...(expect ?? [])) as AssistRow | undefined;
  }

  async live() {
    return this.db.prepare(`SELECT * FROM assist_records WHERE status IN ('open','accepted','arrived') ORDER BY requested_at, id`).all() as AssistRow[];
  }

  async ledger(f: LedgerFilter) {
    const { where, args } = ledgerWhere(f, 'LIKE');
    return this.db.prepare(`SELECT * FROM assist_records WHERE ${where} ORDER BY requested_at DESC, id DESC`).all(...args) as AssistRow[];
  }

  async escalate(now: number, cutoff: number) {
    return this.db.prepare(`UPDATE assist_records SET escalated_at = ? WHERE status = 'open' AND escalated_at IS NULL AND requested_at <= ? RETURNING *`)
      .all(now, cutoff) as AssistRow[];
  }

  async rate(s: RatedService, level: number) {
    const u = ratedUpdate(s, level, 'EXISTS (SELECT 1 FROM json_each(assist_records.case_ids) WHERE value = ?)');
    return u ? (this.db.prepare(u.sql).all(...u.args) as AssistRow[]) : [];
  }

  async counts(from: number, to: number) {
    return this.countsNow(from, to);
  }

  async getReport(id: number) {
    return this.db.prepare(`SELECT * FROM unresolved_reports WHERE id = ?`).get(id) as ReportRow | undefined;
  }

  async reportByKey(key: string) {
    return this.db.prepare(`SELECT * FROM unresolved_reports WHERE request_key = ?`).get(key) as ReportRow | undefined;
  }

  async insertReport(row: NewReportRow) {
    return this.db.prepare(insertSql('unresolved_reports', REPORT_COLUMNS, 'request_key')).get(...REPORT_COLUMNS.map((c) => row[c])) as ReportRow | undefined;
  }

  async advanceReport(id: number, from: ReportState, to: { state: ReportState; owner_no: string; owner_name: string; steps: ReportStep[] }) {
    return this.db.prepare(`UPDATE unresolved_reports SET state = ?, owner_no = ?, owner_name = ?, steps = ? WHERE id = ? AND state = ? RETURNING *`)
      .get(to.state, to.owner_no, to.owner_name, JSON.stringify(to.steps), id, from) as ReportRow | undefined;
  }

  async openReports() {
    return this.db.prepare(`SELECT * FROM unresolved_reports WHERE state <> 'archived' ORDER BY taken_at, id`).all() as ReportRow[];
  }

  async loadSettings() {
    return (this.db.prepare(`SELECT json FROM assist_settings WHERE id = 1`).get() as { json: string } | undefined)?.json ?? null;
  }

  async saveSettings(json: string) {
    this.db.prepare(`INSERT INTO assist_settings (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json`).run(json);
  }
}
