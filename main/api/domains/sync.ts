/**
 * The sync domain (issue 11): the outbox every case step, rating and offline 求助 / 办不成事 report
 * is written to, the engine that drains it to the hall hub (the other domains register a sender for
 * each of their kinds), and the hub's hall-wide case record (find any case of the hall, take it over to
 * hand out its result, take back this machine's open cases after a rebuild).
 */
import { DeskError, isDeskError } from '../../../common/errors';
import { CASE_STEP, CaseOutboxJournal } from '../../core/sync/case-journal';
import { SyncEngine } from '../../core/sync/engine';
import { Outbox } from '../../core/sync/outbox';
import { importCase } from '../../core/sync/restore';
import { findLocalHallCases, pullHallCases } from '../../core/sync/pull';
import { caseNumberOf } from '../../hub/cases/protocol';
import { HttpPushTransport, type OpSender, type PushTransport } from '../../core/sync/transport';
import type { TlsCredential } from '../../core/trust/transport';
import { HubClient } from '../../hub/client';
import type { HallCase } from '../../hub/cases/protocol';
import { WORKSTATION_HEADER } from '../../hub/protocol';
import type { Db } from '../../db/connection';
import type { Logger } from '../logger';
import type { Lifecycle } from './deps';
import type { CaseJournal } from '../../core/cases/service';
import type { FileStore } from '../../core/files';
import { bothJournals, CASE_FILE, CaseFileJournal, caseFileSender } from '../../core/sync/case-files';
import { fetchCaseFiles, type FetchReport } from '../../core/sync/case-file-fetch';

export interface SyncDeps extends Lifecycle {
  db: Db;
  hubUrl: string | null;
  hubCredential?: TlsCredential | null;
  workstationId: () => string;
  log: Logger;
  publishStatus(): void;
  now?: () => number;
  /** The signed-in supervisor and the hub's assertion of them (QueueDomain.supervisorHeaders), for 办件质量. */
  supervisorHeaders?: () => Record<string, string>;
  /** Whether the queue's hub link is online: when it comes back, what waits for its backoff is sent at once. */
  hubOnline?: () => boolean;
  /** The local file store: a case's files are uploaded from it (`case.file`) and fetched back into it. Without it files wait in the outbox. */
  files?: FileStore;
}

export interface SyncDomain {
  outbox: Outbox;
  /** Every case step into the outbox (`case.step`), and each attachment's file (`case.file`). */
  journal: CaseJournal;
  /** Null without a hub: the outbox keeps everything until one is configured. */
  engine: SyncEngine | null;
  /** The hub's routes (the senders of the other kinds use it; its errors are sorted by syncFaultOf). */
  hub: HubClient | null;
  /** Operations of `kind` are sent by `send` (without a hub they wait in the outbox until one is configured). */
  register(kind: string, send: OpSender): void;
  /** This machine was just enrolled (设置 → 大厅服务登记): the next exchanges present the new credential, and what waits goes now. */
  useCredential(cred: TlsCredential): void;
  /** Starts draining (after the rest of the workstation is built). */
  start(): void;
  find(query: string): Promise<HallCase[]>;
  /** Brings a case of the hall into this machine (一口发证 / progress question); returns its id. */
  take(caseIdOrNumber: string): Promise<{ caseId: string; outcome: 'taken' | 'updated' | 'current' }>;
  /** A rebuilt workstation: takes back every open case the hub holds for it. */
  restoreOpen(): Promise<{ taken: number; updated: number; current: number }>;
  /** Fetches the files of taken or restored cases still waiting for them (of `caseId`, or all); also on the pull schedule. */
  fetchFiles(caseId?: string): Promise<FetchReport>;
  /** Brings the local copy of the hall's case records up to the hub's cursor. */
  pull(): Promise<{ received: number; reset: boolean }>;
  /**
   * A pull on the one schedule (the hall's cases, reference data, configuration, the day's bookings):
   * when the hub comes online, then once a minute. `ranAt`: when it last ran by other means (ms), so it is not repeated at once.
   */
  addPull(name: string, run: () => Promise<unknown>, opts?: { ranAt?: () => number }): void;
}

/**
 * Done operations other than case steps are dropped a month after the hub took them (it holds
 * them; the table would grow by every rating and request). A case's steps go with the case's
 * archive purge instead (the hub may ask for them again while the case lives).
 */
const DONE_RETENTION_MS = 30 * 86_400_000;
const PURGE_EVERY_MS = 3600_000;
/** An unchanged case backlog is told to the hub again after this long (办件质量 shows when it last heard). */
const BACKLOG_REPORT_MS = 5 * 60_000;
/** Each pull once a minute while online. */
const PULL_EVERY_MS = 60_000;
/** A pull that ran this recently by other means is not repeated when the hub comes online. */
const PULL_FRESH_MS = 10_000;
/** A case file's upload or fetch (up to 15 MB; 20 Mbit/s of a busy hall network take 6 s, 2 Mbit/s a minute). */
const FILE_TIMEOUT_MS = 120_000;

export function createSyncDomain(deps: SyncDeps): SyncDomain {
  const now = deps.now ?? Date.now;
  const outbox = new Outbox(deps.db, now);
  const journal = bothJournals(new CaseOutboxJournal(deps.db, outbox), new CaseFileJournal(deps.db, outbox));
  // The supervisor signed in here, with the hub's assertion, for 办件质量 (a supervisor route): the queue domain's.
  const headers = (): Record<string, string> => ({ [WORKSTATION_HEADER]: deps.workstationId(), ...deps.supervisorHeaders?.() });
  const url = deps.hubUrl;
  const hub = url ? new HubClient({ url, timeoutMs: 8000, credential: deps.hubCredential ?? null, headers }) : null;
  const http = url ? new HttpPushTransport(url, deps.hubCredential ?? null, headers) : null;
  const transport: PushTransport | null = http;
  // After each pass the hub hears this machine's case backlog (办件质量: cases not yet at the hub); one report at a time.
  // Only when the case backlog changed, or every few minutes (the hub shows when it last heard):
  // a pass that sent only a rating or a 求助 does not add a request of its own.
  let reporting = false;
  let lastReport: { key: string; at: number } | null = null;
  const reportBacklog = () => {
    if (!hub || reporting || engine?.status().connection !== 'online') return;
    const b = outbox.backlog([CASE_STEP]);
    const body = { workstation: deps.workstationId(), pending: b.pending + b.failed + b.inflight, dead: b.dead, oldestAt: b.oldestAt };
    const key = JSON.stringify(body);
    if (lastReport && lastReport.key === key && Date.now() - lastReport.at < BACKLOG_REPORT_MS) return;
    reporting = true;
    void hub.call('syncBacklog', { body })
      .then(() => (lastReport = { key, at: Date.now() }))
      .catch(() => {})
      .finally(() => (reporting = false));
  };
  const engine: SyncEngine | null = transport
    ? new SyncEngine({ outbox, transport, workstationId: deps.workstationId, now, log: deps.log, onChange: () => { deps.publishStatus(); reportBacklog(); } })
    : null;
  const files = deps.files;
  // Files get their own client: a 15 MB scan over a slow hall network outlasts the 8 s the case routes allow.
  const fileHub = url && files ? new HubClient({ url, timeoutMs: FILE_TIMEOUT_MS, credential: deps.hubCredential ?? null, headers }) : null;
  if (engine && fileHub && files) {
    engine.register(CASE_FILE, caseFileSender({
      db: deps.db, files, workstationId: deps.workstationId,
      put: (caseId, sha256, body) => fileHub.call('caseFilePut', { params: { id: caseId, digest: sha256 }, body }),
    }));
  }
  // One fetch run at a time; a file the hub lacks (404) is 'absent', any other fault ends the run.
  let fetching: Promise<FetchReport> | null = null;
  const fetchFiles = (caseId?: string): Promise<FetchReport> => {
    if (!files || !fileHub) return Promise.resolve({ fetched: 0, absent: 0, failed: 0 });
    fetching ??= fetchCaseFiles(deps.db, files, async (id, sha256) => {
      try {
        return await fileHub.call('caseFileGet', { params: { id, digest: sha256 } });
      } catch (e) {
        if (isDeskError(e) && e.details?.httpStatus === 404 && e.code === 'UNKNOWN_CASE_FILE') return null;
        throw e;
      }
    }, now, caseId).finally(() => (fetching = null));
    return fetching;
  };
  const noteRestore = (m: string) => deps.log.error(`[sync] restore: ${m}`);
  const fetchLater = () => void fetchFiles().catch((e: unknown) => deps.log.error(`[sync] files: ${(e as Error).message}`));
  const pull = () => pullHallCases(deps.db, (cursor) => needHub().call('casePull', { query: { cursor: cursor ?? undefined, limit: '500' } }), now);
  let wasOnline = deps.hubOnline?.() ?? false;
  let lastPurge = 0;
  const purge = () => {
    lastPurge = Date.now();
    try {
      const n = outbox.purgeDone(now() - DONE_RETENTION_MS, [CASE_STEP]);
      if (n) deps.log.info(`[sync] ${n} done operation(s) older than 30 days dropped from the outbox`);
    } catch (e) {
      deps.log.error(`[sync] purge: ${(e as Error).message}`);
    }
  };
  const watch = setInterval(() => {
    if (Date.now() - lastPurge > PURGE_EVERY_MS) purge();
    const online = deps.hubOnline?.() ?? false;
    if (online && !wasOnline && engine && outbox.retryNow() > 0) engine.kick();
    runPulls(online, wasOnline);
    wasOnline = online;
  }, 2_000);
  watch.unref();
  // Every pull of the workstation (addPull): at once when the hub comes online (the queue's link
  // has its views by then: a starting workstation asks for its queue first), then once a minute;
  // one run of each at a time. A pull that also runs on its own (the link pulls the hall and the
  // bookings while it comes back online, and on a push that says they changed) tells when it last
  // ran (`ranAt`), so the schedule does not repeat it at once.
  const pulls: Array<{ name: string; run: () => Promise<unknown>; ranAt: () => number; busy: boolean; last: number }> = [];
  // A restored or taken-over case's files the hub did not answer yet are asked for again with every pull.
  if (fileHub) pulls.push({ name: 'case-files', run: () => fetchFiles(), ranAt: () => 0, busy: false, last: 0 });
  const runPulls = (online: boolean, was: boolean) => {
    for (const p of pulls) {
      if (!online || p.busy) continue;
      const now = Date.now();
      if (was ? now - Math.max(p.last, p.ranAt()) < PULL_EVERY_MS : now - p.ranAt() < PULL_FRESH_MS) continue;
      p.busy = true;
      p.last = Date.now();
      void p.run().catch((e: unknown) => deps.log.error(`[sync] pull ${p.name}: ${(e as Error).message}`)).finally(() => (p.busy = false));
    }
  };
  // The hall's case records, kept fresh while online (answers progress questions offline).
  if (hub) pulls.push({ name: 'hall-cases', run: pull, ranAt: () => 0, busy: false, last: 0 });
  deps.onClose(() => {
    clearInterval(watch);
    engine?.stop();
    http?.close();
    hub?.close();
    fileHub?.close();
  });
  const needHub = () => {
    if (!hub) throw new DeskError('HUB_NOT_CONFIGURED', '本机未连接大厅服务，无法查询全厅办件；请在设置中配置大厅服务地址。');
    return hub;
  };
  return {
    outbox,
    journal,
    engine,
    hub,
    register(kind, send) {
      engine?.register(kind, send);
    },
    useCredential(cred) {
      hub?.useCredential(cred);
      fileHub?.useCredential(cred);
      http?.useCredential(cred);
      if (!engine) return;
      outbox.retryNow();
      engine.kick();
    },
    start() {
      const n = outbox.recoverInflight();
      if (n) deps.log.info(`[sync] ${n} operation(s) in flight at the last stop are sent again`);
      engine?.start();
    },
    async find(query) {
      const q = query.trim();
      if (!q) throw new DeskError('INPUT_INVALID', '请输入办件编号、扫描告知书二维码，或输入申请人证件号码或姓名。');
      const byNumber = /^(WD-CASE:)?SH-/i.test(q);
      try {
        return await needHub().call('caseSearch', { query: byNumber ? { number: q } : { applicant: q } });
      } catch (e) {
        // The hub is unreachable: answer from the last pulled copy of the hall's records.
        if (isDeskError(e) && (e.code === 'HUB_UNREACHABLE' || e.code === 'HUB_BAD_RESPONSE')) return findLocalHallCases(deps.db, caseNumberOf(q));
        throw e;
      }
    },
    async take(idOrNumber) {
      const full = await needHub().call('caseGet', { params: { id: idOrNumber } });
      const outcome = importCase(deps.db, outbox, full, noteRestore);
      // Its files come after the import has committed, never holding it on the network.
      fetchLater();
      return { caseId: full.case.id, outcome };
    },
    fetchFiles,
    pull,
    addPull(name, run, opts) {
      pulls.push({ name, run, ranAt: opts?.ranAt ?? (() => 0), busy: false, last: 0 });
    },
    async restoreOpen() {
      const list = await needHub().call('caseOpen', { query: { workstation: deps.workstationId() } });
      const r = { taken: 0, updated: 0, current: 0 };
      for (const full of list) r[importCase(deps.db, outbox, full, noteRestore)]++;
      fetchLater();
      return r;
    },
  };
}

