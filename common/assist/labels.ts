/** The Chinese names of assistance's enumerations: the pages (through renderer/src/i18n/assist.ts) and the exports use the same. */
import type { AssistKind, AssistOutcome, AssistStatus, HelperCapacity } from './schema';
import type { ReportKind, ReportState } from './reports';

export const KIND_NAMES: Record<AssistKind, string> = { consult: '业务咨询', fill: '帮办填报', approver: '审批官到窗', leader: '领导帮办', accompany: '全流程陪同' };
export const OUTCOME_NAMES: Record<AssistOutcome, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决（转办不成事）' };
export const STATUS_NAMES: Record<AssistStatus, string> = { open: '待接单', accepted: '已接单', arrived: '已到窗', closed: '已办结', cancelled: '已撤回' };
export const CAPACITY_NAMES: Record<HelperCapacity, string> = { assistant: '帮办人员', approver: '审批官', leader: '领导干部' };
export const SOURCE_NAMES = { counter: '窗口求助', desk: '帮办台登记', ticket: '帮办取号' } as const;
export const REPORT_KIND_NAMES: Record<ReportKind, string> = {
  repeated: '多次到中心仍未办成', blocked: '因政策或系统原因办不成', unclear: '办事指南不清、要求不一', conduct: '作风效能问题', other: '其他',
};
export const REPORT_STATE_NAMES: Record<ReportState, string> = { accepted: '受理', judging: '研判', handling: '办理', feedback: '反馈', archived: '归档' };
