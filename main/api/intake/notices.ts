import path from 'node:path';
import type { NoticeRef } from '../../../preload/contract/intake';
import { RELATION_LABELS, type Actor, type CaseDetail } from '../../core/cases';
import { generateNotice, NOTICE_TITLES, type NoticeKind, type NoticeSignature } from '../../core/notices';
import { DeskError } from '../../../common/errors';
import { AWAITED_PREFIX } from '../../core/sync/case-file-fetch';
import type { IntakeDomain } from '../domains/intake';

/** The commitment signature a reprint shows: the newest one a material of the case is pledged under. */
function latestCommitment(c: CaseDetail): string | null {
  const ids = c.materials.flatMap((m) => (m.status.kind === 'commitment' && m.status.signatureId ? [m.status.signatureId] : []));
  return ids.at(-1) ?? null;
}

/** The stored signature with its image, read back through the file store (hash-checked against the record). */
function noticeSignature(intake: IntakeDomain, signatureId: string): NoticeSignature {
  const s = intake.cases.signatures.signature(signatureId);
  if (!s?.imagePath) throw new DeskError('SIGNATURE_NOT_FOUND', '找不到该签名记录或签名图像，请重新请申请人签署。');
  // A case taken back from the hub: its signature image follows the import (core/sync/case-file-fetch.ts).
  if (s.imagePath.startsWith(AWAITED_PREFIX)) throw new DeskError('SIGNATURE_IMAGE_AWAITED', '签名图像正在从大厅服务取回，请稍后再出具；若大厅服务没有存档，请重新请申请人签署。');
  // The store names each file by its id.
  const { bytes, file } = intake.files.read(path.basename(s.imagePath).replace(/\.[^.]+$/, ''));
  if (file.sha256 !== s.imageSha256) throw new DeskError('FILE_TAMPERED', '签名图像与签名记录不符，可能已被改动，请联系管理员。');
  const capacity = !s.signerRelation || s.signerRelation === 'applicant' ? '申请人本人' : RELATION_LABELS[s.signerRelation];
  return { id: s.id, signerName: s.signerName, capacity, png: bytes, at: s.signedAt, timeSource: s.timeSource ?? 'local', documentSha256: s.document?.sha256 ?? null };
}

/**
 * Generates a notice for the case as it stands, stores it (kind 'notice') and returns its file ref.
 * A commitment is printed with a signature: the one given, none (`null`, the letter to be signed),
 * or by default the newest one on the case. With `actor` (the clerk at a counter) the notice is a
 * step of the case's trail (`notice-issued`), so its PDF reaches the hall hub and comes back with
 * the case to another counter or a rebuilt workstation, and into the archive package built there.
 */
export async function issueNotice(intake: IntakeDomain, c: CaseDetail, kind: NoticeKind, opts: { signatureId?: string | null; actor?: Actor | null } = {}): Promise<NoticeRef> {
  const sigId = kind === 'commitment' ? (opts.signatureId === undefined ? latestCommitment(c) : opts.signatureId) : null;
  const signature = sigId ? noticeSignature(intake, sigId) : null;
  // What the applicant takes home carries the QR to rate the service later (the letter to sign does not).
  const rateUrl = kind !== 'commitment' && c.ticket ? (intake.laterRating?.(c.ticket.ref) ?? null) : null;
  const pdf = await generateNotice(kind, { case: c, signature, hall: { name: intake.hallName() }, printedAt: intake.now().toISOString(), rateUrl });
  const f = intake.files.put(pdf, { kind: 'notice', mime: 'application/pdf', source: `${kind}${signature ? '-signed' : ''}:${c.caseNumber ?? c.id}` });
  if (opts.actor) intake.cases.recordNotice(c.id, { fileId: f.id, sha256: f.sha256, kind, signed: signature !== null }, opts.actor);
  return {
    kind,
    title: signature ? `${NOTICE_TITLES[kind]}（已签署）` : NOTICE_TITLES[kind],
    file: { fileId: f.id, mime: f.mime, size: f.size, sha256: f.sha256, width: null, height: null, source: f.source },
  };
}
