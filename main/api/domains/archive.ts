import { ArchiveJobs } from '../../core/archive/jobs';
import type { AuditLog } from '../../core/audit';
import type { FileStore } from '../../core/files';
import type { TlsCredential } from '../../core/trust/transport';
import type { Db } from '../../db/connection';
import { HubClient } from '../../hub/client';
import { WORKSTATION_HEADER } from '../../hub/protocol';
import type { Lifecycle } from './deps';
import type { IntakeDomain } from './intake';

export interface ArchiveDeps extends Lifecycle {
  db: Db;
  dataDir: string;
  audit: AuditLog;
  files: FileStore;
  intake: IntakeDomain;
  /** The hall hub's address; null: jobs wait (a workstation without a hub has nowhere to archive). */
  hubUrl: string | null;
  hubCredential: TlsCredential | null;
  workstationId(): string;
  graceDays(): number;
  /** How often due jobs and purges run (default one minute). */
  everyMs?: number;
  /** Whether the queue's hub link is online: when it comes back, bags waiting out their backoff go at once. */
  hubOnline?: () => boolean;
  /** Drops the sync copies of a case whose personal data is purged (ArchiveJobsDeps.forgetSynced). */
  forgetSynced?: (caseId: string) => void;
}

export interface ArchiveDomain {
  jobs: ArchiveJobs;
  /** This machine was just enrolled: bags go with the new credential, at once. */
  useCredential(cred: TlsCredential): void;
  /** Called when a case's result is issued (or a case refused): records the job and starts a run. */
  resultIssued(caseId: string): void;
}

/** 办结即归档 on the workstation (core/archive/jobs.ts), sending over the hub's `/archive/:caseNumber` route. */
export function createArchiveDomain(deps: ArchiveDeps): ArchiveDomain | null {
  if (deps.dataDir === ':memory:') return null;
  // A bag is a few MB: the send gets far longer than the queue's three seconds.
  const client = deps.hubUrl ? new HubClient({ url: deps.hubUrl, timeoutMs: 120_000, credential: deps.hubCredential, headers: () => ({ [WORKSTATION_HEADER]: deps.workstationId() }) }) : null;
  const jobs = new ArchiveJobs({
    db: deps.db, cases: deps.intake.cases, catalogs: deps.intake.catalogs, files: deps.files, hallName: () => deps.intake.hallName(), audit: deps.audit,
    dataDir: deps.dataDir, workstationId: deps.workstationId, graceDays: deps.graceDays, now: () => deps.intake.now(), forgetSynced: deps.forgetSynced,
    send: async (caseNumber, body) => {
      if (!client) throw new Error('未配置大厅服务，归档信息包暂存本机，配置后自动发送。');
      return client.call('archiveReceive', { params: { caseNumber }, body });
    },
  });
  const tick = () => {
    jobs.purgeDue();
    return jobs.runDue();
  };
  const timer = setInterval(() => void tick().catch(() => {}), deps.everyMs ?? 60_000);
  timer.unref();
  let wasOnline = deps.hubOnline?.() ?? false;
  const watch = setInterval(() => {
    const online = deps.hubOnline?.() ?? false;
    if (online && !wasOnline && jobs.retryNow() > 0) void jobs.runDue().catch(() => {});
    wasOnline = online;
  }, 2_000);
  watch.unref();
  deps.onClose(async () => {
    clearInterval(timer);
    clearInterval(watch);
    // A send in flight finishes (or fails) before the database closes under it.
    await jobs.idle();
    client?.close();
  });
  return {
    jobs,
    useCredential(cred) {
      if (!client) return;
      client.useCredential(cred);
      if (jobs.retryNow() > 0) void jobs.runDue().catch(() => {});
    },
    resultIssued(caseId) {
      jobs.enqueue(caseId);
      void jobs.runDue().catch(() => {});
    },
  };
}
