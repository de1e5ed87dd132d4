import type { CaseDetail } from '../../core/cases';
import { DeskError } from '../../../common/errors';
import type { IntakeDomain } from '../domains/intake';
import { pushChecklist } from './push';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

/**
 * The applicant signed on the citizen screen of `counterId`: store the PNG, record the signature
 * on the case as the requesting clerk's action at that counter, put pledged materials under the
 * commitment, and tell the clerk.
 */
export function completeSignature(intake: IntakeDomain, counterId: string, requestId: string, pngBase64: string): CaseDetail {
  const png = Buffer.from(pngBase64, 'base64');
  if (!PNG_MAGIC.every((b, i) => png[i] === b)) throw new DeskError('SIGNATURE_NOT_PNG', '签名图像无效，请重新签名。');
  const req = intake.signatures.take(counterId, requestId);
  const actor = { staffId: req.staffId, counterId: req.counterId };
  const file = intake.files.put(png, { kind: 'signature', mime: 'image/png', source: `${req.caseId}:${req.purpose}` });
  const svc = intake.cases;
  const signatureId = svc.recordSignature(req.caseId, { purpose: req.purpose, signerName: req.signerName, imagePath: file.path, imageSha256: file.sha256 }, actor);
  let c = svc.queries.getCase(req.caseId);
  if (req.purpose === 'commitment') {
    for (const materialId of req.materialIds) c = svc.setMaterialStatus(req.caseId, materialId, { kind: 'commitment', signatureId }, actor);
  }
  intake.bus.emit('intake.signed', { caseId: req.caseId, requestId, purpose: req.purpose, signatureId, signerName: req.signerName }, counterId);
  pushChecklist(intake, counterId, c);
  return c;
}
