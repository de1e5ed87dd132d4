/**
 * Where the hall's assistance (帮办) and 办不成事 records live: one interface, two backends — the hub's
 * SQLite file (sqlite-store.ts) and the shared PostgreSQL of a district's hub processes
 * (store/pg/assist-store.ts). The desks (desk.ts, reports.ts) hold the rules; a store only runs
 * statements, each atomic on its own: an insert that loses to an earlier one under the same key
 * returns nothing, and an update names the status (or state) it expects, so of two hub processes
 * racing for one record exactly one changes it.
 */
import type { AssistanceCounts } from '../../core/reports/daily';
import { AssistSettings, type AssistRecord, type AssistStatus, type LedgerQuery } from '../../../common/assist/schema';
import { ReportSettings, type ReportStep, type ReportState, type UnresolvedReport } from '../../../common/assist/reports';

/** One assist_records row, as both backends read it (times as epoch ms numbers, JSON lists as text). */
export interface AssistRow {
  id: number; request_key: string; source: AssistRecord['source']; kind: AssistRecord['kind']; status: AssistStatus;
  counter: number | null; counters: string; requested_by_no: string | null; requested_by_name: string | null; note: string;
  requested_at: number; accepted_at: number | null; arrived_at: number | null; closed_at: number | null; escalated_at: number | null;
  eta_minutes: number | null; helper_no: string | null; helper_name: string | null; helper_capacity: string | null;
  applicant: string; item_code: string | null; item_name: string | null; case_ids: string; ticket_no: string | null;
  problem: string; action: string; outcome: AssistRecord['outcome']; out_of_scope: number; report_id: number | null; rating: number | null;
}

/** The columns an insert sets (the id is the store's). */
export type NewAssistRow = Omit<AssistRow, 'id'>;
/** The columns an update may set. */
export type AssistPatch = Partial<Omit<AssistRow, 'id' | 'request_key' | 'source' | 'requested_at'>>;
export const ASSIST_COLUMNS = [
  'request_key', 'source', 'kind', 'status', 'counter', 'counters', 'requested_by_no', 'requested_by_name', 'note', 'requested_at', 'accepted_at',
  'arrived_at', 'closed_at', 'escalated_at', 'eta_minutes', 'helper_no', 'helper_name', 'helper_capacity', 'applicant', 'item_code', 'item_name',
  'case_ids', 'ticket_no', 'problem', 'action', 'outcome', 'out_of_scope', 'report_id', 'rating',
] as const satisfies readonly (keyof NewAssistRow)[];

export interface ReportRow {
  id: number; request_key: string; kind: UnresolvedReport['kind']; counter: number | null; taken_by_no: string; taken_by_name: string;
  owner_no: string; owner_name: string; applicant: string; contact: string; item_name: string | null; description: string;
  assist_id: number | null; state: ReportState; taken_day: string; taken_at: number; deadlines: string; steps: string;
}
export type NewReportRow = Omit<ReportRow, 'id'>;
export const REPORT_COLUMNS = [
  'request_key', 'kind', 'counter', 'taken_by_no', 'taken_by_name', 'owner_no', 'owner_name', 'applicant', 'contact', 'item_name', 'description',
  'assist_id', 'state', 'taken_day', 'taken_at', 'deadlines', 'steps',
] as const satisfies readonly (keyof NewReportRow)[];

/** The ledger's filter with its hall days already turned into [from, to) epoch ms. */
export type LedgerFilter = Omit<LedgerQuery, 'from' | 'to'> & { from: number; to: number };

/** Which assistance a rated service was: its ticket on its hall day, or its case. */
export interface RatedService {
  ticketNo: string | null;
  /** [from, to) epoch ms of the service's hall day (a ticket number is unique only within a day). */
  day: [number, number];
  caseNumber: string | null;
}

/**
 * The UPDATE that writes a rating into the assistance it belongs to, for a backend's SQL: only the
 * case-number containment differs (SQLite json_each, PostgreSQL jsonb); null when nothing can match.
 */
export function ratedUpdate(s: RatedService, level: number, caseContains: string): { sql: string; args: unknown[] } | null {
  const match: string[] = [];
  const args: unknown[] = [level];
  if (s.ticketNo) {
    match.push('(ticket_no = ? AND requested_at >= ? AND requested_at < ?)');
    args.push(s.ticketNo, ...s.day);
  }
  if (s.caseNumber) {
    match.push(caseContains);
    args.push(s.caseNumber);
  }
  if (match.length === 0) return null;
  return { sql: `UPDATE assist_records SET rating = ? WHERE status <> 'cancelled' AND (${match.join(' OR ')}) RETURNING *`, args };
}

export interface AssistStore {
  get(id: number): Promise<AssistRow | undefined>;
  byKey(key: string): Promise<AssistRow | undefined>;
  /** Inserts the row unless its key is taken; undefined when it was (the caller reads the first one). */
  insert(row: NewAssistRow): Promise<AssistRow | undefined>;
  /** Sets `patch` on the record only while its status is one of `expect`; undefined when it is not (or no such id). */
  update(id: number, expect: readonly AssistStatus[] | null, patch: AssistPatch): Promise<AssistRow | undefined>;
  /** Open, accepted and arrived records, oldest first. */
  live(): Promise<AssistRow[]>;
  /** Not cancelled, begun in [from, to), filtered; newest first. */
  ledger(f: LedgerFilter): Promise<AssistRow[]>;
  /** Marks escalated, at `now`, every open record requested at or before `cutoff` and not escalated yet; returns them. */
  escalate(now: number, cutoff: number): Promise<AssistRow[]>;
  /** Writes the applicant's rating into the (not cancelled) records of the service; returns those changed. */
  rate(s: RatedService, level: number): Promise<AssistRow[]>;
  /** The 日动态's 帮办 figures over [from, to). */
  counts(from: number, to: number): Promise<AssistanceCounts>;

  getReport(id: number): Promise<ReportRow | undefined>;
  reportByKey(key: string): Promise<ReportRow | undefined>;
  insertReport(row: NewReportRow): Promise<ReportRow | undefined>;
  /** Moves a report on only while it is still in `from` (someone else may have moved it meanwhile). */
  advanceReport(id: number, from: ReportState, to: { state: ReportState; owner_no: string; owner_name: string; steps: ReportStep[] }): Promise<ReportRow | undefined>;
  /** Reports not archived, by time taken. */
  openReports(): Promise<ReportRow[]>;

  /** The hall's assistance and report settings as stored (JSON text), null if never set. */
  loadSettings(): Promise<string | null>;
  saveSettings(json: string): Promise<void>;
}

export function recordOf(r: AssistRow): AssistRecord {
  return {
    id: r.id, key: r.request_key, source: r.source, kind: r.kind, status: r.status, counter: r.counter,
    counters: JSON.parse(r.counters) as number[],
    requestedBy: r.requested_by_no ? { staffNo: r.requested_by_no, name: r.requested_by_name ?? '' } : null,
    note: r.note, requestedAt: r.requested_at, acceptedAt: r.accepted_at, arrivedAt: r.arrived_at, closedAt: r.closed_at,
    escalatedAt: r.escalated_at, etaMinutes: r.eta_minutes,
    helper: r.helper_no ? { staffNo: r.helper_no, name: r.helper_name ?? '', capacity: (r.helper_capacity ?? 'assistant') as 'assistant' } : null,
    applicant: r.applicant, itemCode: r.item_code, itemName: r.item_name, caseIds: JSON.parse(r.case_ids) as string[], ticketNo: r.ticket_no,
    problem: r.problem, action: r.action, outcome: r.outcome, outOfScope: r.out_of_scope === 1, reportId: r.report_id, rating: r.rating,
  };
}

/**
 * The ledger's WHERE clause with `?` placeholders, for either backend. `like` is the operator that
 * matches text case-insensitively (SQLite's LIKE already does for Latin letters, PostgreSQL's ILIKE).
 */
export function ledgerWhere(f: LedgerFilter, like: 'LIKE' | 'ILIKE'): { where: string; args: unknown[] } {
  const where = [`requested_at >= ?`, `requested_at < ?`, `status <> 'cancelled'`];
  const args: unknown[] = [f.from, f.to];
  const and = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    args.push(...values);
  };
  if (f.kind) and('kind = ?', f.kind);
  if (f.outcome) and('outcome = ?', f.outcome);
  if (f.helper) and('(helper_no = ? OR helper_name = ?)', f.helper, f.helper);
  if (f.text) {
    const cols = ['problem', 'action', 'item_name', 'note', 'ticket_no', 'case_ids'];
    const pattern = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    and(`(${cols.map((c) => `${c} ${like} ? ESCAPE '\\'`).join(' OR ')})`, ...cols.map(() => pattern));
  }
  return { where: where.join(' AND '), args };
}

/** `SET a = ?, b = ?` of a patch, with its values (column names only from the known list). */
export function setClause(patch: AssistPatch): { set: string; args: unknown[] } {
  const known = new Set<string>(ASSIST_COLUMNS);
  const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && known.has(k));
  if (entries.length === 0) return { set: 'id = id', args: [] };
  return { set: entries.map(([k]) => `${k} = ?`).join(', '), args: entries.map(([, v]) => v) };
}

/** The 日动态's 帮办 aggregate over [from, to): withdrawn requests and 涉法涉诉 (outside 帮办's scope) left out. */
export const COUNTS_SQL = `
  SELECT COUNT(*) AS requests, SUM(CASE WHEN outcome = 'resolved' THEN 1 ELSE 0 END) AS resolved,
         SUM(CASE WHEN accepted_at IS NOT NULL THEN 1 ELSE 0 END) AS answered,
         SUM(CASE WHEN accepted_at IS NOT NULL THEN accepted_at - requested_at END) AS response
    FROM assist_records WHERE requested_at >= ? AND requested_at < ? AND status <> 'cancelled' AND out_of_scope = 0`;

/** The 日动态 figures from the aggregate row both backends compute alike. */
export function countsOf(r: { requests: number; resolved: number | null; answered: number | null; response: number | null }): AssistanceCounts {
  return {
    requests: Number(r.requests), resolved: Number(r.resolved ?? 0), answered: Number(r.answered ?? 0),
    responseMinutesTotal: Math.round((Number(r.response ?? 0) / 60_000) * 10) / 10,
  };
}

export interface StoredSettings { assist: AssistSettings; reports: ReportSettings }

/** The stored settings, each part with its defaults (read at each use: another hub process may have changed them). */
export async function readSettings(store: Pick<AssistStore, 'loadSettings'>): Promise<StoredSettings> {
  const json = await store.loadSettings();
  const raw = json ? (JSON.parse(json) as Partial<StoredSettings>) : {};
  return { assist: AssistSettings.parse(raw.assist ?? {}), reports: ReportSettings.parse(raw.reports ?? {}) };
}
