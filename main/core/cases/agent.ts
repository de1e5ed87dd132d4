import type { MaterialDef } from '../catalog/schema';
import { DeskError } from '../../../common/errors';
import { assertPersonId, classifyPersonId } from '../../../common/identity';
import { RELATION_LABELS, ID_TYPE_LABELS, type AgentInput } from './inputs';
import type { AgentAuthority, CaseAgent } from './record';

/**
 * The material that proves an agent's authority, when the scenario lists one: the catalog names it
 * (e.g. 「授权委托书及代理人身份证明」, conditional on 委托他人代为办理).
 */
const PROOF: Partial<Record<CaseAgent['relation'], { match: RegExp; fallback: MaterialDef }>> = {
  entrusted: {
    match: /授权委托书/,
    fallback: {
      id: 'AGENT-AUTH', name: '授权委托书', requirement: 'conditional', condition: '委托他人代为办理时提交（已以其他方式证明代理权限的，可设为不适用）',
      presentation: 'original', copies: 1, format: 'paper-or-electronic', commitmentAllowed: false,
    },
  },
  guardian: {
    match: /监护/,
    fallback: {
      id: 'GUARDIAN-PROOF', name: '监护关系证明（户口簿、出生医学证明或法院文书等）', requirement: 'conditional', condition: '监护人代为办理时提交',
      presentation: 'original-and-copy', copies: 1, format: 'paper-or-electronic', commitmentAllowed: false,
    },
  },
};

type Applicant = { type: 'person'; name: string } | { type: 'company'; name: string; legalRepresentative?: string };

/**
 * Checks who may act for whom (a company: its legal representative or responsible person in person,
 * or an entrusted agent; a person: an entrusted agent or a guardian), the ID number and its type.
 * Returns the agent without its proof material; `withProof` adds that once the materials are known.
 */
export function checkAgent(a: AgentInput, applicant: Applicant): Omit<CaseAgent, 'authority'> & { note: string | null } {
  const idNumber = assertPersonId(a.idNumber, '经办人');
  const kind = classifyPersonId(idNumber);
  if (a.idType && a.idType !== kind) {
    throw new DeskError('AGENT_ID_TYPE_MISMATCH', `经办人证件号码不是${ID_TYPE_LABELS[a.idType]}号码，请核对证件类型后重新输入。`);
  }
  const rel = a.relation;
  if (applicant.type === 'person' && (rel === 'legal-representative' || rel === 'responsible-person')) {
    throw new DeskError('AGENT_RELATION_INVALID', `个人申请时经办人不能是“${RELATION_LABELS[rel]}”，请选择委托代理人或监护人。`);
  }
  if (applicant.type === 'company' && rel === 'guardian') {
    throw new DeskError('AGENT_RELATION_INVALID', '单位申请时经办人不能是“监护人”，请选择法定代表人本人、负责人本人或委托代理人。');
  }
  if (rel === 'legal-representative' && applicant.type === 'company' && applicant.legalRepresentative && applicant.legalRepresentative.trim() !== a.name.trim()) {
    throw new DeskError('AGENT_NOT_LEGAL_REPRESENTATIVE', `经办人“${a.name}”与登记的法定代表人“${applicant.legalRepresentative}”不一致；请核对，或选择“委托代理人”并收取授权委托书。`);
  }
  return { name: a.name.trim(), idType: kind, idNumber, phone: a.phone?.trim() || null, relation: rel, note: a.note?.trim() || null };
}

/**
 * The authority and the materials the case starts with: the proof material of an entrusted agent or
 * a guardian applies (the scenario's own, or a standard one added to this case's checklist).
 */
export function withProof(agent: ReturnType<typeof checkAgent>, materials: MaterialDef[]): { agent: CaseAgent; materials: MaterialDef[]; applies: string | null } {
  const { note, ...rest } = agent;
  const basis: AgentAuthority['basis'] = agent.relation === 'entrusted' ? 'power-of-attorney' : agent.relation === 'guardian' ? 'guardianship' : agent.relation;
  const proof = PROOF[agent.relation];
  if (!proof) return { agent: { ...rest, authority: { basis, materialId: null, note } }, materials, applies: null };
  const own = materials.find((m) => proof.match.test(m.name));
  const list = own ? materials : [...materials, proof.fallback];
  const materialId = own?.id ?? proof.fallback.id;
  return { agent: { ...rest, authority: { basis, materialId, note } }, materials: list, applies: materialId };
}

/** 「张三丰（委托代理人）」 — how notices and lists name the agent. */
export function agentLine(a: Pick<CaseAgent, 'name' | 'relation'>): string {
  return `${a.name}（${RELATION_LABELS[a.relation]}）`;
}

/** Who signs for the case: the person present — the agent when there is one, else the applicant. */
export function signerOf(c: { applicant: { name: string; idNumber: string | null; type: 'person' | 'company'; legalRepresentative: string | null }; agent: CaseAgent | null }) {
  if (c.agent) return { name: c.agent.name, idNumber: c.agent.idNumber, relation: c.agent.relation, capacity: RELATION_LABELS[c.agent.relation] };
  // A company case from before agents were recorded: the company signs (seal), as the letter says.
  return { name: c.applicant.name, idNumber: c.applicant.idNumber, relation: 'applicant' as const, capacity: c.applicant.type === 'company' ? '申请单位' : '申请人本人' };
}
