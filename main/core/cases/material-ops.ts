/**
 * A case's materials: their status (captured, exempt, committed…), whether a conditional one
 * applies, the files attached to them, and 撤回 of an attachment. Part of CaseService (which
 * delegates to it); every change and its step are written in one transaction.
 */
import type { Database } from 'better-sqlite3';
import type { SqlRow } from '../../db/connection';
import { DeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import { checkMaterialStatus, type MaterialStatus } from '../materials';
import { actorSchema, attachmentSchema, withdrawSchema, type Actor } from './inputs';
import type { caseQueries, CaseDetail } from './queries';
import { parseInput, type CaseSteps } from './steps';

export class CaseMaterialOps {
  constructor(
    private readonly db: Database,
    private readonly steps: CaseSteps,
    private readonly queries: ReturnType<typeof caseQueries>,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  setMaterialStatus(caseId: string, materialId: string, status: MaterialStatus, actorIn: Actor): CaseDetail {
    const actor = parseInput(actorSchema, actorIn, '操作人');
    const c = this.steps.load(caseId);
    const m = this.steps.material(c, materialId);
    this.steps.assertMaterialsEditable(c, materialId);
    const today = hallDay(this.now());
    const s = checkMaterialStatus(m.def, status, { today, applicant: { idNumber: c.applicant.idNumber ?? undefined, creditCode: c.applicant.creditCode ?? undefined } });
    if (s.kind === 'captured') {
      const known = (this.db.prepare('SELECT id FROM case_attachments WHERE case_id = ? AND material_id = ?').all(caseId, materialId) as Array<{ id: string }>).map((r) => r.id);
      const unknown = s.attachmentIds.filter((x) => !known.includes(x));
      if (unknown.length) throw new DeskError('MATERIAL_ATTACHMENT_UNKNOWN', `材料“${m.name}”引用了不属于本办件的附件，请重新扫描或拍摄。`);
    }
    if (s.kind === 'commitment') {
      const sig = s.signatureId && this.db.prepare(`SELECT 1 FROM case_signatures WHERE id = ? AND case_id = ? AND purpose = 'commitment'`).get(s.signatureId, caseId);
      if (!sig) throw new DeskError('MATERIAL_COMMITMENT_UNSIGNED', `“${m.name}”以告知承诺替代前，须由申请人在签名板上签署《告知承诺书》。`);
    }
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE case_materials SET status_kind = ?, status = ?, updated_at = ? WHERE case_id = ? AND material_id = ?')
        .run(s.kind, JSON.stringify(s), at, caseId, materialId);
      const followUp = c.deficiency?.materials.some((d) => d.id === materialId) && s.kind !== 'missing';
      this.steps.event(caseId, followUp ? 'deficiency-received' : 'material-status', c.state, c.state, actor, at, { materialId, kind: s.kind });
      this.steps.touch(caseId, at);
    })();
    return this.queries.getCase(caseId);
  }

  /** For conditional materials: whether the condition applies to this application. */
  setMaterialApplicable(caseId: string, materialId: string, applicable: boolean, actorIn: Actor): CaseDetail {
    const actor = parseInput(actorSchema, actorIn, '操作人');
    const c = this.steps.load(caseId);
    const m = this.steps.material(c, materialId);
    if (c.state !== 'draft' && c.state !== 'correction-requested') this.steps.assertMaterialsEditable(c, '');
    if (m.def.requirement !== 'conditional') throw new DeskError('MATERIAL_NOT_CONDITIONAL', `材料“${m.name}”不是按情况提交的材料，无需设置是否适用。`);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE case_materials SET applicable = ?, updated_at = ? WHERE case_id = ? AND material_id = ?').run(applicable ? 1 : 0, at, caseId, materialId);
      this.steps.event(caseId, 'material-applicable', c.state, c.state, actor, at, { materialId, applicable });
      this.steps.touch(caseId, at);
    })();
    return this.queries.getCase(caseId);
  }

  attachFile(caseId: string, materialId: string, file: unknown, actorIn: Actor): string {
    const actor = parseInput(actorSchema, actorIn, '操作人');
    const f = parseInput(attachmentSchema, file, '附件');
    const c = this.steps.load(caseId);
    this.steps.material(c, materialId);
    this.steps.assertMaterialsEditable(c, materialId);
    const id = this.newId();
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO case_attachments (id, case_id, material_id, file_path, sha256, mime, pages, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, caseId, materialId, f.filePath, f.sha256.toLowerCase(), f.mime, f.pages, at, actor.staffId);
      this.steps.event(caseId, 'attachment-added', c.state, c.state, actor, at, { attachmentId: id, materialId, sha256: f.sha256.toLowerCase(), pages: f.pages, mime: f.mime });
      this.steps.touch(caseId, at);
    })();
    return id;
  }

  /**
   * 撤回 an attachment: a wrong scan while the materials are open, or (`damaged`: the caller found
   * its file missing or unreadable here) at any time before archiving, since such a file can
   * never reach the hub nor the archive package. The material keeps its other files; with none
   * left it is missing again (after the decision: to be asked for as 补正). The row stays, marked.
   */
  withdrawAttachment(caseId: string, attachmentId: string, input: unknown, actorIn: Actor): CaseDetail {
    const actor = parseInput(actorSchema, actorIn, '操作人');
    const w = parseInput(withdrawSchema, input, '撤回附件');
    const c = this.steps.load(caseId);
    if (c.state === 'archived') throw new DeskError('CASE_ARCHIVED', `办件 ${c.caseNumber ?? c.id} 已归档，附件不能再撤回。`);
    const a = this.db.prepare('SELECT material_id, withdrawn_at FROM case_attachments WHERE id = ? AND case_id = ?').get(attachmentId, caseId) as SqlRow | undefined;
    if (!a) throw new DeskError('ATTACHMENT_NOT_FOUND', `办件 ${c.caseNumber ?? c.id} 没有附件 ${attachmentId}。`);
    if (a.withdrawn_at) throw new DeskError('ATTACHMENT_WITHDRAWN', '该附件已撤回，无需再次撤回。');
    const materialId = a.material_id as string;
    if (!w.damaged) this.steps.assertMaterialsEditable(c, materialId);
    const m = this.steps.material(c, materialId);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE case_attachments SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?').run(at, w.reason, attachmentId);
      if (m.status.kind === 'captured' && m.status.attachmentIds.includes(attachmentId)) {
        const rest = m.status.attachmentIds.filter((x) => x !== attachmentId);
        const s: MaterialStatus = rest.length ? { kind: 'captured', attachmentIds: rest } : { kind: 'missing' };
        this.db.prepare('UPDATE case_materials SET status_kind = ?, status = ?, updated_at = ? WHERE case_id = ? AND material_id = ?').run(s.kind, JSON.stringify(s), at, caseId, materialId);
      }
      this.steps.event(caseId, 'attachment-withdrawn', c.state, c.state, actor, at, { attachmentId, materialId, reason: w.reason, damaged: w.damaged });
      this.steps.touch(caseId, at);
    })();
    return this.queries.getCase(caseId);
  }
}
