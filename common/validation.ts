import { z } from 'zod';

/**
 * Validation messages people read: zod's own words (and its zh-CN locale's "期望 string >=2 字符")
 * are jargon at a counter or a kiosk. Schemas that carry their own Chinese message keep it; every
 * other issue gets a plain sentence, and `describeIssues` names the field in Chinese.
 *
 * Shared by both wires: the workstation contract (preload/contract/index.ts) and the hall hub's
 * server each call installZodMessages() where their module loads, since both parse requests.
 */
export const FIELD_LABELS: Record<string, string> = {
  staffNo: '工号', password: '密码', counterId: '窗口', counter: '窗口', counterNumber: '窗口号',
  name: '姓名', idNumber: '身份证号', phone: '手机号', code: '预约码', creditCode: '统一社会信用代码',
  legalRepresentative: '法定代表人', reason: '理由', legalBasis: '法律依据', note: '备注', q: '搜索内容',
  caseNumber: '办件编号', itemCode: '事项', scenarioCode: '情形', stream: '队列', ticketNumber: '号码',
  materialId: '材料', fileId: '文件', licenceNumber: '证照编号', recipient: '收件人', address: '地址',
  signerName: '签名人', method: '方式', title: '标题', json: '文件内容', key: '设置项', value: '设置值',
  birthDate: '出生日期', nation: '民族', nationality: '国籍', passNumber: '通行证号码', authority: '签发机关',
  validFrom: '有效期起', validTo: '有效期止', sex: '性别', applicant: '申请人', agent: '代理人',
};

type Issue = z.core.$ZodRawIssue;

function sentence(iss: Issue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined || iss.input === null ? '为必填项' : '格式不正确';
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? '不能为空' : `至少需要 ${iss.minimum} 个字符`;
      if (iss.origin === 'array' || iss.origin === 'set') return `至少需要 ${iss.minimum} 项`;
      return `不能小于 ${iss.minimum}`;
    case 'too_big':
      if (iss.origin === 'string') return `不能超过 ${iss.maximum} 个字符`;
      if (iss.origin === 'array' || iss.origin === 'set') return `最多 ${iss.maximum} 项`;
      return `不能大于 ${iss.maximum}`;
    case 'invalid_value':
      return '不是可选的值，请从列表中选择';
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return '数值不正确';
    case 'unrecognized_keys':
      return `包含不认识的字段（${iss.keys.join('、')}）`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return '格式不正确';
    default:
      return undefined;
  }
}

let installed = false;
/**
 * Installs the plain-Chinese messages for every schema in this process (idempotent). zod's
 * configuration is global, so this module does not do it on import: whoever parses calls it.
 */
export function installZodMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (iss) => sentence(iss) });
}

/** The field a path points at, in Chinese: the last named key that has a label, else 「输入」. */
export function fieldLabel(path: ReadonlyArray<PropertyKey>): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const label = FIELD_LABELS[String(path[i])];
    if (label) return label;
  }
  return '输入';
}

/** 「身份证号：至少需要 18 个字符；理由：不能为空」 — at most three, field names in Chinese. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.slice(0, 3).map((i) => `${fieldLabel(i.path)}：${i.message}`).join('；');
}
