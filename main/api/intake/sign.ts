import type { CaseDetail } from '../../core/cases';
import type { NoticeRef } from '../../../preload/contract/intake';
import type { IntakeDomain } from '../domains/intake';
import { issueNotice } from './notices';
import { pushChecklist } from './push';
import { checkSignatureImage } from './signature-image';

/**
 * The applicant signed on the citizen screen of `counterId`. The image is decoded and checked
 * before the request is taken (a refused image leaves the request open for a fresh signature),
 * stored re-encoded, and recorded bound to the document, the clerk who asked, this workstation
 * and the time. A commitment puts its materials under it and comes back as the signed letter.
 */
export async function completeSignature(intake: IntakeDomain, counterId: string, requestId: string, pngBase64: string): Promise<CaseDetail> {
  intake.signatures.assertPending(counterId, requestId);
  const image = await checkSignatureImage(Buffer.from(pngBase64, 'base64'));
  const req = intake.signatures.take(counterId, requestId);
  const actor = { staffId: req.staffId, counterId: req.counterId };
  const file = intake.files.put(image.png, { kind: 'signature', mime: 'image/png', source: `${req.caseId}:${req.purpose}`, width: image.width, height: image.height });
  const svc = intake.cases;
  const signatureId = svc.recordSignature(req.caseId, {
    purpose: req.purpose, signerName: req.signerName, signerIdNumber: req.signerIdNumber ?? undefined, signerRelation: req.signerRelation,
    imagePath: file.path, imageSha256: file.sha256, image: { width: image.width, height: image.height },
    document: req.document, deviceId: intake.station.deviceId, time: intake.station.time(),
  }, actor);
  let c = svc.queries.getCase(req.caseId);
  let notice: NoticeRef | null = null;
  if (req.purpose === 'commitment') {
    for (const materialId of req.materialIds) c = svc.setMaterialStatus(req.caseId, materialId, { kind: 'commitment', signatureId }, actor);
    notice = await issueNotice(intake, c, 'commitment', { signatureId });
  }
  intake.bus.emit('intake.signed', { caseId: req.caseId, requestId, purpose: req.purpose, signatureId, signerName: req.signerName, notice }, counterId);
  pushChecklist(intake, counterId, c);
  return c;
}
