/**
 * The hall hub, embeddable: `startHub({ port, dataDir, demo })` → `{ url, close() }`.
 * One workstation can host the hall in-process; `npm run hub` runs it standalone.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyRing } from '../db/keys/keyring';
import { demoHall } from './config';
import { scheduleDailyBackups } from './daily-backup';
import { Hub, type PurgeCounts } from './hub';
import { HttpCityPlatform } from './upstream/http';
import { UpstreamForwarder } from './upstream/forwarder';
import type { HallConfig } from './protocol';
import { AUDIT_KEY_FILE, fileAuditKey, memoryAuditKey, type AuditKeySource } from '../core/audit';
import { createHubAudit, type HubAudit } from './audit';
import { HubRatingStore } from './rating/store';
import { LaterRatings } from './rating/later';
import { ratingBackendFor } from './rating/stores';
import { adoptNodeRatings } from './rating/adopt';
import { registerHubAudit } from './audit-hook';
import { DEFAULT_LIMITS, servedHostNames, type HubLimits } from './guard';
import { attachPush } from './push';
import { buildServer, httpStatus } from './server';
import { HubArchive } from './archive';
import type { FastifyInstance } from 'fastify';
import { buildPublicServer } from './follow/public';
import { openHubTrust, type HubTrust } from './trust/hub-trust';
import { identityFunctions, SqliteQueueStore } from './store/sqlite';
import { IdentityHasher } from '../core/queue/match-hash';
import { createHubReports, hubReportSource, previousDay } from './reports';
import { hubIdentityKey } from './store/identity-key';
import { SqliteCaseStore } from './store/sqlite-cases';
import { PgCaseStore } from './store/pg/case-store';
import type { CaseStore } from './store/case-types';
import { HubCases } from './cases/service';
import type { QueueStore } from './store/types';
import { openQueueStore, parseDbSpec } from './store/open';
import { PgQueueStore } from './store/pg/queue-store';
import { fanOut } from './store/pg/fanout';
import { openDatabase, type Db } from '../db/connection';
import { hubMigrations } from './store/migrations';
import { HubReference } from './reference/service';
import { SqliteReferenceStore } from './reference/store';
import { PgReferenceStore } from './reference/pg-store';
import { HubCaseFiles } from './files/service';
import { SqliteCaseFileStore } from './files/store';
import { PgCaseFileStore } from './files/pg-store';

/** This node's hub.sqlite for the audit and trust tables, when the queue is elsewhere. */
export function openNodeDatabase(dataDir: string, key: Buffer | undefined, identityKey: Buffer): Db {
  const where = dataDir === ':memory:' ? { dataDir: ':memory:' } : { dataDir, fileName: 'hub.sqlite' };
  // A hub.sqlite that held the queue before may still hold bookings for migration 0010 to convert.
  return openDatabase({ ...where, migrations: hubMigrations, label: '大厅服务本机数据库', key, prepare: identityFunctions(new IdentityHasher(identityKey)) });
}

export interface StartHubOptions {
  /** 0 = an ephemeral port (tests). */
  port: number;
  /** Where hub.sqlite lives; ':memory:' for a throwaway hub. */
  dataDir: string;
  /** Fill today's bookings with the simulated demo generator. */
  demo?: boolean;
  host?: string;
  /** The hall on first start; later starts keep the stored hall. Default: the demo hall. */
  hall?: HallConfig;
  /** Injected clock (tests); default Date.now. */
  now?: () => number;
  /** A store made by the caller (tests); otherwise `db` says which. */
  store?: QueueStore;
  /** `sqlite:<file>` (default `sqlite:<dataDir>/hub.sqlite`) or `postgres://…` (store/open.ts). */
  db?: string;
  /** Where the hall's cases live (issue 11); default: the SQLite store's own file. */
  caseStore?: CaseStore;
  /**
   * TESTS ONLY: exposes `POST /test/clock {advanceMinutes}`, which moves the hub's clock forward
   * (so an e2e test can let an appointment's 10 minutes run short). Never on by default.
   */
  testClock?: boolean;
  /** Told of every HTTP request the hub receives (benches and tests count hub load with it). */
  onRequest?: (method: string, url: string) => void;
  /** The hub audit log's key; default a key file in `dataDir` (an in-memory key for ':memory:'). */
  auditKey?: AuditKeySource;
  /** Input limits (guard.ts DEFAULT_LIMITS): rate limits, push sockets per client, body and nesting caps, extra host names. */
  limits?: Partial<HubLimits>;
  /**
   * The hub's key ring: hub.sqlite is SQLCipher-encrypted under its database key, and the hub
   * backs itself up daily (encrypted). Absent in tests that run a plaintext hub.
   */
  keys?: KeyRing | null;
  /** Daily backups: where (default `<dataDir>/backups`) and how many to keep (default 7). */
  backup?: { dir?: string; keep?: number };
  /**
   * HTTPS with the hall CA's certificate, and an enrolled device's certificate required on every
   * route that is not public (and on /push). Default true; `false` (plain HTTP, anyone answered)
   * is for the benches' loopback baseline only.
   */
  secure?: boolean;
  /** Days after a booking's day its holder's name and phone are kept (default: the hall's `privacy`, 0). */
  contactRetentionDays?: number;
  /**
   * The city platform's base URL (upstream/http.ts, docs/city-platform.md): every changed case and
   * every stored archive package is forwarded to it. Absent (the default): the hub's own case record
   * and archive are the hall's, and nothing leaves the hall.
   */
  cityPlatform?: string;
  /** How often the forwarder looks for what to send (ms; default 30 s). */
  upstreamEveryMs?: number;
  /**
   * The public listener for applicants' phones (follow/public.ts): a second port serving only the
   * slip QR's follow page, plain HTTP. Absent: none (the QR then points at the devices' listener).
   */
  publicListener?: {
    /** 0 = an ephemeral port (tests). */
    port: number;
    /** Default: the hub's own `host`. */
    host?: string;
    /** The base URL phones reach it at (what the QR says), e.g. http://hall-hub.local:7380; default http://host:port. */
    url?: string;
  };
}

export interface RunningHub {
  url: string;
  /** The public follow listener's base URL (null without one). */
  publicUrl: string | null;
  port: number;
  hub: Hub;
  /** The hub's audit log and anchors. */
  audit: HubAudit | null;
  /** Received archive packages (beside this node's SQLite; the folder is `<data>/archive`). */
  archive: HubArchive;
  /** The hall CA and device registry (on PostgreSQL the hall's, shared by every host). */
  trust: HubTrust | null;
  /** This node's SQLite (audit, devices): the queue's own file with the SQLite store, `<data>/hub.sqlite` beside PostgreSQL. */
  localDb: Db;
  /** The hall's cases (null when no case store is configured). */
  cases: HubCases | null;
  /** The hall's catalog versions and holiday calendar (issue 11, reference/). */
  reference: HubReference | null;
  /** The hall's ratings (好差评) as the workstations sent them: in the queue's store (on PostgreSQL, every process's). */
  ratings: HubRatingStore;
  /** The daily backup of this node's hub.sqlite (null without a key ring or on ':memory:'). */
  backups: { runNow(): string | null } | null;
  close(): Promise<void>;
}

/**
 * The hub audit chain's key: a sub-key of the hub's key ring (HKDF label `audit:hub`), so it is as
 * well kept as the data; a folder whose chain was keyed by an `audit.key` file before keeps that file.
 */
export function defaultAuditKey(dataDir: string, keys: KeyRing | null): AuditKeySource {
  if (dataDir === ':memory:') return keys ? { key: () => keys.subKey('audit:hub') } : memoryAuditKey();
  if (!keys || existsSync(join(dataDir, AUDIT_KEY_FILE))) return fileAuditKey(dataDir);
  return { key: () => keys.subKey('audit:hub') };
}

export async function startHub(opts: StartHubOptions): Promise<RunningHub> {
  if (opts.dataDir !== ':memory:') mkdirSync(opts.dataDir, { recursive: true });
  const identityKey = hubIdentityKey(opts.dataDir, opts.keys ?? null);
  const store = opts.store ?? (await openQueueStore(parseDbSpec(opts.db, opts.dataDir), opts.keys?.databaseKey('hub'), identityKey));
  // The audit log stays in this node's hub.sqlite even when the queue is on PostgreSQL (ARCHITECTURE.md
  // "Hub on PostgreSQL": hub processes of one host share it); the hall CA, the device registry and the
  // supervisors are the hall's there (trust/hub-trust.ts), this node's rows moved in at start.
  const nodeDb = store instanceof SqliteQueueStore ? null : openNodeDatabase(opts.dataDir, opts.keys?.databaseKey('hub'), identityKey);
  const localDb = store instanceof SqliteQueueStore ? store.db : nodeDb!;
  // The daily backup is of this node's hub.sqlite: the whole hub on SQLite; on PostgreSQL what stays per host
  // (device registry, staff, audit, archive registrations), which pg_dump does not hold.
  const backups = opts.keys && opts.dataDir !== ':memory:'
    ? scheduleDailyBackups({ db: localDb, dataDir: opts.dataDir, keys: opts.keys, dir: opts.backup?.dir, keep: opts.backup?.keep })
    : null;
  let offsetMs = 0;
  const baseNow = opts.now ?? Date.now;
  const now = opts.testClock ? () => baseNow() + offsetMs : baseNow;
  // The hub's own audit lives in this node's SQLite file, whichever store holds the queue.
  const audit = createHubAudit(localDb, opts.auditKey ?? defaultAuditKey(opts.dataDir, opts.keys ?? null), now);
  // Each purge of personal data at the rollover is on the record, with its counts.
  const onPurge = (p: PurgeCounts) => audit.log.record({ action: 'hub.purge', outcome: 'ok', details: { ...p } });
  const hub = await Hub.open(store, opts.hall ?? demoHall(), { now, demo: opts.demo, onPurge, contactRetentionDays: opts.contactRetentionDays });
  const advanceClock = opts.testClock
    ? async (minutes: number) => {
        offsetMs += minutes * 60_000;
        // As the ticker would on a real day: roll the day over, book a demo day, re-push the boards.
        await hub.closeStaleDays();
        await hub.assist.sweep();
        if (opts.demo) await hub.seedDemoDay();
        await hub.queue.emitQueue();
        return { now: hub.now(), day: hub.queue.today() };
      }
    : undefined;
  const limits: HubLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const listenHost = opts.host ?? '127.0.0.1';
  const trust = await openHubTrust({ dataDir: opts.dataDir, db: localDb, pg: store instanceof PgQueueStore ? store.db : null, hallName: hub.queue.hall.name, hosts: limits.hosts, now })
    .catch(async (e: unknown) => {
      // Refused (another hall's CA on this host) or unreachable: nothing of this start stays open.
      backups?.stop();
      audit.close();
      await hub.close();
      nodeDb?.close();
      throw e;
    });
  // Several hub processes on one PostgreSQL: a call made through another process reaches this one's push subscribers.
  const fan = store instanceof PgQueueStore
    ? await fanOut(store.db, hub.bus, () => {
        hub.views.changed();
        void hub.queue.emitQueue().catch(() => {});
      })
    : null;
  const secure = opts.secure ?? true;
  // Archive packages live beside this node's SQLite; a ':memory:' hub (tests) keeps them in a temp folder.
  const archive = new HubArchive(localDb, opts.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'hub-archive-')) : opts.dataDir, audit.anchors, now);
  // The hall's cases sit beside the queue, in the same database (on PostgreSQL the same pool and schema).
  const caseStore = opts.caseStore ?? (store instanceof SqliteQueueStore ? new SqliteCaseStore(store.db) : store instanceof PgQueueStore ? new PgCaseStore(store.db) : null);
  const platform = opts.cityPlatform ? new HttpCityPlatform(opts.cityPlatform) : null;
  const upstream = platform && caseStore
    ? new UpstreamForwarder({ platform, cases: caseStore, archives: archive, db: localDb, now, log: console })
    : null;
  // A case's scanned materials beside its record (either backend): every hub process answers the same file.
  const fileStore = store instanceof SqliteQueueStore ? new SqliteCaseFileStore(store.db) : store instanceof PgQueueStore ? new PgCaseFileStore(store.db) : null;
  const caseFiles = fileStore && caseStore ? new HubCaseFiles({ files: fileStore, cases: caseStore, now, audit: (e) => void audit.log.record(e) }) : null;
  // Once a case's archive package is stored, the hub's own copies of its files go (the bag holds them), on the record.
  if (fileStore && caseStore) {
    archive.onStored = async (caseNumber) => {
      const c = await caseStore.getCase(caseNumber);
      if (!c) return;
      const dropped = await fileStore.dropCase(c.case.id);
      if (dropped.links) audit.log.record({ action: 'hub.caseFilesDropped', target: `case:${c.case.id}`, outcome: 'ok', details: { caseNumber, ...dropped } });
    };
  }
  const cases = caseStore ? new HubCases({ store: caseStore, now, upstream: upstream ? () => upstream.status() : undefined }) : null;
  // 日动态 / 月动态 read the queue through the store (either backend), the cases from the hall's case record, and keep a closed day, in this
  // node's database, at the rollover (and at start, for a hub that was off that night).
  // Ratings, the later-rating offers and 帮办 are the hall's, in the queue's store (on PostgreSQL shared by every hub
  // process). A rating received reaches the ledger's 评价 of its service's assistance.
  const ratingBackend = ratingBackendFor(store, localDb);
  if (store instanceof PgQueueStore) {
    const moved = await adoptNodeRatings(localDb, store.db);
    if (moved.ratings + moved.offers + moved.answers > 0) {
      console.log(`[hub] 已将本机数据库中的评价迁入共享数据库：评价 ${moved.ratings} 条、扫码评价登记 ${moved.offers} 条、扫码评价 ${moved.answers} 条。`);
    }
  }
  const ratings = new HubRatingStore(ratingBackend, now);
  ratings.onRated = async (s) => {
    await hub.assist.rated(s);
  };
  const reports = createHubReports(localDb, hubReportSource({ store, cases: caseStore, ratings, assist: hub.assist.store }), now);
  hub.onDayClosed((day) => void reports.closeDay(day).catch((e: Error) => console.error(`[hub] 日动态生成失败（${day}）：${e.message}`)));
  await reports.closeDay(previousDay(hub.queue.today()));
  const laterRatings = new LaterRatings(ratingBackend, now);
  const reference = referenceOf(store, audit, now);
  await reference?.seed();
  const app = buildServer(hub, {
    advanceClock, onRequest: opts.onRequest, audit, ratings, laterRatings, limits, listenHost, trust, secure, reports, archive, cases, reference, caseFiles,
  });
  registerHubAudit(app, audit.log);
  let pub: { app: FastifyInstance; url: string } | null = null;
  if (opts.publicListener) {
    const pl = opts.publicListener;
    const papp = buildPublicServer(hub.queue, httpStatus, laterRatings);
    await papp.listen({ port: pl.port, host: pl.host ?? listenHost });
    const a = papp.server.address();
    const pHost = pl.host ?? listenHost;
    const url = pl.url?.replace(/\/+$/, '') ?? `http://${pHost === '0.0.0.0' ? '127.0.0.1' : pHost}:${typeof a === 'object' && a ? a.port : pl.port}`;
    pub = { app: papp, url };
    hub.queue.followBase = url;
  }
  await app.listen({ port: opts.port, host: listenHost });
  const push = attachPush(hub, app.server, { perClient: limits.pushPerClient, served: servedHostNames(listenHost, limits.hosts), registry: secure ? trust?.registry : undefined,
    verifySupervisor: secure && trust ? async (a, id) => (await trust.staff.verify(a, id)) !== null : undefined });
  hub.startTicker();
  upstream?.start(opts.upstreamEveryMs);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  let closed = false;
  return {
    url: `${secure ? 'https' : 'http'}://${host}:${port}`,
    publicUrl: pub?.url ?? null,
    port,
    hub,
    audit,
    trust,
    localDb,
    archive,
    cases,
    reference,
    ratings,
    backups,
    async close() {
      if (closed) return;
      closed = true;
      backups?.stop();
      upstream?.stop();
      await upstream?.run();
      platform?.close();
      await fan?.close();
      await push.close();
      await app.close();
      audit.close();
      await pub?.app.close();
      audit?.close();
      await hub.close();
      nodeDb?.close();
    },
  };
}

/** The hall's reference data beside the queue, in the same database (on PostgreSQL the same pool and schema); audited in this node's log. */
export function referenceOf(store: QueueStore, audit: HubAudit, now: () => number): HubReference | null {
  const rs = store instanceof SqliteQueueStore ? new SqliteReferenceStore(store.db) : store instanceof PgQueueStore ? new PgReferenceStore(store.db) : null;
  return rs ? new HubReference(rs, now, (e) => void audit.log.record(e)) : null;
}

export { Hub } from './hub';
export { demoHall } from './config';
export { SqliteQueueStore } from './store/sqlite';
export { PgQueueStore } from './store/pg/queue-store';
export type { QueueStore } from './store/types';
