/**
 * A case's signatures back from the hall hub (issue 11: "nothing the clerk entered is lost"): the
 * 告知承诺 commitments, authorisations, acceptance and result receipts the applicant signed are
 * legal records. Inside importCase's transaction each `signature` step of the trail becomes its
 * `case_signatures` row again — every field the binding digest covers rides in the step since
 * this version (CaseService.recordSignature), so the restored row verifies against the digest
 * the original workstation computed. The image waits in `case_file_fetches` (kind 'signature')
 * and is fetched with the case's files (case-file-fetch.ts); until then the row points at
 * `hub:<digest>`, like an attachment.
 *
 * A step recorded before this version lacks the image digest and the binding's fields. The
 * workstation that took it restates it once it runs this version (a `signature-restated` step,
 * CaseService.restateSignatures), and the row is rebuilt from that. One never restated (its
 * workstation lost before the upgrade) cannot be rebuilt faithfully (an image digest is required,
 * a guessed one would be a forgery): it stays on the trail only, counted as `unrestorable`.
 */
import type { Database } from 'better-sqlite3';
import type { HallCaseStep } from '../../hub/cases/protocol';
import { AWAITED_PREFIX, SIGNATURE_MATERIAL_PREFIX, SIGNATURE_RESTATED } from './case-file-fetch';

const SHA = /^[0-9a-f]{64}$/;
const PURPOSES = new Set(['commitment', 'elicence-authorisation', 'agent-authorisation', 'acceptance', 'result-receipt']);

export interface SignatureRestore {
  restored: number;
  /** Signature steps from before the binding rode in the step: on the trail, not rebuilt. */
  unrestorable: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Inside importCase's transaction. `fetch` false (an archived case): rows rebuilt, no image waits. */
export function restoreSignatures(db: Database, caseId: string, steps: readonly HallCaseStep[], at: number, fetch = true): SignatureRestore {
  const row = db.prepare(`INSERT INTO case_signatures (id, case_id, purpose, signer_name, signer_id_number, image_path, image_sha256, signed_at, counter_id,
      signer_relation, image_width, image_height, document_sha256, document_file_id, staff_id, device_id, time_source, local_at, binding_sha256)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const wait = db.prepare(`INSERT INTO case_file_fetches (attachment_id, kind, case_id, material_id, sha256, mime, updated_at) VALUES (?, 'signature', ?, ?, ?, 'image/png', ?)
    ON CONFLICT (attachment_id) DO NOTHING`);
  const r: SignatureRestore = { restored: 0, unrestorable: 0 };
  const lacking = new Set<string>();
  const rebuilt = new Set<string>();
  for (const s of steps) {
    if (s.type !== 'signature' && s.type !== SIGNATURE_RESTATED) continue;
    const p = s.payload;
    const id = str(p.signatureId);
    if (id && rebuilt.has(id)) continue;
    const imageSha256 = str(p.imageSha256);
    const image = p.image as { width?: unknown; height?: unknown } | undefined;
    const width = typeof image?.width === 'number' ? image.width : null;
    const height = typeof image?.height === 'number' ? image.height : null;
    const purpose = str(p.purpose);
    if (!id || !imageSha256 || !SHA.test(imageSha256) || !purpose || !PURPOSES.has(purpose) || !str(p.signerName) || !str(p.signedAt) || width === null || height === null) {
      if (id) lacking.add(id);
      else r.unrestorable++;
      continue;
    }
    rebuilt.add(id);
    const changes = row.run(id, caseId, purpose, p.signerName, str(p.signerIdNumber), `${AWAITED_PREFIX}${imageSha256}`, imageSha256, p.signedAt, s.counterId,
      str(p.signerRelation), width, height, str(p.documentSha256), str(p.documentFileId), s.staffId, str(p.deviceId), p.timeSource === 'hub' || p.timeSource === 'local' ? p.timeSource : null,
      str(p.localAt), str(p.binding)).changes;
    if (changes !== 1) continue;
    r.restored++;
    if (fetch) wait.run(id, caseId, `${SIGNATURE_MATERIAL_PREFIX}${purpose}`, imageSha256, at);
  }
  // An old step restated later (`signature-restated`) is rebuilt from the restatement; one whose row is here already is not lost.
  const here = db.prepare('SELECT 1 FROM case_signatures WHERE id = ?');
  for (const id of lacking) if (!rebuilt.has(id) && !here.get(id)) r.unrestorable++;
  return r;
}
