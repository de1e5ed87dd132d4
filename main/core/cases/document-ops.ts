/**
 * What the applicant signs and receives, as steps of the case's trail: a signature with its
 * binding, and each notice issued (its stored PDF named by file id and digest), so both reach the
 * hall hub as files (core/sync/case-files.ts) and come back to a rebuilt workstation or a counter
 * taking the case over — and so into the case's archive package wherever it is built. Part of
 * CaseService (which delegates to it).
 */
import type { Database } from 'better-sqlite3';
import type { SqlRow } from '../../db/connection';
import { DeskError } from '../../../common/errors';
import { actorSchema, signatureSchema, type Actor } from './inputs';
import { bindingDigest, rowToSignature, signatureStepPayload } from './signature';
import { parseInput, type CaseSteps } from './steps';

/** The step a notice is recorded by; `restated` for one issued before the step existed. */
export const NOTICE_ISSUED = 'notice-issued';

export interface NoticeStep {
  /** The notice's PDF in the file store (its id there, and the SHA-256 of its bytes). */
  fileId: string;
  sha256: string;
  /** NoticeKind (core/notices): acceptance, deficiency, correction, rejection, result-receipt, commitment. */
  kind: string;
  /** Printed with the applicant's signature (the source is `<kind>-signed:<case>`). */
  signed: boolean;
}

export class CaseDocumentOps {
  constructor(
    private readonly db: Database,
    private readonly steps: CaseSteps,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  /** Records a signature with its binding (document hash, clerk, counter, workstation, time) and the digest over them. */
  recordSignature(caseId: string, input: unknown, actorIn: Actor): string {
    const actor = parseInput(actorSchema, actorIn, '操作人');
    const s = parseInput(signatureSchema, input, '签名');
    const c = this.steps.load(caseId);
    if (c.state === 'archived') throw new DeskError('CASE_ARCHIVED', `办件 ${c.caseNumber ?? c.id} 已归档，不能再签名。`);
    const id = this.newId();
    const localAt = this.now().toISOString();
    const rec = {
      id, caseId, purpose: s.purpose, signerName: s.signerName, signerIdNumber: s.signerIdNumber ?? null, signerRelation: s.signerRelation,
      imageSha256: s.imageSha256.toLowerCase(), image: s.image, document: { sha256: s.document.sha256.toLowerCase(), fileId: s.document.fileId ?? null },
      counterId: actor.counterId, staffId: actor.staffId, deviceId: s.deviceId, signedAt: s.time.at, timeSource: s.time.source, localAt,
    };
    const binding = bindingDigest(rec);
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO case_signatures (id, case_id, purpose, signer_name, signer_id_number, image_path, image_sha256, signed_at, counter_id,
          signer_relation, image_width, image_height, document_sha256, document_file_id, staff_id, device_id, time_source, local_at, binding_sha256)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, caseId, s.purpose, s.signerName, rec.signerIdNumber, s.imagePath ?? null, rec.imageSha256, rec.signedAt, actor.counterId,
          rec.signerRelation, s.image.width, s.image.height, rec.document.sha256, rec.document.fileId, actor.staffId, s.deviceId, s.time.source, localAt, binding);
      this.steps.event(caseId, 'signature', c.state, c.state, actor, localAt, signatureStepPayload(rec, binding));
      this.steps.touch(caseId, localAt);
    })();
    return id;
  }

  /**
   * Signatures of cases not yet archived whose step predates the binding's fields in it: each gets
   * one `signature-restated` step carrying them (at the signature's counter, by its clerk), so its
   * image reaches the hub and a restore rebuilds it. Idempotent: run at every start.
   */
  restateSignatures(): number {
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT s.* FROM case_signatures s JOIN cases c ON c.id = s.case_id
        WHERE c.state <> 'archived' AND s.binding_sha256 IS NOT NULL AND s.staff_id IS NOT NULL AND s.image_width IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM case_events e WHERE e.case_id = s.case_id AND e.type IN ('signature', 'signature-restated')
            AND json_extract(e.payload, '$.signatureId') = s.id AND json_extract(e.payload, '$.imageSha256') IS NOT NULL)`).all() as SqlRow[];
      for (const r of rows) {
        const rec = rowToSignature(r);
        this.steps.event(rec.caseId, 'signature-restated', null, null, { staffId: rec.staffId!, counterId: rec.counterId }, at, signatureStepPayload(rec, rec.bindingSha256!));
      }
      return rows.length;
    })();
  }

  /**
   * A notice issued for the case: one `notice-issued` step naming its stored PDF. After archiving
   * the package is sealed, so a reprint then is a copy and records nothing.
   */
  recordNotice(caseId: string, n: NoticeStep, actorIn: Actor): void {
    const actor = parseInput(actorSchema, actorIn, '操作人');
    if (!/^[0-9a-f]{64}$/.test(n.sha256)) throw new DeskError('INPUT_INVALID', '通知书文件的校验值格式不正确。');
    const c = this.steps.load(caseId);
    if (c.state === 'archived') return;
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.steps.event(caseId, NOTICE_ISSUED, c.state, c.state, actor, at, { fileId: n.fileId, sha256: n.sha256, kind: n.kind, signed: n.signed });
      this.steps.touch(caseId, at);
    })();
  }

  /**
   * Notices of cases not yet archived issued before their step existed: each gets one
   * `notice-issued` step (restated, at the case's counter, by the clerk who took it), so it reaches
   * the hub and comes back. Idempotent: run at every start.
   */
  restateNotices(): number {
    const at = this.now().toISOString();
    const notices = this.db.prepare(`SELECT id, sha256, source FROM files WHERE kind = 'notice' ORDER BY created_at, id`).all() as SqlRow[];
    const kase = this.db.prepare(`SELECT id, state, created_by, counter_id FROM cases WHERE case_number = ? OR id = ?`);
    const known = this.db.prepare(`SELECT 1 FROM case_events WHERE case_id = ? AND type = ? AND json_extract(payload, '$.fileId') = ?`);
    return this.db.transaction(() => {
      let n = 0;
      for (const f of notices) {
        const source = String(f.source ?? '');
        const cut = source.indexOf(':');
        if (cut < 0) continue;
        const key = source.slice(cut + 1);
        const c = kase.get(key, key) as SqlRow | undefined;
        if (!c || c.state === 'archived' || known.get(c.id, NOTICE_ISSUED, f.id)) continue;
        const head = source.slice(0, cut);
        const signed = head.endsWith('-signed');
        this.steps.event(c.id as string, NOTICE_ISSUED, null, null, { staffId: c.created_by as string, counterId: c.counter_id as string }, at, {
          fileId: f.id, sha256: String(f.sha256).toLowerCase(), kind: signed ? head.slice(0, -'-signed'.length) : head, signed, restated: true,
        });
        n++;
      }
      return n;
    })();
  }
}
