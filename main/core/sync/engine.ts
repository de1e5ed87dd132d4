/**
 * The sync engine: drains the outbox to the hub, order kept per lane (aggregate): case steps in
 * batches to /cases/ingest, every other kind one by one through the sender registered for it.
 *
 * Written against the ways such engines fail in the field:
 * - It never stalls: every pass is wrapped, the timer re-arms whatever happened, so one exception
 *   does not stop uploads until the next local write (PowerSync's reported stall).
 * - Sending and acting on the answer are separate steps: a failure while recording "done" leaves
 *   the operation in flight, to be sent again (the hub answers the repeat with its first answer);
 *   it is never mistaken for a refusal and dead-lettered.
 * - Only what the hub refused for good is dead-lettered, one operation at a time (a refused batch is
 *   split), with the hub's reason; everything else is retried with jittered exponential backoff
 *   honouring Retry-After. A dead operation blocks only its own lane (its case), never the others.
 * The same holds for every kind: one sender's fault is handled exactly as a batch's.
 */
import type { IngestRequest, IngestResult } from '../../hub/cases/protocol';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { CASE_STEP, type CaseStepPayload } from './case-journal';
import type { Backlog, Outbox, OutboxOp } from './outbox';
import { SyncFault, isHubWide, syncFaultOf, type OpSender, type PushTransport } from './transport';

export interface SyncStatus {
  /** online: the last exchange with the hub worked; offline: it failed; unknown: none yet. */
  connection: 'online' | 'offline' | 'unknown';
  lastError: string | null;
  lastSuccessAt: number | null;
  /** This machine's clock minus the hub's (ms), from the last exchange; null when not measured. */
  driftMs: number | null;
  backlog: Backlog;
}

export interface SyncEngineOptions {
  outbox: Outbox;
  transport: PushTransport;
  workstationId: () => string;
  now?: () => number;
  batchSize?: number;
  backoff?: BackoffPolicy;
  /** How often the engine looks for due work without being kicked (ms). */
  intervalMs?: number;
  onChange?: () => void;
  log?: { error(msg: string): void };
}

export interface PassReport {
  sent: number;
  done: number;
  dead: number;
  retry: number;
}

/** A hub-wide fault met in a pass, and until when what was not tried yet waits with it. */
interface Outage {
  fault: SyncFault;
  until: number;
}

/** The hub is this far off or more: the status bar warns (legal times would be wrong offline). */
export const DRIFT_WARN_MS = 60_000;

export class SyncEngine {
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly backoff: BackoffPolicy;
  private running: Promise<PassReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private kicked = false;
  private state: Omit<SyncStatus, 'backlog'> = { connection: 'unknown', lastError: null, lastSuccessAt: null, driftMs: null };
  private readonly senders = new Map<string, OpSender>();
  /** The kinds the engine can send (case steps always); `due` selects only these. */
  private readonly kinds = new Set<string>([CASE_STEP]);

  constructor(private readonly o: SyncEngineOptions) {
    this.now = o.now ?? Date.now;
    this.batchSize = o.batchSize ?? 100;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
  }

  /** Operations of `kind` are sent by `send`, one at a time in their lane's order. */
  register(kind: string, send: OpSender): void {
    if (kind === CASE_STEP) throw new Error('case steps are sent in batches by the engine itself');
    this.senders.set(kind, send);
    this.kinds.add(kind);
    // Registered after the start: what already waits of this kind goes now, not at the next tick.
    if (this.timer) this.kick();
  }

  start(): void {
    if (this.timer) return;
    this.o.outbox.onEnqueued = () => this.kick();
    this.timer = setInterval(() => this.kick(), this.o.intervalMs ?? 5_000);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.o.outbox.onEnqueued = null;
  }

  /** Run soon (a local write, a resend, the timer). Never throws. */
  kick(): void {
    if (this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      void this.drain().catch((e: unknown) => this.o.log?.error(`[sync] ${(e as Error).message}`));
    });
  }

  status(): SyncStatus {
    return { ...this.state, backlog: this.o.outbox.backlog() };
  }

  /** Passes until nothing is due or a pass could not reach the hub. */
  async drain(maxPasses = 1_000): Promise<PassReport> {
    const total: PassReport = { sent: 0, done: 0, dead: 0, retry: 0 };
    for (let i = 0; i < maxPasses; i++) {
      const r = await this.pass();
      total.sent += r.sent;
      total.done += r.done;
      total.dead += r.dead;
      total.retry += r.retry;
      if (r.sent === 0 || r.retry > 0) break;
    }
    return total;
  }

  /** One batch. Concurrent callers share the pass in progress. */
  pass(): Promise<PassReport> {
    this.running ??= this.passOnce().finally(() => {
      this.running = null;
      this.o.onChange?.();
    });
    return this.running;
  }

  private async passOnce(): Promise<PassReport> {
    const report: PassReport = { sent: 0, done: 0, dead: 0, retry: 0 };
    try {
      // Whatever was in flight when the last pass died (or the process was killed) goes again.
      this.o.outbox.recoverInflight();
      const ops = this.o.outbox.due(this.batchSize, 20, this.kinds);
      if (!ops.length) return report;
      this.o.outbox.markInflight(ops.map((o) => o.id));
      const steps = ops.filter((op) => op.kind === CASE_STEP);
      const fault = steps.length ? await this.sendBatch(steps, report) : null;
      await this.sendEach(ops.filter((op) => op.kind !== CASE_STEP), fault && fault.kind === 'retry' && isHubWide(fault) ? this.outage(fault, steps[0]) : null, report);
    } catch (e) {
      // A local fault (the database, a bug): logged; the timer runs the next pass anyway.
      this.state.lastError = `同步出错：${(e as Error).message}`;
      this.o.log?.error(`[sync] pass: ${(e as Error).message}`);
    }
    return report;
  }

  /**
   * Every other kind, one operation at a time, oldest first. A lane whose operation failed or was
   * refused sends nothing more in this pass (its order); once the hub is out of reach for all
   * (`down`), the rest waits as long as the operation that met it, not counted as an attempt (it
   * was not tried): during an outage one operation probes the hub on its backoff, not every one.
   */
  private async sendEach(ops: OutboxOp[], down: Outage | null, report: PassReport): Promise<void> {
    const held = new Set<string>();
    for (const op of ops) {
      if (down) {
        this.o.outbox.markFailed(op.id, down.fault.message, down.until, false);
        report.retry++;
      } else if (held.has(op.aggregate)) {
        this.o.outbox.markPending(op.id, this.now());
      } else {
        const fault = await this.sendOne(op, report);
        if (fault) held.add(op.aggregate);
        if (fault && fault.kind === 'retry' && isHubWide(fault)) down = this.outage(fault, op);
      }
    }
  }

  /** The hub is out of reach: until when the operation that found out waits (its backoff, Retry-After). */
  private outage(fault: SyncFault, tried: OutboxOp): Outage {
    return { fault, until: this.o.outbox.get(tried.id)?.nextAttemptAt ?? this.now() + retryDelay(tried.attempts + 1, this.backoff, fault.retryAfterMs) };
  }

  private async sendOne(op: OutboxOp, report: PassReport): Promise<SyncFault | null> {
    report.sent++;
    let fault: SyncFault | null = null;
    try {
      await this.senders.get(op.kind)!(op);
    } catch (e) {
      fault = syncFaultOf(e);
    }
    // Recording the answer is NOT in the send's try: a local failure here leaves the operation in
    // flight, to be sent again and answered by the hub's idempotency, never dead-lettered.
    if (fault) {
      await this.onFault([op], fault, report);
      return fault;
    }
    const at = this.now();
    this.state = { ...this.state, connection: 'online', lastError: null, lastSuccessAt: at };
    this.o.outbox.markDone(op.id, null, at);
    report.done++;
    return null;
  }

  /** One batch of case steps; the fault it met, if any. */
  private async sendBatch(ops: OutboxOp[], report: PassReport): Promise<SyncFault | null> {
    report.sent += ops.length;
    const req: IngestRequest = {
      workstation: this.o.workstationId(),
      ops: ops.map((op) => ({ ...(op.payload as CaseStepPayload), key: op.idempotencyKey, seq: op.seq })),
    };
    const sentAt = this.now();
    let answer: Awaited<ReturnType<PushTransport['push']>> | null = null;
    let fault: SyncFault | null = null;
    try {
      answer = await this.o.transport.push(req);
    } catch (e) {
      fault = e instanceof SyncFault ? e : new SyncFault('retry', (e as Error).message);
    }
    // Acting on the answer is NOT in the send's try: a local failure here leaves the batch in
    // flight, to be sent again and answered with the hub's first answer.
    if (fault) {
      await this.onFault(ops, fault, report);
      return fault;
    }
    const at = this.now();
    this.state = { ...this.state, connection: 'online', lastError: null, lastSuccessAt: at, driftMs: Math.round((sentAt + at) / 2 - answer!.hubNow) };
    this.applyResults(ops, answer!.results, report);
    return null;
  }

  private async onFault(ops: OutboxOp[], fault: SyncFault, report: PassReport): Promise<void> {
    if (fault.kind === 'reject' && ops.length > 1) {
      // Which one was refused? Each alone; the good ones go through, the culprit is dead-lettered.
      for (const op of ops) await this.sendBatch([op], report);
      report.sent -= ops.length;
      return;
    }
    this.state = { ...this.state, connection: fault.kind === 'retry' && isHubWide(fault) ? 'offline' : this.state.connection, lastError: fault.message };
    const outbox = this.o.outbox;
    outbox.db.transaction(() => {
      for (const op of ops) {
        if (fault.kind === 'reject') {
          // No status: refused here, before any send (a file that cannot be read); the message says why.
          outbox.markDead(op.id, fault.status === null ? fault.message : `大厅服务拒收（HTTP ${fault.status}）：${fault.message}`);
          report.dead++;
        } else {
          outbox.markFailed(op.id, fault.message, this.now() + retryDelay(op.attempts + 1, this.backoff, fault.retryAfterMs));
          report.retry++;
        }
      }
    })();
  }

  private applyResults(ops: OutboxOp[], results: IngestResult[], report: PassReport): void {
    const byKey = new Map(results.map((r) => [r.key, r]));
    const outbox = this.o.outbox;
    outbox.db.transaction(() => {
      for (const op of ops) {
        const r = byKey.get(op.idempotencyKey);
        if (!r) {
          outbox.markFailed(op.id, '大厅服务未答复此项，稍后重试', this.now() + retryDelay(op.attempts + 1, this.backoff));
          report.retry++;
        } else if (r.outcome === 'applied') {
          outbox.markDone(op.id, r.hubSeq, r.receivedAt);
          report.done++;
        } else if (r.outcome === 'rejected') {
          outbox.markDead(op.id, `${r.error?.code ?? 'REJECTED'}：${r.error?.message ?? '大厅服务拒收'}`);
          report.dead++;
        } else {
          // The hub waits for an earlier step. If we hold it as done, the hub lost it: send it again.
          if (r.expectedSeq !== undefined && r.expectedSeq < op.seq) outbox.requeueFrom(op.aggregate, r.expectedSeq);
          outbox.markPending(op.id, this.now() + this.backoff.initialMs, r.error?.message ?? '等待前序环节');
        }
      }
    })();
  }

  /** Measured drift beyond DRIFT_WARN_MS, for the status bar. */
  driftWarning(): string | null {
    const d = this.state.driftMs;
    if (d === null || Math.abs(d) < DRIFT_WARN_MS) return null;
    const min = Math.round(Math.abs(d) / 60_000);
    return `本机时钟比大厅服务${d > 0 ? '快' : '慢'}约 ${min} 分钟，请校准系统时间`;
  }
}
