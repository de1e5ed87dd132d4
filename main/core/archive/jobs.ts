import fs from 'node:fs';
import path from 'node:path';
import { DeskError, isDeskError } from '../../../common/errors';
import { maskIdNumber } from '../../../common/identity/resident-id';
import { maskPersonName } from '../../../common/identity/name';
import type { AuditLog } from '../audit';
import type { ArchiveReceipt, ArchiveRequest } from '../../../common/archive-protocol';
import { collectCase, type CollectDeps } from './collect';
import { buildArchivePackage } from './package/build';
import { appendStage, readStages } from './package/process';

export interface ArchiveJobsDeps extends CollectDeps {
  audit: AuditLog;
  /** Where bags are built before sending: `<data>/archive/<case number>`. */
  dataDir: string;
  workstationId: () => string;
  /** Sends a bag to the hall hub (routes.ts `archiveReceive`); throws DeskError as HubClient does. */
  send: (caseNumber: string, req: ArchiveRequest) => Promise<ArchiveReceipt>;
  /** Days after the receipt before personal data and page images are purged (PIPL Art. 19). */
  graceDays: () => number;
  /** Inside the purge's transaction: drop the case's copies kept for sync (the outbox's done steps carry the whole case). */
  forgetSynced?: (caseId: string) => void;
  now?: () => Date;
}

export type ArchiveJobStatus = 'pending' | 'ready' | 'archived' | 'failed';

export interface ArchiveJob {
  caseId: string;
  caseNumber: string;
  status: ArchiveJobStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  receipt: ArchiveReceipt | null;
  purgeAfter: string | null;
  purgedAt: string | null;
}

const SYSTEM = { staffId: 'system:archive' };
/** Backoff between sends: 30 s doubling to at most an hour, with full jitter (the hub may be down for a while). */
const backoffMs = (attempts: number) => Math.random() * Math.min(3_600_000, 30_000 * 2 ** Math.min(attempts, 16));

/**
 * 办结即归档 on the workstation. `enqueue` (called when a case's result is issued, or a case is
 * refused) records a durable job; `runDue` builds the bag once (收集 → 归档检测), records
 * 数据交换 and sends the same bytes until the hub answers a receipt — only then is the case
 * moved to `archived`. A hub that refuses the bag (4xx) leaves the job `failed` with the reason,
 * never retried blindly; network errors and 5xx are retried with backoff. `purgeDue` removes the
 * case's personal data and page images once the grace period after the receipt is over (audited).
 */
export class ArchiveJobs {
  private readonly now: () => Date;
  private running: Promise<void> | null = null;

  constructor(private readonly d: ArchiveJobsDeps) {
    this.now = d.now ?? (() => new Date());
  }

  /** Idempotent; safe inside the transaction that issues the result. */
  enqueue(caseId: string): void {
    const c = this.d.db.prepare('SELECT case_number AS n, state FROM cases WHERE id = ?').get(caseId) as { n: string | null; state: string } | undefined;
    if (!c) throw new DeskError('CASE_NOT_FOUND', '找不到该办件。');
    if (!c.n) throw new DeskError('ARCHIVE_NO_NUMBER', '办件尚未编号，不能归档。');
    const at = this.now().toISOString();
    this.d.db.prepare(`INSERT OR IGNORE INTO archive_jobs (case_id, case_number, status, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?, ?)`)
      .run(caseId, c.n, at, at, at);
  }

  job(caseId: string): ArchiveJob | null {
    const r = this.d.db.prepare('SELECT * FROM archive_jobs WHERE case_id = ?').get(caseId) as Record<string, unknown> | undefined;
    return r ? rowToJob(r) : null;
  }

  list(): ArchiveJob[] {
    return (this.d.db.prepare('SELECT * FROM archive_jobs ORDER BY created_at, case_id').all() as Record<string, unknown>[]).map(rowToJob);
  }

  /** A failed job sent again (after whatever the hub objected to was fixed). */
  retry(caseId: string): void {
    this.d.db.prepare(`UPDATE archive_jobs SET status = CASE WHEN bag_dir IS NULL THEN 'pending' ELSE 'ready' END, next_attempt_at = ?, updated_at = ? WHERE case_id = ? AND status = 'failed'`)
      .run(this.now().toISOString(), this.now().toISOString(), caseId);
  }

  /**
   * The hub is back: jobs waiting out their backoff are due now (a failed one still waits for
   * 重新发送). Returns how many were brought forward.
   */
  retryNow(): number {
    const at = this.now().toISOString();
    return this.d.db.prepare(`UPDATE archive_jobs SET next_attempt_at = ?, updated_at = ? WHERE status IN ('pending','ready') AND next_attempt_at > ?`).run(at, at, at).changes;
  }

  /** Runs every due job once; concurrent calls share one run. */
  runDue(): Promise<void> {
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves once no run is in flight (the workstation closing waits for it). */
  idle(): Promise<void> {
    return this.running?.catch(() => {}) ?? Promise.resolve();
  }

  private async runOnce(): Promise<void> {
    const due = this.d.db.prepare(`SELECT case_id AS id FROM archive_jobs WHERE status IN ('pending','ready') AND next_attempt_at <= ? ORDER BY next_attempt_at`)
      .all(this.now().toISOString()) as { id: string }[];
    // One case at a time, each on its own: a failing one never holds up the others.
    for (const { id } of due) await this.process(id);
  }

  private async process(caseId: string): Promise<void> {
    const job = this.job(caseId)!;
    try {
      const dir = job.status === 'pending' ? await this.build(job) : path.join(this.d.dataDir, 'archive', job.caseNumber);
      const receipt = await this.d.send(job.caseNumber, this.request(dir));
      this.archived(job, receipt);
    } catch (e) {
      const retryable = !isDeskError(e) || isRetryable(e);
      const message = e instanceof Error ? e.message : String(e);
      const at = this.now();
      this.d.db.prepare(`UPDATE archive_jobs SET status = CASE WHEN ? THEN status ELSE 'failed' END, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE case_id = ?`)
        .run(retryable ? 1 : 0, new Date(at.getTime() + backoffMs(job.attempts)).toISOString(), message, at.toISOString(), caseId);
      if (!retryable) this.d.audit.record({ ...SYSTEM, action: 'archive.refused', target: job.caseNumber, outcome: 'failed', details: { reason: message } });
    }
  }

  /** Stages 收集 → 归档检测, then 数据交换: the bag is final once this returns, and resent unchanged. */
  private async build(job: ArchiveJob): Promise<string> {
    const dir = path.join(this.d.dataDir, 'archive', job.caseNumber);
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    // The head of the chain before this case's archiving is recorded: it is what the hub anchors.
    const head = this.d.audit.head();
    if (!head) throw new DeskError('ARCHIVE_NO_AUDIT', '工作站审计日志为空，不能归档。');
    const input = collectCase(this.d, job.caseId, { workstation: this.d.workstationId(), seq: head.seq, mac: head.mac }, this.now);
    await buildArchivePackage(dir, input);
    appendStage(dir, '数据交换', input.actor, '经大厅服务归档接口（HTTPS，设备证书）发送', this.now());
    this.d.db.prepare(`UPDATE archive_jobs SET status = 'ready', bag_dir = ?, updated_at = ? WHERE case_id = ?`).run(dir, this.now().toISOString(), job.caseId);
    this.d.audit.record({ ...SYSTEM, action: 'archive.packaged', target: job.caseNumber, outcome: 'ok', details: { stages: readStages(dir) } });
    return dir;
  }

  private request(dir: string): ArchiveRequest {
    const files: ArchiveRequest['files'] = [];
    const walk = (rel: string) => {
      for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(child);
        else files.push({ path: child, data: fs.readFileSync(path.join(dir, child)).toString('base64') });
      }
    };
    walk('');
    const info = fs.readFileSync(path.join(dir, 'bag-info.txt'), 'utf8');
    const [seq, mac] = (/^Audit-Head:\s*(\d+):([0-9a-f]{64})$/m.exec(info) ?? []).slice(1);
    return { workstation: this.d.workstationId(), auditHead: { seq: Number(seq), mac: mac!, at: this.now().toISOString() }, files };
  }

  private archived(job: ArchiveJob, receipt: ArchiveReceipt): void {
    const at = this.now();
    const purgeAfter = new Date(at.getTime() + this.d.graceDays() * 86_400_000).toISOString();
    const c = this.d.cases.queries.getCase(job.caseId);
    this.d.db.transaction(() => {
      if (c.state !== 'archived') this.d.cases.archive(job.caseId, { ...SYSTEM, counterId: c.counterId });
      this.d.db.prepare(`UPDATE archive_jobs SET status = 'archived', receipt = ?, purge_after = ?, last_error = NULL, updated_at = ? WHERE case_id = ?`)
        .run(JSON.stringify(receipt), purgeAfter, at.toISOString(), job.caseId);
    })();
    this.d.audit.record({ ...SYSTEM, action: 'archive.received', target: job.caseNumber, outcome: 'ok', details: { bagSha256: receipt.bagSha256, receivedAt: receipt.receivedAt, purgeAfter } });
  }

  /**
   * After the grace period: the applicant's and agent's personal data masked in the case row,
   * the case's stored files (material PDFs, notices, signature images) and the local bag
   * deleted. The archive at the hub keeps the record; the counter keeps only what it needs to
   * answer "已归档".
   */
  purgeDue(): number {
    const due = this.d.db.prepare(`SELECT case_id AS id, case_number AS n, bag_dir AS bag FROM archive_jobs WHERE status = 'archived' AND purged_at IS NULL AND purge_after <= ?`)
      .all(this.now().toISOString()) as { id: string; n: string; bag: string | null }[];
    let purged = 0;
    for (const j of due) {
      try {
        this.purgeOne(j);
        purged++;
      } catch (e) {
        // Nothing of this case changed (one transaction); the others go on, and it is tried at the next tick.
        this.d.audit.record({ ...SYSTEM, action: 'archive.purged', target: j.n, outcome: 'failed', details: { reason: (e as Error).message } });
      }
    }
    return purged;
  }

  private purgeOne(j: { id: string; n: string; bag: string | null }): void {
    const paths = this.casePaths(j.id, j.n);
    const at = this.now().toISOString();
    this.d.db.transaction(() => {
      const c = this.d.db.prepare('SELECT applicant_type AS t, applicant_name AS name, applicant_id_number AS idn FROM cases WHERE id = ?').get(j.id) as { t: string; name: string; idn: string | null };
      this.d.db.prepare(`UPDATE cases SET applicant_name = ?, applicant_id_number = ?, applicant_phone = NULL, legal_representative = NULL,
        agent_name = CASE WHEN agent_name IS NULL THEN NULL ELSE ? END, agent_id_number = NULL, agent_phone = NULL, updated_at = ? WHERE id = ?`)
        .run(c.t === 'person' ? maskPersonName(c.name) : c.name, c.idn ? maskIdNumber(c.idn) : null, '（已清除）', at, j.id);
      this.d.db.prepare('UPDATE case_signatures SET signer_id_number = NULL WHERE case_id = ?').run(j.id);
      // The signature steps carry the signer's number too (so a restored workstation can rebuild the binding).
      this.d.db.prepare(`UPDATE case_events SET payload = json_remove(payload, '$.signerIdNumber') WHERE case_id = ? AND type = 'signature'`).run(j.id);
      for (const p of paths) this.d.db.prepare('DELETE FROM files WHERE path = ?').run(p);
      this.d.forgetSynced?.(j.id);
      this.d.db.prepare('UPDATE archive_jobs SET purged_at = ?, updated_at = ? WHERE case_id = ?').run(at, at, j.id);
    })();
    for (const p of paths) fs.rmSync(p, { force: true });
    if (j.bag) fs.rmSync(j.bag, { recursive: true, force: true });
    this.d.audit.record({ ...SYSTEM, action: 'archive.purged', target: j.n, outcome: 'ok', details: { files: paths.length } });
  }

  private casePaths(caseId: string, caseNumber: string): string[] {
    const db = this.d.db;
    const attach = db.prepare('SELECT file_path AS p FROM case_attachments WHERE case_id = ?').all(caseId) as { p: string }[];
    const sigs = db.prepare('SELECT image_path AS p FROM case_signatures WHERE case_id = ? AND image_path IS NOT NULL').all(caseId) as { p: string }[];
    const notices = db.prepare(`SELECT path AS p FROM files WHERE kind = 'notice' AND (source LIKE ? OR source LIKE ?)`).all(`%:${caseNumber}`, `%:${caseId}`) as { p: string }[];
    return [...new Set([...attach, ...sigs, ...notices].map((r) => r.p))];
  }
}

function isRetryable(e: DeskError): boolean {
  if (e.code === 'HUB_UNREACHABLE' || e.code === 'HUB_BAD_RESPONSE' || e.code === 'RATE_LIMITED' || e.code === 'INTERNAL' || e.code === 'ARCHIVE_FILES_AWAITED') return true;
  const status = Number(e.details?.httpStatus ?? 0);
  return status >= 500 || status === 429;
}

function rowToJob(r: Record<string, unknown>): ArchiveJob {
  return {
    caseId: String(r.case_id), caseNumber: String(r.case_number), status: r.status as ArchiveJobStatus, attempts: Number(r.attempts),
    nextAttemptAt: String(r.next_attempt_at), lastError: (r.last_error as string | null) ?? null,
    receipt: r.receipt ? (JSON.parse(String(r.receipt)) as ArchiveReceipt) : null,
    purgeAfter: (r.purge_after as string | null) ?? null, purgedAt: (r.purged_at as string | null) ?? null,
  };
}
