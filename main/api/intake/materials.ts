import type { z } from 'zod';
import type { materialChoiceSchema } from '../../../preload/contract/intake';
import { assembleMaterialPdf } from '../../../native/pages';
import { signerOf, type Actor, type CaseDetail } from '../../core/cases';
import { DeskError } from '../../../common/errors';
import type { MaterialStatus } from '../../core/materials';
import type { IntakeDomain } from '../domains/intake';
import { runDatashareCheck } from './datashare';

type Choice = z.infer<typeof materialChoiceSchema>;
type Authorisation = 'signature-pad' | 'signed-form' | 'suishenban-scan';

/** The applicant's licences, matched to this case's materials by type. */
export async function licencesFor(intake: IntakeDomain, c: CaseDetail) {
  const q = c.applicant.type === 'company' ? { creditCode: c.applicant.creditCode ?? undefined } : { idNumber: c.applicant.idNumber ?? undefined };
  const found = await intake.elicences.lookup(q);
  return found.map((l) => ({ ...l, materialIds: c.materials.filter((m) => m.def.elicenceType === l.type).map((m) => m.materialId) }));
}

/** Who authorised the licence use: the person present, in their capacity. */
function authoriser(c: CaseDetail): string {
  const s = signerOf(c);
  return s.relation === 'applicant' ? s.name : `${s.name}（${s.capacity}）`;
}

function elicenceStatus(l: Awaited<ReturnType<typeof licencesFor>>[number], c: CaseDetail, method: Authorisation, at: string): MaterialStatus {
  return {
    kind: 'exempt-elicence',
    licence: { licenceNumber: l.licenceNumber, type: l.type, issuer: l.issuer, validFrom: l.validFrom, validTo: l.validTo, status: l.status, holder: l.holder },
    authorisation: { by: authoriser(c), method, at },
  };
}

/** Every still-missing material a valid licence covers becomes exempt; returns what was applied. */
export async function applyElicences(intake: IntakeDomain, caseId: string, method: Authorisation, actor: Actor) {
  let c = intake.cases.queries.getCase(caseId);
  assertAuthorised(intake, caseId, method);
  const today = intake.today();
  const at = intake.now().toISOString();
  const valid = (await licencesFor(intake, c)).filter((l) => l.status === 'valid' && (l.validTo === null || l.validTo >= today) && l.validFrom <= today);
  const applied: { materialId: string; licenceNumber: string }[] = [];
  for (const m of c.materials) {
    if (m.status.kind !== 'missing' || !m.def.elicenceType) continue;
    const l = valid.find((x) => x.type === m.def.elicenceType);
    if (!l) continue;
    c = intake.cases.setMaterialStatus(caseId, m.materialId, elicenceStatus(l, c, method, at), actor);
    applied.push({ materialId: m.materialId, licenceNumber: l.licenceNumber });
  }
  return { case: c, applied };
}

/** Authorisation on the signature pad means the applicant actually signed one on the citizen screen. */
function assertAuthorised(intake: IntakeDomain, caseId: string, method: Authorisation): void {
  if (method !== 'signature-pad') return;
  if (!intake.elicenceAuthorisationSigned(caseId)) throw new DeskError('ELICENCE_AUTHORISATION_UNSIGNED', '选择“签名板授权”时，须先请申请人在群众屏签署电子证照调用授权；或改选书面授权、随申办扫码授权。');
}

/** Turns the clerk's choice into a checked material status, producing the evidence it needs first. */
export async function setMaterial(intake: IntakeDomain, caseId: string, materialId: string, choice: Choice, actor: Actor): Promise<CaseDetail> {
  const svc = intake.cases;
  const c = svc.queries.getCase(caseId);
  const m = c.materials.find((x) => x.materialId === materialId);
  if (!m) throw new DeskError('MATERIAL_NOT_FOUND', `本办件没有材料 ${materialId}，请刷新材料清单。`);
  switch (choice.kind) {
    case 'exempt-elicence': {
      assertAuthorised(intake, caseId, choice.authorisation);
      const l = (await licencesFor(intake, c)).find((x) => x.licenceNumber === choice.licenceNumber);
      if (!l) throw new DeskError('ELICENCE_NOT_FOUND', `电子证照库中没有申请人的证照 ${choice.licenceNumber}，请重新查询。`);
      return svc.setMaterialStatus(caseId, materialId, elicenceStatus(l, c, choice.authorisation, intake.now().toISOString()), actor);
    }
    case 'exempt-datashare': {
      if (!m.def.datashareCheck) throw new DeskError('MATERIAL_DATASHARE_NOT_APPLICABLE', `材料“${m.name}”不支持数据共享核验免交，请采集材料或核验原件。`);
      const r = await runDatashareCheck(m.def.datashareCheck, c, intake.elicences, intake.today(), intake.now());
      return svc.setMaterialStatus(caseId, materialId, { kind: 'exempt-datashare', ...r }, actor);
    }
    case 'captured': {
      const followUp = (c.state === 'accepted' || c.state === 'in-review') && c.deficiency?.materials.some((d) => d.id === materialId);
      // Checked before assembling so a locked case stores no orphan PDF.
      if (c.state !== 'draft' && c.state !== 'correction-requested' && !followUp) {
        throw new DeskError('CASE_MATERIALS_LOCKED', `办件当前为“${c.state === 'archived' ? '已归档' : '已进入后续环节'}”，材料不能再修改。`);
      }
      const files = choice.fileIds.map((id) => intake.files.read(id));
      let pdf: Buffer;
      let pages: number;
      if (files.length === 1 && files[0].file.mime === 'application/pdf') {
        pdf = files[0].bytes;
        pages = Math.max(1, (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length);
      } else {
        if (files.some((f) => f.file.mime === 'application/pdf')) throw new DeskError('MATERIAL_MIXED_FILES', 'PDF 文件须单独导入，不能与图片页合并为一份材料。');
        const out = await assembleMaterialPdf(files.map((f) => f.bytes), { title: m.name });
        pdf = out.pdf;
        pages = out.pages.length;
      }
      const stored = intake.files.put(pdf, { kind: 'material-pdf', mime: 'application/pdf', source: `${c.id}:${materialId}` });
      const attachmentId = svc.attachFile(caseId, materialId, { filePath: stored.path, sha256: stored.sha256, mime: 'application/pdf', pages }, actor);
      // A further capture adds a PDF beside the earlier ones rather than dropping them.
      const earlier = m.status.kind === 'captured' ? m.status.attachmentIds : [];
      return svc.setMaterialStatus(caseId, materialId, { kind: 'captured', attachmentIds: [...earlier, attachmentId] }, actor);
    }
    case 'original-sighted':
      return svc.setMaterialStatus(caseId, materialId, { kind: 'original-sighted', note: choice.note }, actor);
    case 'missing':
      return svc.setMaterialStatus(caseId, materialId, { kind: 'missing' }, actor);
  }
}
