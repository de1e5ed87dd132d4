import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
  actorStaffId?: string | null;
  actorRole?: string | null;
  counterId?: string | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'details'>> {
  seq: number;
  at: string;
  details: string;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** The hashed content of a row: every column except the hash itself, in a fixed order. */
function rowHash(prevHash: string, r: Omit<AuditRow, 'hash' | 'prevHash'>): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actorStaffId, r.actorRole, r.counterId, r.action, r.target, r.outcome, r.details]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * Append-only audit log. Each row carries the hash of the row before it, so editing or
 * deleting any row (other than the newest, which is covered by `verify`'s anchor option)
 * breaks the chain at that point.
 */
export class AuditLog {
  private readonly last;
  private readonly insert;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(`INSERT INTO audit_log (seq, at, actor_staff_id, actor_role, counter_id, action, target, outcome, details, prev_hash, hash)
      VALUES (@seq, @at, @actorStaffId, @actorRole, @counterId, @action, @target, @outcome, @details, @prevHash, @hash)`);
  }

  record(entry: AuditEntry): AuditRow {
    return this.db.transaction(() => {
      const last = this.last.get() as { seq: number; hash: string } | undefined;
      const base = {
        seq: (last?.seq ?? 0) + 1,
        at: this.now().toISOString(),
        actorStaffId: entry.actorStaffId ?? null,
        actorRole: entry.actorRole ?? null,
        counterId: entry.counterId ?? null,
        action: entry.action,
        target: entry.target ?? null,
        outcome: entry.outcome,
        details: JSON.stringify(entry.details ?? {}),
      };
      const prevHash = last?.hash ?? GENESIS;
      const row = { ...base, prevHash, hash: rowHash(prevHash, base) } as AuditRow;
      this.insert.run(row);
      return row;
    }).immediate();
  }

  /**
   * Walks the chain. `expectedHead` (the last hash seen elsewhere, e.g. shipped to the hub)
   * also catches truncation of the newest rows.
   */
  verify(expectedHead?: { seq: number; hash: string }): { ok: true; rows: number } | { ok: false; brokenAt: number; reason: string } {
    const rows = this.db.prepare(`SELECT seq, at, actor_staff_id AS actorStaffId, actor_role AS actorRole, counter_id AS counterId,
      action, target, outcome, details, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq`).iterate() as IterableIterator<AuditRow>;
    let prev = GENESIS;
    let expectedSeq = 1;
    let count = 0;
    let head: AuditRow | undefined;
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, brokenAt: expectedSeq, reason: 'missing-row' };
      if (r.prevHash !== prev) return { ok: false, brokenAt: r.seq, reason: 'chain-broken' };
      const { hash, prevHash, ...content } = r;
      if (rowHash(prevHash, content) !== hash) return { ok: false, brokenAt: r.seq, reason: 'row-altered' };
      prev = hash;
      expectedSeq++;
      count++;
      head = r;
    }
    if (expectedHead && (!head || head.seq < expectedHead.seq)) return { ok: false, brokenAt: (head?.seq ?? 0) + 1, reason: 'truncated' };
    if (expectedHead && head && head.seq === expectedHead.seq && head.hash !== expectedHead.hash) return { ok: false, brokenAt: head.seq, reason: 'row-altered' };
    return { ok: true, rows: count };
  }

  recent(limit = 100, action?: string): AuditRow[] {
    const sql = `SELECT seq, at, actor_staff_id AS actorStaffId, actor_role AS actorRole, counter_id AS counterId, action, target, outcome, details,
      prev_hash AS prevHash, hash FROM audit_log ${action ? 'WHERE action = ?' : ''} ORDER BY seq DESC LIMIT ?`;
    const params: unknown[] = action ? [action, limit] : [limit];
    return this.db.prepare(sql).all(...params) as AuditRow[];
  }
}
