import { randomUUID } from 'node:crypto';
import { DeskError } from '../../../common/errors';

export type SignaturePurpose = 'commitment' | 'elicence-authorisation' | 'agent-authorisation' | 'acceptance' | 'result-receipt';

export interface PendingSignature {
  requestId: string;
  caseId: string;
  purpose: SignaturePurpose;
  materialIds: string[];
  signerName: string;
  /** The person present: the agent when there is one, else the applicant ('applicant'). */
  signerIdNumber: string | null;
  signerRelation: 'applicant' | 'legal-representative' | 'responsible-person' | 'entrusted' | 'guardian';
  /** What is signed: the letter's stored PDF, or the text shown on the citizen screen (its SHA-256). */
  document: { sha256: string; fileId?: string };
  /** Who asked: the signature is recorded as their action at their counter. */
  staffId: string;
  counterId: string;
}

/** One pending signature per counter: a new request replaces the previous one on that citizen screen. */
export class SignatureRequests {
  private readonly pending = new Map<string, PendingSignature>();

  open(p: Omit<PendingSignature, 'requestId'>): PendingSignature {
    const req = { ...p, requestId: randomUUID() };
    this.pending.set(p.counterId, req);
    return req;
  }

  /** Takes the request the citizen screen answers; refuses a stale or foreign one. */
  take(counterId: string, requestId: string): PendingSignature {
    const p = this.pending.get(counterId);
    if (!p || p.requestId !== requestId) throw new DeskError('SIGNATURE_REQUEST_UNKNOWN', '签名请求已失效，请等待工作人员重新发起。');
    this.pending.delete(counterId);
    return p;
  }

  /** Refuses a stale or foreign request without taking it (checked before the image is decoded). */
  assertPending(counterId: string, requestId: string): void {
    const p = this.pending.get(counterId);
    if (!p || p.requestId !== requestId) throw new DeskError('SIGNATURE_REQUEST_UNKNOWN', '签名请求已失效，请等待工作人员重新发起。');
  }

  peek(counterId: string): PendingSignature | undefined {
    return this.pending.get(counterId);
  }
}
