/**
 * The 帮办台账 as rows of Chinese columns — one shape for the CSV command, the .xlsx and the PDF —
 * and its figures: monthly counts, 首办成功率 (resolved at the first assistance), average response
 * (request → acceptance, → arrival) and handling time, per helper and per kind.
 */
import { hallDateTime } from '../../../common/hall-time';
import { CAPACITY_NAMES, KIND_NAMES, OUTCOME_NAMES, SOURCE_NAMES, STATUS_NAMES } from '../../../common/assist/labels';
import type { AssistRecord } from '../../../common/assist/schema';

export const LEDGER_COLUMNS = [
  '帮办编号', '求助时间', '帮办类型', '来源', '状态', '求助窗口', '经过窗口', '求助人', '帮办人', '帮办人身份', '申请人', '事项编码', '事项名称',
  '办件编号', '排队号', '问题', '办理情况', '办理结果', '涉法涉诉', '开始时间', '结束时间', '接单用时（分钟）', '到窗用时（分钟）', '办理用时（分钟）',
  '办不成事编号', '评价',
] as const;

const minutes = (from: number | null, to: number | null) => (from !== null && to !== null ? Math.round(((to - from) / 60_000) * 10) / 10 : null);
const time = (at: number | null) => (at === null ? '' : hallDateTime(at).slice(0, 16));

/** One ledger row; `null` cells are empty. */
export function ledgerRow(r: AssistRecord): (string | number | null)[] {
  return [
    r.id, time(r.requestedAt), KIND_NAMES[r.kind], SOURCE_NAMES[r.source], STATUS_NAMES[r.status], r.counter, r.counters.join('、'),
    r.requestedBy ? `${r.requestedBy.name}（${r.requestedBy.staffNo}）` : '', r.helper ? `${r.helper.name}（${r.helper.staffNo}）` : '',
    r.helper ? CAPACITY_NAMES[r.helper.capacity] : '', r.applicant, r.itemCode ?? '', r.itemName ?? '', r.caseIds.join('、'), r.ticketNo ?? '',
    r.problem, r.action, r.outcome ? OUTCOME_NAMES[r.outcome] : '', r.outOfScope ? '是（不属于帮办范围，按原渠道处理）' : '否',
    time(r.arrivedAt ?? r.acceptedAt), time(r.closedAt), minutes(r.requestedAt, r.acceptedAt), minutes(r.requestedAt, r.arrivedAt),
    minutes(r.arrivedAt ?? r.acceptedAt, r.closedAt), r.reportId, r.rating,
  ];
}

export interface LedgerFigures {
  /** Closed assistances per month (YYYY-MM). */
  months: { month: string; count: number; resolved: number }[];
  groups: FigureGroup[];
}
export interface FigureGroup {
  by: 'helper' | 'kind';
  key: string;
  label: string;
  count: number;
  resolved: number;
  /** 首办成功率: resolved / (closed, in scope), 0–1; null with none. */
  resolutionRate: number | null;
  avgAcceptMinutes: number | null;
  avgArriveMinutes: number | null;
  avgHandleMinutes: number | null;
}

const avg = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10 : null;
};

/** Figures of the closed, in-scope assistances (涉法涉诉 is counted out: not 帮办's to resolve). */
export function ledgerFigures(records: readonly AssistRecord[]): LedgerFigures {
  const done = records.filter((r) => r.status === 'closed' && !r.outOfScope);
  const months = new Map<string, { count: number; resolved: number }>();
  for (const r of done) {
    const m = hallDateTime(r.requestedAt).slice(0, 7);
    const e = months.get(m) ?? { count: 0, resolved: 0 };
    e.count++;
    if (r.outcome === 'resolved') e.resolved++;
    months.set(m, e);
  }
  const group = (by: FigureGroup['by'], keyOf: (r: AssistRecord) => [string, string]): FigureGroup[] => {
    const g = new Map<string, { label: string; rs: AssistRecord[] }>();
    for (const r of done) {
      const [key, label] = keyOf(r);
      const e = g.get(key) ?? { label, rs: [] };
      e.rs.push(r);
      g.set(key, e);
    }
    return [...g.entries()].map(([key, { label, rs }]) => {
      const resolved = rs.filter((r) => r.outcome === 'resolved').length;
      return {
        by, key, label, count: rs.length, resolved, resolutionRate: rs.length ? resolved / rs.length : null,
        avgAcceptMinutes: avg(rs.map((r) => minutes(r.requestedAt, r.acceptedAt))),
        avgArriveMinutes: avg(rs.map((r) => minutes(r.requestedAt, r.arrivedAt))),
        avgHandleMinutes: avg(rs.map((r) => minutes(r.arrivedAt ?? r.acceptedAt, r.closedAt))),
      };
    }).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  };
  return {
    months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, v]) => ({ month, ...v })),
    groups: [
      ...group('helper', (r) => [r.helper?.staffNo ?? '', r.helper ? `${r.helper.name}（${CAPACITY_NAMES[r.helper.capacity]}）` : '']),
      ...group('kind', (r) => [r.kind, KIND_NAMES[r.kind]]),
    ],
  };
}

/** CSV (RFC 4180) with a UTF-8 BOM, so Excel opens the Chinese as it is. */
export function ledgerCsv(records: readonly AssistRecord[]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    // A cell starting like a formula is quoted with a leading apostrophe (CSV injection).
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [LEDGER_COLUMNS.join(','), ...records.map((r) => ledgerRow(r).map(cell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
