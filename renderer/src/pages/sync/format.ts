import type { SyncOp } from '../../../../preload/contract/sync';
import { KIND_NAMES, REPORT_KIND_NAMES } from '../../../../common/assist/labels';
import type { AssistKind } from '../../../../common/assist/schema';
import type { ReportKind } from '../../../../common/assist/reports';
import { t, type MessageKey } from '../../i18n';

/** "3 分钟前" from an ISO time. */
export function ageOf(iso: string, now = Date.now()): string {
  const min = Math.floor((now - Date.parse(iso)) / 60_000);
  if (min < 1) return t('age.justNow');
  if (min < 120) return t('age.minutes', { n: min });
  return t('age.hours', { n: Math.floor(min / 60) });
}

export function stepLabel(step: string | null): string {
  if (!step) return '—';
  const key = `sync.step.${step}` as MessageKey;
  try {
    const s = t(key);
    return s === undefined ? step : s;
  } catch {
    return step;
  }
}

export const timeOf = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

const KINDS: Record<string, MessageKey> = {
  'case.step': 'sync.kind.case.step',
  'case.file': 'sync.kind.case.file',
  'rating.put': 'sync.kind.rating.put',
  'rating.offer': 'sync.kind.rating.offer',
  'assist.request': 'sync.kind.assist.request',
  'assist.report': 'sync.kind.assist.report',
};

/** 办件环节, 扫描件, 评价, 扫码评价登记, 求助, 办不成事登记 (an unknown kind as it is named). */
export function kindLabel(kind: string): string {
  return KINDS[kind] ? t(KINDS[kind]) : kind;
}

/** The first line of the 对象 cell: the case number, or the lane's subject (rating, ticket, counter). */
export function subjectOf(op: SyncOp): string {
  if (op.kind === 'case.step' || op.kind === 'case.file') return op.caseNumber ?? t('sync.draft');
  const parts: string[] = [];
  if (op.kind === 'rating.put' && op.subject) parts.push(t('sync.subject.rating', { id: op.subject }));
  if (op.kind === 'rating.offer' && op.subject) parts.push(t('sync.subject.ticket', { ticket: op.subject }));
  if (op.counter !== null) parts.push(t('sync.subject.counter', { n: op.counter }));
  return parts.join(' · ') || '—';
}

/** The second, muted line: the item, the 求助's note, the report's problem. */
export function detailOf(op: SyncOp): string | null {
  if (op.kind === 'case.file') return op.subject;
  if (op.kind === 'assist.request' || op.kind === 'assist.report') return [op.itemName, op.subject].filter(Boolean).join(' · ') || null;
  return op.itemName;
}

/** The 环节 cell: a case step with its position in the case's trail; a scan or a signature's image; a 求助's or report's kind. */
export function stepOf(op: SyncOp): string {
  if (op.kind === 'case.step') return `${stepLabel(op.step)}（${op.seq}）`;
  if (op.kind === 'case.file') return op.step === 'signature' ? t('sync.file.signature') : op.step === 'notice' ? t('sync.file.notice') : t('sync.file.attachment');
  if (op.kind === 'assist.request' && op.step) return KIND_NAMES[op.step as AssistKind] ?? op.step;
  if (op.kind === 'assist.report' && op.step) return REPORT_KIND_NAMES[op.step as ReportKind] ?? op.step;
  return '—';
}
