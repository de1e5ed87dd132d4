import type { SqlRow } from '../../db/connection';
import type { MaterialDef } from '../catalog/schema';
import type { MaterialStatus } from '../materials/types';
import type { AgentIdType, AgentRelation } from './inputs';
import type { CaseState } from './states';

export interface CaseMaterial {
  materialId: string;
  name: string;
  def: MaterialDef;
  applicable: boolean;
  status: MaterialStatus;
}

export interface CaseEvent {
  id: string;
  caseId: string;
  type: string;
  fromState: CaseState | null;
  toState: CaseState | null;
  actorStaffId: string;
  counterId: string;
  at: string;
  payload: Record<string, unknown>;
}

/** Why the agent may act: its basis, and the case material that proves it (授权委托书, 监护关系证明). */
export interface AgentAuthority {
  basis: 'power-of-attorney' | 'guardianship' | 'legal-representative' | 'responsible-person';
  materialId: string | null;
  note: string | null;
}

export interface CaseAgent {
  name: string;
  idType: AgentIdType | null;
  idNumber: string;
  phone: string | null;
  relation: AgentRelation;
  authority: AgentAuthority;
}

export interface CaseRecord {
  id: string;
  caseNumber: string | null;
  hallCode: string;
  state: CaseState;
  decision: 'approved' | 'denied' | null;
  itemCode: string;
  itemName: string;
  scenarioCode: string;
  scenarioName: string;
  catalogVersion: string;
  instant: boolean;
  promisedLimitDays: number;
  deliveryOptions: ('pickup' | 'post')[];
  applicant: { type: 'person' | 'company'; name: string; idNumber: string | null; creditCode: string | null; phone: string | null; legalRepresentative: string | null };
  /** The 经办人: who came to the counter for the applicant, and by what authority. */
  agent: CaseAgent | null;
  /** The queue ticket the case was taken for (number as called, `hub:<id>` or `offline:<number>`). */
  ticket: { ref: string; number: string } | null;
  createdAt: string;
  createdBy: string;
  counterId: string;
  acceptedAt: string | null;
  acceptedDate: string | null;
  dueDate: string | null;
  completedAt: string | null;
  decisionReason: string | null;
  rejection: { reason: string; legalBasis: string } | null;
  correctionNotice: { materials: { id: string; name: string }[]; issuedAt: string } | null;
  deficiency: { materials: { id: string; name: string }[]; deadline: string } | null;
  delivery: Record<string, unknown> | null;
  issuedAt: string | null;
  archivedAt: string | null;
  updatedAt: string;
}

const json = <T>(s: unknown): T | null => (s == null ? null : (JSON.parse(String(s)) as T));

export function rowToCase(r: SqlRow): CaseRecord {
  return {
    id: r.id,
    caseNumber: r.case_number,
    hallCode: r.hall_code,
    state: r.state,
    decision: r.decision,
    itemCode: r.item_code,
    itemName: r.item_name,
    scenarioCode: r.scenario_code,
    scenarioName: r.scenario_name,
    catalogVersion: r.catalog_version,
    instant: r.instant === 1,
    promisedLimitDays: r.promised_limit_days,
    deliveryOptions: JSON.parse(r.delivery_options),
    applicant: {
      type: r.applicant_type, name: r.applicant_name, idNumber: r.applicant_id_number, creditCode: r.applicant_credit_code,
      phone: r.applicant_phone, legalRepresentative: r.legal_representative,
    },
    agent: r.agent_name
      ? { name: r.agent_name, idType: r.agent_id_type, idNumber: r.agent_id_number, phone: r.agent_phone, relation: r.agent_relation, authority: json<AgentAuthority>(r.agent_authority)! }
      : null,
    ticket: r.ticket_ref ? { ref: r.ticket_ref, number: r.ticket_number } : null,
    createdAt: r.created_at,
    createdBy: r.created_by,
    counterId: r.counter_id,
    acceptedAt: r.accepted_at,
    acceptedDate: r.accepted_date,
    dueDate: r.due_date,
    completedAt: r.completed_at,
    decisionReason: r.decision_reason,
    rejection: json(r.rejection),
    correctionNotice: json(r.correction_notice),
    deficiency: json(r.deficiency),
    delivery: json(r.delivery),
    issuedAt: r.issued_at,
    archivedAt: r.archived_at,
    updatedAt: r.updated_at,
  };
}

export function rowToMaterial(r: SqlRow): CaseMaterial {
  return { materialId: r.material_id, name: r.name, def: JSON.parse(r.definition), applicable: r.applicable === 1, status: JSON.parse(r.status) };
}

export function rowToEvent(r: SqlRow): CaseEvent {
  return {
    id: r.id, caseId: r.case_id, type: r.type, fromState: r.from_state, toState: r.to_state, actorStaffId: r.actor_staff_id,
    counterId: r.counter_id, at: r.at, payload: JSON.parse(r.payload),
  };
}
