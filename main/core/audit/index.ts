import type { Db } from '../../db/connection';
import { GENESIS, rowMac, type ChainContent } from './chain';
import { keyId, type AuditKeySource } from './key';
import { RefusalAggregator, type Refusal } from './refusals';
import { verifyChain, type AuditHead, type ChainVerdict } from './verify';

export { fileAuditKey, memoryAuditKey, derivedAuditKey, AUDIT_KEY_FILE, type AuditKeySource } from './key';
export type { AuditHead, AuditReason, AuditStatus, ChainVerdict } from './verify';
export type { Refusal } from './refusals';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
  actorStaffId?: string | null;
  actorRole?: string | null;
  counterId?: string | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
  /** Where the call came from when that is not a signed-in person (an address, an origin). */
  source?: string | null;
}

export interface AuditRow extends ChainContent {
  outcome: AuditOutcome;
  prevHash: string;
  /** The row's HMAC-SHA256 (or, for rows from before migration 0007, its old SHA-256). */
  hash: string;
}

const COLUMNS = `seq, at, actor_staff_id AS actorStaffId, actor_role AS actorRole, counter_id AS counterId, action, target, outcome, details, source,
  prev_hash AS prevHash, hash`;

export interface AuditLogOptions {
  now?: () => Date;
  /** Refusals of one action from one source within this window make one row (default one minute). */
  refusalWindowMs?: number;
}

/**
 * Append-only audit log, chained with HMAC-SHA256 under a key kept outside the database
 * (`AuditKeySource`): editing, deleting or inserting a row breaks the chain at that row, and it
 * cannot be re-computed without the key. Truncation of the newest rows is caught against the
 * anchor the hub keeps (anchor.ts) and, locally, against SQLite's sequence counter. Migration 0007
 * makes UPDATE and DELETE on the table fail. The workstation and the hall hub each keep one.
 */
export class AuditLog {
  private readonly last;
  private readonly insert;
  private readonly key: Buffer;
  private readonly now: () => Date;
  private readonly refusals: RefusalAggregator;
  private readonly listeners = new Set<(row: AuditRow) => void>();
  private closed = false;

  constructor(private readonly db: Db, keySource: AuditKeySource, opts: AuditLogOptions = {}) {
    this.key = keySource.key();
    this.now = opts.now ?? (() => new Date());
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(`INSERT INTO audit_log (seq, at, actor_staff_id, actor_role, counter_id, action, target, outcome, details, source, prev_hash, hash, keyed)
      VALUES (@seq, @at, @actorStaffId, @actorRole, @counterId, @action, @target, @outcome, @details, @source, @prevHash, @hash, 1)`);
    this.refusals = new RefusalAggregator(
      (r, extra) => this.record({ ...r, outcome: 'refused', details: { ...r.details, ...extra } }),
      this.now,
      opts.refusalWindowMs,
    );
    this.seal();
  }

  /**
   * The chain's first keyed row. On a new log it names the key; on a log carried over from before
   * the key (migration 0007 leaves those rows as they were) it first checks the old SHA-256 chain
   * and records the result, so re-keying can never launder a log that was already tampered with.
   * Its MAC covers the old head, so the old rows are under the key from here on.
   */
  private seal(): void {
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM audit_log WHERE keyed = 1 LIMIT 1').get()) return;
      const legacy = this.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number };
      const details: Record<string, unknown> = { keyId: keyId(this.key) };
      if (legacy.n > 0) {
        const v = verifyChain(this.db, this.key);
        // Without a keyed row the walk ends "truncated: no keyed row"; anything else is the old chain's own break.
        details.legacyRows = legacy.n;
        details.legacyVerified = v.status === 'broken' ? { ok: false, brokenAt: v.brokenAt, reason: v.reason } : { ok: true };
        details.legacyHead = v.head;
      }
      this.record({ action: legacy.n > 0 ? 'audit.rekeyed' : 'audit.started', outcome: 'ok', details });
    }).immediate();
  }

  record(entry: AuditEntry): AuditRow {
    const row = this.db.transaction(() => {
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
        source: entry.source ?? null,
      };
      const prevHash = last?.hash ?? GENESIS;
      const r: AuditRow = { ...base, prevHash, hash: rowMac(this.key, prevHash, base) };
      this.insert.run(r);
      return r;
    }).immediate();
    for (const fn of this.listeners) fn(row);
    return row;
  }

  /** A refused connection or call: aggregated per action and source (refusals.ts). */
  refusal(r: Refusal): void {
    if (this.closed) return;
    this.refusals.add(r);
  }

  /** Told of every row after it is written (the anchor is shipped at logout). */
  onRecord(fn: (row: AuditRow) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  head(): AuditHead | null {
    const r = this.last.get() as { seq: number; hash: string } | undefined;
    return r ? { seq: r.seq, mac: r.hash } : null;
  }

  /** Walks the chain; `anchor` (the head the hub was last sent) also catches truncation and a re-computed chain. */
  verify(anchor?: AuditHead | null): ChainVerdict {
    return verifyChain(this.db, this.key, anchor);
  }

  recent(limit = 100, action?: string): AuditRow[] {
    const sql = `SELECT ${COLUMNS} FROM audit_log ${action ? 'WHERE action = ?' : ''} ORDER BY seq DESC LIMIT ?`;
    const params: unknown[] = action ? [action, limit] : [limit];
    return this.db.prepare(sql).all(...params) as AuditRow[];
  }

  /** Writes the refusals still being counted; call before the database closes. */
  close(): void {
    if (this.closed) return;
    this.refusals.flushAll();
    this.closed = true;
  }
}
