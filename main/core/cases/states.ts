import { DeskError } from '../../../common/errors';

export type CaseState = 'draft' | 'accepted' | 'correction-requested' | 'rejected' | 'in-review' | 'completed' | 'result-issued' | 'archived';

/** Every legal move. Anything else is refused before a row changes. */
export const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  draft: ['accepted', 'rejected', 'correction-requested'],
  'correction-requested': ['accepted', 'rejected'],
  accepted: ['in-review', 'completed'],
  'in-review': ['completed'],
  completed: ['result-issued'],
  'result-issued': ['archived'],
  rejected: ['archived'],
  archived: [],
};

export const STATE_LABELS: Record<CaseState, string> = {
  draft: '收件中',
  accepted: '已受理',
  'correction-requested': '待补正',
  rejected: '不予受理',
  'in-review': '审批中',
  completed: '已办结',
  'result-issued': '已出件',
  archived: '已归档',
};

export function assertTransition(from: CaseState, to: CaseState, caseNumberOrId: string): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new DeskError('CASE_ILLEGAL_TRANSITION', `办件 ${caseNumberOrId} 当前为“${STATE_LABELS[from]}”，不能转为“${STATE_LABELS[to]}”，请刷新后按流程操作。`, { from, to });
  }
}

/** What the applicant (or the clerk answering them) should do next, in plain Chinese. */
export function nextStep(state: CaseState, opts: { decision?: string | null; instant?: boolean; dueDate?: string | null; deficiencyDeadline?: string | null }): string {
  switch (state) {
    case 'draft':
      return '窗口正在收件，请配合工作人员核对材料。';
    case 'correction-requested':
      return '请按《补正材料一次性告知书》补齐材料后，到任一综合窗口提交。';
    case 'rejected':
      return '申请不予受理，请查看《不予受理通知书》中的理由和救济途径。';
    case 'accepted':
      return opts.deficiencyDeadline
        ? `已受理，请在 ${opts.deficiencyDeadline} 前补交容缺材料；承诺办结日期 ${opts.dueDate ?? ''}。`
        : `已受理，等待审批，承诺办结日期 ${opts.dueDate ?? ''}。`;
    case 'in-review':
      return `审批中，承诺办结日期 ${opts.dueDate ?? ''}，请留意短信通知。`;
    case 'completed':
      return opts.decision === 'approved' ? '已办结（准予），请凭领取回执到任一综合窗口领取结果，或等待邮寄。' : '已办结（不予许可），请到窗口领取决定书。';
    case 'result-issued':
      return '结果已送达，欢迎对本次服务进行评价。';
    case 'archived':
      return '办件已归档，无需再办理。';
  }
}
