import type { z } from 'zod';
import type { agentInputSchema, applicantInputSchema } from '../../../../preload/contract/intake';
import { classifyPersonId, isValidCreditCode, maskIdNumber } from '../../../../common/identity/index';

/** A person as the form holds them: the full number for the application, the masked one for the screen. */
export interface PersonDraft {
  name: string;
  idNumber: string;
  masked: string;
  fromCard: boolean;
}

export interface ApplicantDraft {
  kind: 'person' | 'company';
  person: PersonDraft | null;
  company: { creditCode: string; name: string; legalRepresentative: string };
  agentOn: boolean;
  agent: PersonDraft | null;
  authorisation: { reference: string; scope: string };
}

export const emptyApplicant = (): ApplicantDraft => ({
  kind: 'person',
  person: null,
  company: { creditCode: '', name: '', legalRepresentative: '' },
  agentOn: false,
  agent: null,
  authorisation: { reference: '', scope: '' },
});

export function personFrom(name: string, idNumber: string, fromCard: boolean): PersonDraft | string {
  const n = idNumber.replace(/\s+/g, '').toUpperCase();
  if (!name.trim()) return '请填写姓名。';
  if (!classifyPersonId(n)) return `证件号码校验不通过，请核对后重新输入或读取身份证。`;
  return { name: name.trim(), idNumber: n, masked: maskIdNumber(n), fromCard };
}

export type ApplicantInput = z.input<typeof applicantInputSchema>;
export type AgentInput = z.input<typeof agentInputSchema>;

/** What createDraft needs, or the first thing the clerk still has to fill in. */
export function toInput(d: ApplicantDraft): { applicant: ApplicantInput; agent?: AgentInput } | string {
  let applicant: ApplicantInput;
  if (d.kind === 'person') {
    if (!d.person) return '请读取申请人身份证，或输入姓名和证件号码。';
    applicant = { type: 'person', name: d.person.name, idNumber: d.person.idNumber };
  } else {
    const cc = d.company.creditCode.replace(/\s+/g, '').toUpperCase();
    if (!isValidCreditCode(cc)) return '统一社会信用代码校验不通过，请对照营业执照核对。';
    if (!d.company.name.trim()) return '请填写单位名称。';
    applicant = { type: 'company', name: d.company.name.trim(), creditCode: cc, legalRepresentative: d.company.legalRepresentative.trim() || d.person?.name };
  }
  if (!d.agentOn) return { applicant };
  if (!d.agent) return '请读取代理人身份证，或输入代理人姓名和证件号码。';
  if (!d.authorisation.reference.trim()) return '请登记授权委托书（编号或说明）。';
  return {
    applicant,
    agent: { name: d.agent.name, idNumber: d.agent.idNumber, authorisation: { reference: d.authorisation.reference.trim(), scope: d.authorisation.scope.trim() || '代为办理本事项' } },
  };
}
