import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What every audit row carries besides its link in the chain. */
export interface ChainContent {
  seq: number;
  at: string;
  actorStaffId: string | null;
  actorRole: string | null;
  counterId: string | null;
  action: string;
  target: string | null;
  outcome: string;
  details: string;
  source: string | null;
}

export const GENESIS = '0'.repeat(64);

/** A keyed row's MAC: HMAC-SHA256 over the previous row's MAC and every column of this one, in a fixed order. */
export function rowMac(key: Buffer, prev: string, r: ChainContent): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actorStaffId, r.actorRole, r.counterId, r.action, r.target, r.outcome, r.details, r.source]);
  return createHmac('sha256', key).update(prev).update('\n').update(canonical).digest('hex');
}

/** The unkeyed SHA-256 of rows written before migration 0007 (kept to check them once, and sealed by the first keyed row). */
export function legacyHash(prev: string, r: ChainContent): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actorStaffId, r.actorRole, r.counterId, r.action, r.target, r.outcome, r.details]);
  return createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
