import { AuditLog, fileAuditKey, memoryAuditKey } from '../core/audit';
import { loadCredential, type DeviceCredential } from '../core/trust/device';
import { WorkstationEnrolment } from '../core/trust/workstation-enrolment';
import type { AuditAnchors } from '../core/audit/anchor';
import path from 'node:path';
import { CitizenDisplay } from '../core/citizen';
import { seedDemo } from '../core/demo/seed';
import { EventBus } from '../core/events';
import { FileStore } from '../core/files';
import { HallService } from '../core/hall/service';
import type { SettingsStore } from '../core/settings';
import { StaffService } from '../core/staff/service';
import { StatusMonitor, type HubReachability } from '../core/status';
import { openDatabase, type Db } from '../db/connection';
import { workstationMigrations } from '../db/migrations';
import { createAuditAnchors } from './domains/audit';
import { createArchiveDomain, type ArchiveDomain } from './domains/archive';
import { createAssistDomain, type AssistDomain } from './domains/assist';
import { createDevicesDomain, type DevicesDomain } from './domains/devices';
import { createIntakeDomain, type IntakeDomain } from './domains/intake';
import { createQueueDomain, type QueueDomain } from './domains/queue';
import { createRatingDomain, type RatingDomain } from './domains/rating';
import { createSyncDomain, type SyncDomain } from './domains/sync';
import { KioskCards } from './kiosk/cards';
import { caseLane } from '../core/sync/case-journal';
import { servingSource } from './intake/ticket';
import { signingStation } from './intake/station';
import { referencePuller } from './intake/catalog';
import { consoleLog, type Logger } from './logger';
import type { WorkstationOptions } from './options';
import type { StatusSnapshot } from '../../preload/contract/system';

export type { Logger } from './logger';
export type { WorkstationOptions } from './options';

/**
 * The composition root shared by the Node host and the Electron shell: it builds the shared
 * services, then each domain from the few of them it needs. Transports reach it through
 * dispatch, which hands each domain's handlers only their domain's context (handlers/index.ts).
 */
export interface Workstation {
  opts: WorkstationOptions;
  db: Db;
  log: Logger;
  bus: EventBus;
  audit: AuditLog;
  /** The audit chain's anchors at the hall hub, and verification against them. */
  auditAnchors: AuditAnchors;
  staff: StaffService;
  hall: HallService;
  citizen: CitizenDisplay;
  status: StatusMonitor;
  settings: SettingsStore;
  files: FileStore;
  queue: QueueDomain;
  intake: IntakeDomain;
  devices: DevicesDomain;
  /** 好差评: ratings after each service, follow-ups of 差评, figures. */
  rating: RatingDomain;
  /** 办结即归档 (null on a ':memory:' workstation: bags need a folder). */
  archive: ArchiveDomain | null;
  /** Case sync to the hall hub and the hall-wide case record (issue 11). */
  sync: SyncDomain;
  /** Assistance (帮办) and 办不成事 reports. */
  assist: AssistDomain;
  /** This machine's enrolment with a remote hall hub (settings page). */
  hubEnrolment: WorkstationEnrolment;
  /** ID cards read at this machine's kiosk page, held until a stream is chosen. */
  kioskCards: KioskCards;
  close(): Promise<void>;
}

/** The domains' parts of the status bar, filled in as each domain is built. */
interface StatusParts {
  devices?: () => StatusSnapshot['devices'];
  syncBacklog?: () => number;
  /** The hub link's reachability (the queue domain owns the link). */
  hub?: () => HubReachability;
  sync?: () => StatusSnapshot['sync'];
}

/** The status bar's sync part: the outbox's backlog (case steps, ratings, queued 求助 and reports), its oldest item, and the hub clock's drift. */
function syncStatus(sync: SyncDomain): StatusSnapshot['sync'] {
  const s = sync.engine?.status();
  const b = s?.backlog ?? sync.outbox.backlog();
  return {
    pending: b.pending + b.inflight + b.failed, dead: b.dead, oldestAt: b.oldestAt === null ? null : new Date(b.oldestAt).toISOString(),
    connection: s?.connection ?? 'unknown', lastError: s?.lastError ?? null, driftWarning: sync.engine?.driftWarning() ?? null,
  };
}

export async function createWorkstation(opts: WorkstationOptions): Promise<Workstation> {
  const t = opts.timings ?? {};
  let since = performance.now();
  const mark = (name: string) => {
    t[name] = Math.round((performance.now() - since) * 10) / 10;
    since = performance.now();
  };
  const log = opts.log ?? consoleLog;
  const db = openDatabase({ dataDir: opts.dataDir, migrations: workstationMigrations, key: opts.keys?.databaseKey('workstation') });
  mark('database');
  const bus = new EventBus();
  // The audit key never lives in the database; the boot hands in its source (a key file today).
  const audit = new AuditLog(db, opts.auditKey ?? (opts.dataDir === ':memory:' ? memoryAuditKey() : fileAuditKey(opts.dataDir)), { now: opts.now });
  const settings = opts.settings;
  const staff = new StaffService(db, audit, () => ({ threshold: settings.get('lockoutThreshold'), minutes: settings.get('lockoutMinutes') }), opts.now, () => ({
    session: { maxAgeHours: settings.get('sessionMaxHours'), idleMinutes: settings.get('idleLockMinutes') },
    password: { minLength: settings.get('passwordMinLength'), minClasses: settings.get('passwordMinClasses'), maxAgeDays: settings.get('passwordMaxAgeDays'), history: settings.get('passwordHistory') },
  }));
  const hall = new HallService(db);
  const citizen = new CitizenDisplay(bus, hall, () => (opts.now?.() ?? new Date()).getTime());
  const files = new FileStore(db, opts.dataDir, opts.keys ?? null);
  if (opts.demo && (await seedDemo(hall, staff))) log.info('[windowdesk] demo hall, counters and staff seeded');
  mark('demoSeed');
  const hubUrl = () => (opts.hubUrl !== undefined ? opts.hubUrl : settings.get('hubUrl'));
  const statusParts: StatusParts = {};
  const status = new StatusMonitor(bus, {
    hubUrl,
    hubMode: () => opts.hubMode ?? (hubUrl() ? 'remote' : 'none'),
    devices: () => statusParts.devices?.() ?? [],
    syncBacklog: () => statusParts.syncBacklog?.() ?? 0,
    hubState: () => statusParts.hub?.() ?? null,
    sync: () => statusParts.sync?.(),
  });
  const cleanups: Array<() => void | Promise<void>> = [];
  const onClose = (fn: () => void | Promise<void>) => void cleanups.push(fn);
  onClose(() => audit.close());
  onClose(() => citizen.close());
  const publishStatus = () => status.publish();

  const slipDir = opts.dataDir === ':memory:' ? null : path.join(opts.dataDir, 'devices', 'slips');
  // The device credential the hub knows this machine by (enrolled into <data>/device/).
  const hubCredential = opts.hubCredential !== undefined ? opts.hubCredential : opts.dataDir === ':memory:' ? null : loadCredential(opts.dataDir);
  const queue = createQueueDomain({ db, hubUrl: hubUrl(), hubCredential, hall, citizen, bus, log, publishStatus, onClose, settings, slipDir, embeddedHubStaff: opts.embeddedHubStaff });
  const sync = createSyncDomain({ db, hubUrl: hubUrl(), hubCredential, workstationId: () => queue.link.workstationId, supervisorHeaders: () => queue.supervisorHeaders(), log, publishStatus, onClose, now: opts.now ? () => opts.now!().getTime() : undefined, hubOnline: () => queue.link.online, files });
  statusParts.sync = () => syncStatus(sync);
  const assist = createAssistDomain({ db, client: queue.client, link: queue.link, bus, onClose, publishStatus, sync, now: opts.now ? () => opts.now!().getTime() : undefined });
  statusParts.syncBacklog = () => queue.store.backlog();
  statusParts.hub = () => queue.reachability();
  const intake = createIntakeDomain({ dataDir: opts.dataDir, db, files, hall, citizen, bus, log, now: opts.now, serving: servingSource(queue), station: signingStation(queue.link), journal: sync.journal });
  // Signatures taken before their step carried the binding's fields (issue 11): restated once, so they reach the hub and come back.
  try {
    const restated = intake.cases.restateSignatures();
    if (restated) log.info(`[sync] ${restated} signature(s) of open cases restated for the hall hub`);
  } catch (e) {
    log.error(`[sync] signatures not restated: ${(e as Error).message}`);
  }
  // Notices issued before they were steps of the trail: likewise, so they reach the hub and the archive wherever it is built.
  try {
    const restated = intake.cases.restateNotices();
    if (restated) log.info(`[sync] ${restated} notice(s) of open cases restated for the hall hub`);
  } catch (e) {
    log.error(`[sync] notices not restated: ${(e as Error).message}`);
  }
  sync.start();
  // The hall's configuration and the day's bookings (offline check-in's list), pulled with the hub's cursors on the same schedule;
  // the link also pulls them as it comes back online and when a push says they moved (ranAt: not repeated at once).
  const link = queue.link;
  if (link.hub) {
    sync.addPull('hall', () => link.pullHall(), { ranAt: () => link.pulledAt.hall });
    sync.addPull('appointments', () => link.pullAppointments(), { ranAt: () => link.pulledAt.appointments });
  }
  // The hall's catalog versions and calendar, pulled with the hub's cursor on the sync domain's schedule (issue 11).
  const refHub = sync.hub;
  if (refHub) {
    sync.addPull('reference', referencePuller({
      db, dataDir: opts.dataDir, catalogs: intake.loaded, log, fetch: (cursor) => refHub.call('referencePull', { query: cursor ? { cursor } : {} }),
      recount: (years) => intake.cases.recomputeDeadlines(years, (counterId) => ({ staffId: 'hall-calendar', counterId })),
    }));
  }
  const devices = createDevicesDomain({ dataDir: opts.dataDir, settings, bus, log, publishStatus, onClose, bookedPerson: (id) => queue.store.bookedPerson(id) });
  statusParts.devices = () => devices.summary();
  const credentialListeners: Array<(cred: DeviceCredential) => void> = [(cred) => queue.useCredential(cred)];
  const auditAnchors = createAuditAnchors({
    db, audit, hubUrl: hubUrl(), hubCredential, onClose, onCredential: (fn) => credentialListeners.push(fn), workstationId: () => queue.link.workstationId, everyMinutes: () => settings.get('auditAnchorMinutes'),
  });
  const rating = createRatingDomain({ db, bus, citizen, settings, log, now: opts.now, sync, onClose, laterBase: () => queue.service.publicBase() });
  intake.laterRating = (ticketRef) => rating.service.laterUrlForTicket(ticketRef);
  const archive = createArchiveDomain({
    db, dataDir: opts.dataDir, audit, files, intake, hubUrl: hubUrl(), hubCredential, onClose, workstationId: () => queue.link.workstationId,
    graceDays: () => settings.get('archiveGraceDays'), hubOnline: () => queue.link.online, forgetSynced: (caseId) => sync.outbox.forgetDone(caseLane(caseId)),
  });
  // Every domain with its own hub connection follows a new enrolment without a restart.
  credentialListeners.push((cred) => sync.useCredential(cred), (cred) => archive?.useCredential(cred));
  mark('domains');
  let closed = false;
  return {
    opts, db, log, bus, audit, auditAnchors, staff, hall, citizen, status, settings, files, queue, intake, devices, rating, archive, sync, assist,
    hubEnrolment: new WorkstationEnrolment({
      dataDir: opts.dataDir, hubUrl, hubMode: () => opts.hubMode ?? (hubUrl() ? 'remote' : 'none'), inUse: hubCredential ?? null,
      saveHubUrl: (url) => settings.set('hubUrl', url),
      liveUrl: hubUrl(),
      useCredential: (cred) => credentialListeners.forEach((fn) => fn(cred)),
    }),
    kioskCards: new KioskCards(() => (opts.now?.() ?? new Date()).getTime()),
    async close() {
      if (closed) return;
      closed = true;
      status.stop();
      for (const fn of cleanups.reverse()) await fn();
      db.close();
    },
  };
}
