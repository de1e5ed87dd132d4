import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SqlRow } from '../../db/connection';
import type { SignatureInput } from './inputs';

/** What each kind of signature is called on a document or a list (archive package, 同步 page). */
export const SIGNATURE_TITLES: Record<SignatureInput['purpose'], string> = {
  commitment: '告知承诺书签名', 'elicence-authorisation': '电子证照授权签名', 'agent-authorisation': '委托授权签名', acceptance: '受理确认签名', 'result-receipt': '领取回执签名',
};

/** A stored signature with what it is bound to (NULLs on rows recorded before binding existed). */
export interface SignatureRecord {
  id: string;
  caseId: string;
  purpose: SignatureInput['purpose'];
  signerName: string;
  signerIdNumber: string | null;
  signerRelation: SignatureInput['signerRelation'] | null;
  imagePath: string | null;
  imageSha256: string;
  image: { width: number; height: number } | null;
  document: { sha256: string; fileId: string | null } | null;
  counterId: string;
  staffId: string | null;
  deviceId: string | null;
  signedAt: string;
  timeSource: 'hub' | 'local' | null;
  localAt: string | null;
  bindingSha256: string | null;
}

/** The fields a binding covers, in a fixed order: any later edit of one of them no longer matches the digest. */
export function bindingDigest(r: Omit<SignatureRecord, 'bindingSha256' | 'imagePath'>): string {
  const canonical = JSON.stringify([
    r.id, r.caseId, r.purpose, r.signerName, r.signerIdNumber, r.signerRelation, r.imageSha256, r.image?.width ?? null, r.image?.height ?? null,
    r.document?.sha256 ?? null, r.document?.fileId ?? null, r.counterId, r.staffId, r.deviceId, r.signedAt, r.timeSource, r.localAt,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * What a `signature` (or `signature-restated`) step carries: every field the binding covers except
 * the step's own counter and clerk, so a workstation taking the case back from the hub rebuilds the
 * row and its digest (core/sync/restore-signatures.ts).
 */
export function signatureStepPayload(r: Omit<SignatureRecord, 'bindingSha256' | 'imagePath'>, binding: string): Record<string, unknown> {
  return {
    signatureId: r.id, purpose: r.purpose, signerName: r.signerName, signerRelation: r.signerRelation, documentSha256: r.document?.sha256 ?? null, binding,
    signerIdNumber: r.signerIdNumber, imageSha256: r.imageSha256, image: r.image, documentFileId: r.document?.fileId ?? null, deviceId: r.deviceId,
    signedAt: r.signedAt, timeSource: r.timeSource, localAt: r.localAt,
  };
}

export function rowToSignature(r: SqlRow): SignatureRecord {
  return {
    id: r.id, caseId: r.case_id, purpose: r.purpose, signerName: r.signer_name, signerIdNumber: r.signer_id_number, signerRelation: r.signer_relation,
    imagePath: r.image_path, imageSha256: r.image_sha256, image: r.image_width ? { width: r.image_width, height: r.image_height } : null,
    document: r.document_sha256 ? { sha256: r.document_sha256, fileId: r.document_file_id } : null,
    counterId: r.counter_id, staffId: r.staff_id, deviceId: r.device_id, signedAt: r.signed_at, timeSource: r.time_source, localAt: r.local_at,
    bindingSha256: r.binding_sha256,
  };
}

export function signatureQueries(db: Database) {
  return {
    signature(id: string): SignatureRecord | null {
      const r = db.prepare('SELECT * FROM case_signatures WHERE id = ?').get(id) as SqlRow | undefined;
      return r ? rowToSignature(r) : null;
    },
    /** Whether the stored record still matches its digest (false for unbound legacy rows). */
    verify(id: string): boolean {
      const s = this.signature(id);
      return Boolean(s?.bindingSha256 && s.bindingSha256 === bindingDigest(s));
    },
  };
}
