import type { Db } from '../../db/connection';
import { GENESIS, legacyHash, rowMac, sameHex, type ChainContent } from './chain';
import { keyId } from './key';

/** A chain head: the newest row's sequence number and MAC (what is anchored at the hub). */
export interface AuditHead {
  seq: number;
  mac: string;
}

/**
 * - `ok`: every row verifies, none is missing, and the head is not behind the anchor;
 * - `broken`: the first row that does not verify (`brokenAt`): edited, missing, or out of the chain;
 * - `truncated`: the newest rows (or all of them) are gone: the head is behind the anchor, behind
 *   SQLite's own sequence counter, or there is no keyed row at all;
 * - `rehashed`: the chain verifies but the row at the anchor's sequence carries another MAC — the
 *   log was rewritten by someone holding the key.
 */
export type AuditStatus = 'ok' | 'broken' | 'truncated' | 'rehashed';
export type AuditReason = 'missing-row' | 'chain-broken' | 'row-altered' | 'key-mismatch' | 'unkeyed-row' | 'no-keyed-row' | 'behind-counter' | 'behind-anchor' | 'anchor-mac';

export interface ChainVerdict {
  ok: boolean;
  status: AuditStatus;
  rows: number;
  head: AuditHead | null;
  brokenAt?: number;
  reason?: AuditReason;
}

type StoredRow = ChainContent & { prevHash: string; hash: string; keyed: number };

const SELECT_ALL = `SELECT seq, at, actor_staff_id AS actorStaffId, actor_role AS actorRole, counter_id AS counterId, action, target, outcome,
  details, source, prev_hash AS prevHash, hash, keyed FROM audit_log ORDER BY seq`;

/**
 * Walks the whole chain once. Rows written before the chain was keyed (migration 0007) are
 * checked as the old SHA-256 chain and are sealed by the first keyed row, whose MAC covers the old
 * head; after it, an unkeyed row is a forgery.
 */
export function verifyChain(db: Db, key: Buffer, anchor?: AuditHead | null): ChainVerdict {
  let prev = GENESIS;
  let expectedSeq = 1;
  let rows = 0;
  let head: AuditHead | null = null;
  let keyedSeen = false;
  let atAnchor: string | null = null;
  const broken = (brokenAt: number, reason: AuditReason): ChainVerdict => ({ ok: false, status: 'broken', rows, head, brokenAt, reason });
  for (const r of db.prepare(SELECT_ALL).iterate() as IterableIterator<StoredRow>) {
    if (r.seq !== expectedSeq) return broken(expectedSeq, 'missing-row');
    if (!sameHex(r.prevHash, prev)) return broken(r.seq, 'chain-broken');
    if (r.keyed) {
      if (!sameHex(rowMac(key, r.prevHash, r), r.hash)) return broken(r.seq, !keyedSeen && keyOf(r) !== keyId(key) ? 'key-mismatch' : 'row-altered');
      keyedSeen = true;
    } else {
      if (keyedSeen) return broken(r.seq, 'unkeyed-row');
      if (legacyHash(r.prevHash, r) !== r.hash) return broken(r.seq, 'row-altered');
    }
    if (anchor && r.seq === anchor.seq) atAnchor = r.hash;
    prev = r.hash;
    head = { seq: r.seq, mac: r.hash };
    expectedSeq++;
    rows++;
  }
  const truncated = (reason: AuditReason): ChainVerdict => ({ ok: false, status: 'truncated', rows, head, brokenAt: (head?.seq ?? 0) + 1, reason });
  // The log is never empty once keyed (its first keyed row is written on open): nothing keyed left means rows were removed.
  if (!keyedSeen) return truncated('no-keyed-row');
  const counter = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as { seq: number } | undefined;
  if (counter && head && counter.seq > head.seq) return truncated('behind-counter');
  if (anchor && (!head || head.seq < anchor.seq)) return truncated('behind-anchor');
  if (anchor && atAnchor !== null && !sameHex(atAnchor, anchor.mac)) return { ok: false, status: 'rehashed', rows, head, brokenAt: anchor.seq, reason: 'anchor-mac' };
  return { ok: true, status: 'ok', rows, head };
}

function keyOf(r: StoredRow): string | null {
  try {
    const d = JSON.parse(r.details) as { keyId?: unknown };
    return typeof d.keyId === 'string' ? d.keyId : null;
  } catch {
    return null;
  }
}
