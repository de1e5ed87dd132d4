/**
 * The workstation's outbox: every change that must reach the hub, written by `enqueue` INSIDE the
 * caller's transaction (so the change and its outbox row commit or vanish together), in order per
 * aggregate. Generic: a case's steps are kind `case.step` on aggregate `case:<id>`; a rating's
 * offer and snapshots `rating.offer` / `rating.put` on `rating:<service id>`; a 求助 and a 办不成事
 * report `assist.request` / `assist.report`, each on its own lane (core/rating/sync.ts, core/assist/sync.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { DeskError } from '../../../common/errors';

export type OutboxStatus = 'pending' | 'inflight' | 'failed' | 'dead' | 'done';

export interface OutboxOp<P = unknown> {
  id: number;
  kind: string;
  aggregate: string;
  seq: number;
  payload: P;
  idempotencyKey: string;
  createdAt: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface Backlog {
  pending: number;
  inflight: number;
  failed: number;
  dead: number;
  /** createdAt of the oldest operation not yet done (dead ones included: they are not at the hub). */
  oldestAt: number | null;
}

type Row = { id: number; kind: string; aggregate: string; seq: number; payload: string; idempotency_key: string; created_at: number; status: OutboxStatus; attempts: number; next_attempt_at: number; last_error: string | null };

function toOp(r: Row): OutboxOp {
  return {
    id: r.id, kind: r.kind, aggregate: r.aggregate, seq: r.seq, payload: JSON.parse(r.payload), idempotencyKey: r.idempotency_key, createdAt: r.created_at,
    status: r.status, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
  };
}

export class Outbox {
  private readonly cache = new Map<string, Statement>();
  /** Told after a commit that added work (the engine's kick): never inside the transaction. */
  onEnqueued: (() => void) | null = null;

  constructor(readonly db: Database, private readonly now: () => number = Date.now) {}

  private st(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /**
   * Appends an operation to `aggregate`'s lane. Must run inside the caller's transaction: the
   * outbox row is part of the change. Returns the operation's seq.
   */
  enqueue(kind: string, aggregate: string, payload: unknown, idempotencyKey: string = randomUUID()): number {
    if (!this.db.inTransaction) throw new DeskError('INTERNAL', '同步队列只能在业务写入的同一事务中登记。');
    const seq = (this.st(`INSERT INTO sync_aggregates (aggregate, last_seq) VALUES (?, 1)
      ON CONFLICT (aggregate) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`).get(aggregate) as { last_seq: number }).last_seq;
    const at = this.now();
    this.st(`INSERT INTO sync_outbox (kind, aggregate, seq, payload, idempotency_key, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(kind, aggregate, seq, JSON.stringify(payload), idempotencyKey, at, at);
    if (this.onEnqueued) queueMicrotask(() => this.onEnqueued?.());
    return seq;
  }

  /** Sets an aggregate's lane to continue after `lastSeq` (a case taken over from the hub continues its trail). */
  continueAfter(aggregate: string, lastSeq: number): void {
    this.st(`INSERT INTO sync_aggregates (aggregate, last_seq) VALUES (?, ?) ON CONFLICT (aggregate) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)`).run(aggregate, lastSeq);
  }

  /**
   * The next operations to send: per aggregate, the head of its lane (its lowest seq not done) if
   * it is due, followed by the lane's next pending operations. A lane whose head is dead, failed and
   * not yet due, or inflight sends nothing; other lanes are not held up by it.
   * `kinds`: only operations the engine can send. A lane stops at the first one it cannot (its
   * order is kept), and such operations never take the places of sendable ones (no starvation).
   */
  due(limit: number, perLane = 20, kinds: ReadonlySet<string> | null = null): OutboxOp[] {
    const now = this.now();
    // The lane walk reads only the small columns; payloads are read for the chosen rows alone (a
    // 40,000-step backlog would otherwise be read and parsed on every pass).
    const rows = this.st(`SELECT id, kind, aggregate, status, next_attempt_at FROM sync_outbox INDEXED BY sync_outbox_open WHERE status <> 'done' ORDER BY aggregate, seq`).all() as Array<Pick<Row, 'id' | 'kind' | 'aggregate' | 'status' | 'next_attempt_at'>>;
    const ids: number[] = [];
    let lane: string | null = null;
    let open = false;
    let taken = 0;
    for (const r of rows) {
      const sendable = kinds === null || kinds.has(r.kind);
      if (r.aggregate !== lane) {
        lane = r.aggregate;
        taken = 0;
        open = sendable && (r.status === 'pending' || r.status === 'failed') && r.next_attempt_at <= now;
      } else if ((r.status !== 'pending' && r.status !== 'failed') || !sendable) {
        // Behind a due head the lane goes as one: its own timing is the head's.
        open = false;
      }
      if (!open || taken >= perLane) continue;
      ids.push(r.id);
      taken++;
      if (ids.length >= limit) break;
    }
    const one = this.st('SELECT * FROM sync_outbox WHERE id = ?');
    // Oldest first across lanes, each lane still in its own order (a lane's ops are in seq order by id).
    return ids.sort((a, b) => a - b).map((id) => toOp(one.get(id) as Row));
  }

  /** The operations of one kind not yet at the hub, oldest first (e.g. the 求助 a counter still waits to send). */
  open(kind: string, limit = 200): OutboxOp[] {
    return (this.st(`SELECT * FROM sync_outbox INDEXED BY sync_outbox_status WHERE status <> 'done' AND kind = ? ORDER BY id LIMIT ?`).all(kind, limit) as Row[]).map(toOp);
  }

  markInflight(ids: readonly number[]): void {
    const st = this.st(`UPDATE sync_outbox SET status = 'inflight' WHERE id = ? AND status IN ('pending','failed')`);
    this.db.transaction(() => ids.forEach((id) => st.run(id)))();
  }

  /** The hub has it (now or before): done, with the hub's sequence and receipt time. */
  markDone(id: number, hubSeq: number | null, receivedAt: number | null): void {
    this.st(`UPDATE sync_outbox SET status = 'done', done_at = ?, hub_seq = ?, received_at = ?, last_error = NULL WHERE id = ?`).run(this.now(), hubSeq, receivedAt, id);
  }

  /** Not delivered (network, hub fault): tried again at `nextAttemptAt`. */
  markFailed(id: number, error: string, nextAttemptAt: number, countAttempt = true): void {
    this.st(`UPDATE sync_outbox SET status = 'failed', attempts = attempts + ?, last_error = ?, next_attempt_at = ? WHERE id = ? AND status <> 'done'`)
      .run(countAttempt ? 1 : 0, error, nextAttemptAt, id);
  }

  /** Back in line without counting an attempt (the hub waits for an earlier step first). */
  markPending(id: number, nextAttemptAt: number, note: string | null = null): void {
    this.st(`UPDATE sync_outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ? AND status <> 'done'`).run(nextAttemptAt, note, id);
  }

  /** Refused by the hub: kept, with the reason, until someone fixes and resends it. */
  markDead(id: number, reason: string): void {
    this.st(`UPDATE sync_outbox SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ? AND status <> 'done'`).run(reason, id);
  }

  /**
   * A lane's operations not yet sent are void (a withdrawn attachment's upload: the withdrawal step
   * that voids it goes to the hub on its case's lane and the audit log names who did it). What is
   * in flight finishes as it will; its sender finds the attachment withdrawn.
   */
  discardOpen(aggregate: string): number {
    return this.st(`DELETE FROM sync_outbox WHERE aggregate = ? AND status IN ('pending', 'failed', 'dead')`).run(aggregate).changes;
  }

  /** The hub is reachable again: what waits for its backoff goes now (the wait was for the outage). */
  retryNow(): number {
    // Through the open-rows index (as recoverInflight): the done rows are most of the table.
    return this.st(`UPDATE sync_outbox INDEXED BY sync_outbox_status SET next_attempt_at = ? WHERE status = 'failed' AND status <> 'done' AND next_attempt_at > ?`).run(this.now(), this.now()).changes;
  }

  /** After a crash mid-send: what was in flight is sent again (the hub answers a repeat with its first answer). */
  recoverInflight(): number {
    // The redundant `status <> 'done'` lets SQLite prove the partial index applies; without it every
    // pass read the whole table, done payloads included (quadratic over a day's history).
    return this.st(`UPDATE sync_outbox INDEXED BY sync_outbox_status SET status = 'pending' WHERE status = 'inflight' AND status <> 'done'`).run().changes;
  }

  /**
   * The hub lacks steps it should have (it asks for `fromSeq`, e.g. after its database was
   * restored): every operation of the lane from there on is sent again, done ones included.
   */
  requeueFrom(aggregate: string, fromSeq: number): number {
    return this.st(`UPDATE sync_outbox SET status = 'pending', next_attempt_at = ?, done_at = NULL WHERE aggregate = ? AND seq >= ? AND status IN ('done','failed')`)
      .run(this.now(), aggregate, fromSeq).changes;
  }

  /** 重新发送: a dead (or failed) operation goes back in line now, optionally with a corrected payload. */
  resend(id: number, payload?: unknown): OutboxOp {
    const r = this.st('SELECT * FROM sync_outbox WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new DeskError('NOT_FOUND', `同步队列中没有第 ${id} 项操作。`);
    if (r.status === 'done') throw new DeskError('SYNC_ALREADY_DONE', '该操作已同步到大厅服务，无需重新发送。');
    // A changed payload is a different request: it gets a new key, or the hub would refuse it as a reused one.
    const key = payload === undefined ? r.idempotency_key : randomUUID();
    this.st(`UPDATE sync_outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, payload = ?, idempotency_key = ? WHERE id = ?`)
      .run(this.now(), payload === undefined ? r.payload : JSON.stringify(payload), key, id);
    if (this.onEnqueued) queueMicrotask(() => this.onEnqueued?.());
    return toOp(this.st('SELECT * FROM sync_outbox WHERE id = ?').get(id) as Row);
  }

  get(id: number): OutboxOp | null {
    const r = this.st('SELECT * FROM sync_outbox WHERE id = ?').get(id) as Row | undefined;
    return r ? toOp(r) : null;
  }

  list(statuses: readonly OutboxStatus[], limit = 200): OutboxOp[] {
    const marks = statuses.map(() => '?').join(',');
    return (this.db.prepare(`SELECT * FROM sync_outbox WHERE status IN (${marks}) ORDER BY id LIMIT ?`).all(...statuses, limit) as Row[]).map(toOp);
  }

  /** What is not yet at the hub; `kinds`: of those kinds only (the hub's 办件质量 hears of case steps alone). */
  backlog(kinds: readonly string[] | null = null): Backlog {
    const only = kinds ? ` AND kind IN (${kinds.map(() => '?').join(',')})` : '';
    const rows = this.st(`SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM sync_outbox INDEXED BY sync_outbox_status WHERE status <> 'done'${only} GROUP BY status`).all(...(kinds ?? [])) as Array<{ status: OutboxStatus; n: number; oldest: number }>;
    const b: Backlog = { pending: 0, inflight: 0, failed: 0, dead: 0, oldestAt: null };
    for (const r of rows) {
      if (r.status !== 'done') b[r.status] = r.n;
      b.oldestAt = b.oldestAt === null ? r.oldest : Math.min(b.oldestAt, r.oldest);
    }
    return b;
  }

  /**
   * Drops done operations older than `before` (the hub holds them), except those of `keepKinds`:
   * a case's steps stay while the case lives (the hub may ask for them again, requeueFrom) and go
   * with its archive purge (forgetDone). In batches, so a long-kept table never holds the main
   * process for long.
   */
  purgeDone(before: number, keepKinds: readonly string[] = [], batch = 2_000): number {
    const marks = keepKinds.map(() => '?').join(',');
    const del = this.st(`DELETE FROM sync_outbox WHERE id IN (SELECT id FROM sync_outbox INDEXED BY sync_outbox_done
      WHERE status = 'done' AND done_at < ?${keepKinds.length ? ` AND kind NOT IN (${marks})` : ''} LIMIT ?)`);
    let total = 0;
    for (;;) {
      const n = del.run(before, ...keepKinds, batch).changes;
      total += n;
      if (n < batch) return total;
    }
  }

  /**
   * Drops an aggregate's done operations at once (a case whose personal data is purged after its
   * archive receipt: the payloads carry the case as it stood). What is not done stays. The lane's
   * last seq is kept in sync_aggregates, so a later operation continues the numbering.
   */
  forgetDone(aggregate: string): number {
    return this.st(`DELETE FROM sync_outbox WHERE aggregate = ? AND status = 'done'`).run(aggregate).changes;
  }
}
