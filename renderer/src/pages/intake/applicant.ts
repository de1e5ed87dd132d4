import type { z } from 'zod';
import type { AgentRelationName, agentInputSchema, applicantInputSchema } from '../../../../preload/contract/intake';
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
  /** A person applying through someone else (a company's presenter is always its agent). */
  agentOn: boolean;
  agent: PersonDraft | null;
  /** The 经办人's capacity; '' until the clerk picks one (the default then applies, see relationOf). */
  relation: AgentRelationName | '';
  agentPhone: string;
  agentNote: string;
}

export const emptyApplicant = (): ApplicantDraft => ({
  kind: 'person',
  person: null,
  company: { creditCode: '', name: '', legalRepresentative: '' },
  agentOn: false,
  agent: null,
  relation: '',
  agentPhone: '',
  agentNote: '',
});

/** Who is at the counter for the applicant: a company's presenter, or a person's agent; null when the applicant came alone. */
export function agentOf(d: ApplicantDraft): PersonDraft | null {
  if (d.kind === 'company') return d.person;
  return d.agentOn ? d.agent : null;
}

/** The capacity picked, or the likely one: the legal representative named on record in person, else an entrusted agent. */
export function relationOf(d: ApplicantDraft): AgentRelationName {
  if (d.relation && (d.kind === 'company' ? d.relation !== 'guardian' : d.relation === 'entrusted' || d.relation === 'guardian')) return d.relation;
  if (d.kind === 'company') {
    const rep = d.company.legalRepresentative.trim();
    return d.person && (!rep || rep === d.person.name) ? 'legal-representative' : 'entrusted';
  }
  return 'entrusted';
}

/** A typed name's error, or null (the field's own message, shown beside it). */
export const nameError = (name: string): string | null => (name.trim() ? null : '请填写姓名。');

/** A typed ID number's error, or null. */
export function idNumberError(idNumber: string): string | null {
  return classifyPersonId(idNumber.replace(/\s+/g, '').toUpperCase()) ? null : '证件号码校验不通过，请核对后重新输入或读取身份证。';
}

export function personFrom(name: string, idNumber: string, fromCard: boolean): PersonDraft | string {
  const n = idNumber.replace(/\s+/g, '').toUpperCase();
  const bad = nameError(name) ?? idNumberError(n);
  if (bad) return bad;
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
    // The legal representative on record: never the presenter's name guessed in (that made absent representatives "sign").
    applicant = { type: 'company', name: d.company.name.trim(), creditCode: cc, legalRepresentative: d.company.legalRepresentative.trim() || undefined };
    if (!d.person) return '请读取到场经办人的身份证，或输入经办人姓名和证件号码。';
  }
  const agent = agentOf(d);
  if (d.kind === 'person' && !d.agentOn) return { applicant };
  if (!agent) return '请读取代理人身份证，或输入代理人姓名和证件号码。';
  return {
    applicant,
    agent: {
      name: agent.name, idNumber: agent.idNumber, relation: relationOf(d),
      ...(d.agentPhone.trim() ? { phone: d.agentPhone.trim() } : {}), ...(d.agentNote.trim() ? { note: d.agentNote.trim() } : {}),
    },
  };
}
