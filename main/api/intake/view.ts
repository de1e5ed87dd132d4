import type { CaseView, MaterialView } from '../../../preload/contract/intake';
import type { CitizenView } from '../../../preload/contract/citizen';
import { RELATION_LABELS, STATE_LABELS, type CaseDetail, type CaseMaterial } from '../../core/cases';
import { maskIdNumber } from '../../../common/identity';
import { isNeeded, summarise, STATUS_LABELS, type MaterialStatus } from '../../core/materials';

/** 「已采集 2 份 PDF」, and what of it this machine still lacks (a case restored or taken over from the hub). */
function capturedDetail(ids: readonly string[], awaited: Record<string, 'pending' | 'absent'>): string {
  const pending = ids.filter((id) => awaited[id] === 'pending').length;
  const absent = ids.filter((id) => awaited[id] === 'absent').length;
  const notes = [
    ...(pending ? [`其中 ${pending} 份正从大厅服务取回`] : []),
    ...(absent ? [`其中 ${absent} 份大厅服务尚无存档，原工作站上传后自动取回，否则请重新采集`] : []),
  ];
  return [`已采集 ${ids.length} 份 PDF`, ...notes].join('；');
}

function detail(s: MaterialStatus, awaited: Record<string, 'pending' | 'absent'> = {}): string | null {
  switch (s.kind) {
    case 'exempt-elicence': {
      const l = s.licence;
      return `${l.licenceNumber}｜${l.issuer}｜有效期 ${l.validFrom} 至 ${l.validTo ?? '长期'}｜授权：${s.authorisation.by}`;
    }
    case 'exempt-datashare':
      return `${s.check}：${s.result === 'pass' ? '通过' : '未通过'}（${s.reference}）`;
    case 'commitment':
      return s.signatureId ? '申请人已签署告知承诺书' : null;
    case 'captured':
      return capturedDetail(s.attachmentIds, awaited);
    case 'original-sighted':
      return s.note ?? null;
    case 'missing':
      return null;
  }
}

function allowed(m: CaseMaterial): MaterialView['allowed'] {
  const a: MaterialView['allowed'] = ['missing', 'captured'];
  if (m.def.format !== 'electronic') a.push('original-sighted');
  if (m.def.elicenceType) a.push('exempt-elicence');
  if (m.def.datashareCheck) a.push('exempt-datashare');
  if (m.def.commitmentAllowed) a.push('commitment');
  return a;
}

const maskPhone = (v: string) => (v.length > 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****');

function agentView(c: CaseDetail): CaseView['agent'] {
  const a = c.agent;
  if (!a) return null;
  const m = a.authority.materialId ? c.materials.find((x) => x.materialId === a.authority.materialId) : undefined;
  return {
    name: a.name, idType: a.idType, idNumberMasked: maskIdNumber(a.idNumber), phone: a.phone ? maskPhone(a.phone) : null,
    relation: a.relation, relationLabel: RELATION_LABELS[a.relation],
    proof: m ? { materialId: m.materialId, name: m.name, statusLabel: STATUS_LABELS[m.status.kind], applicable: m.applicable } : null,
    note: a.authority.note,
  };
}

/** What the clerk's screen needs of a case: ID numbers masked, every material with what it may become. */
export function toCaseView(c: CaseDetail): CaseView {
  const sum = summarise(c.materials.map((m) => ({ def: m.def, status: m.status, applicable: m.applicable })));
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    state: c.state,
    stateLabel: STATE_LABELS[c.state],
    decision: c.decision,
    itemCode: c.itemCode,
    itemName: c.itemName,
    scenarioName: c.scenarioName,
    catalogVersion: c.catalogVersion,
    instant: c.instant,
    promisedLimitDays: c.promisedLimitDays,
    deliveryOptions: c.deliveryOptions,
    applicant: {
      type: c.applicant.type, name: c.applicant.name, idNumberMasked: c.applicant.idNumber ? maskIdNumber(c.applicant.idNumber) : null,
      creditCode: c.applicant.creditCode, legalRepresentative: c.applicant.legalRepresentative,
    },
    agent: agentView(c),
    ticket: c.ticket,
    dueDate: c.dueDate,
    dueProvisional: c.dueProvisional,
    deficiency: c.deficiency,
    correctionMaterials: c.correctionNotice?.materials.map((m) => m.name) ?? null,
    rejection: c.rejection,
    materials: c.materials.map((m) => ({
      materialId: m.materialId,
      name: m.name,
      requirement: m.def.requirement,
      condition: m.def.condition ?? null,
      applicable: m.applicable,
      needed: isNeeded({ def: m.def, status: m.status, applicable: m.applicable }),
      status: m.status.kind,
      statusLabel: STATUS_LABELS[m.status.kind],
      detail: detail(m.status, c.awaitedFiles),
      allowed: allowed(m),
      elicenceType: m.def.elicenceType ?? null,
      datashareCheck: m.def.datashareCheck ?? null,
      deficiencyAllowed: m.def.deficiencyAllowed === true,
    })),
    summary: { needed: sum.needed, satisfied: sum.satisfied, missing: sum.missing.map((m) => m.name), readyToAccept: sum.readyToAccept, canAcceptWithDeficiency: sum.canAcceptWithDeficiency },
    events: c.events.map((e) => ({ type: e.type, at: e.at, actorStaffId: e.actorStaffId, counterId: e.counterId, toState: e.toState })),
  };
}

/** The applicant's copy of the checklist on the citizen screen (no ID numbers, no licence numbers). */
export function checklistView(c: CaseDetail, counterNumber: number | null): CitizenView {
  return {
    mode: 'checklist',
    counterNumber,
    itemName: `${c.itemName}（${c.scenarioName}）`,
    entries: c.materials
      .filter((m) => isNeeded({ def: m.def, status: m.status, applicable: m.applicable }) || m.status.kind !== 'missing')
      .map((m) => ({ name: m.name, status: m.status.kind, statusLabel: STATUS_LABELS[m.status.kind] })),
  };
}
