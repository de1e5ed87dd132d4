import { AuditLog } from '../core/audit';
import { CitizenDisplay } from '../core/citizen';
import { seedDemo } from '../core/demo/seed';
import { EventBus } from '../core/events';
import { FileStore } from '../core/files';
import { HallService } from '../core/hall/service';
import type { SettingsStore } from '../core/settings';
import { StaffService } from '../core/staff/service';
import { StatusMonitor } from '../core/status';
import { openDatabase, type Db } from '../db/connection';
import { workstationMigrations } from '../db/migrations';
import type { DomainBase } from './domains/base';
import { createDevicesDomain, type DevicesDomain } from './domains/devices';
import { createIntakeDomain, type IntakeDomain } from './domains/intake';
import { createQueueDomain, type QueueDomain } from './domains/queue';

export interface Logger {
  info(msg: string): void;
  error(msg: string): void;
}

export interface WorkstationOptions {
  dataDir: string;
  demo: boolean;
  shell: 'electron' | 'browser';
  settings: SettingsStore;
  version: string;
  log?: Logger;
  /** Overrides the hub URL from settings (e.g. an embedded hub's ephemeral port). */
  hubUrl?: string | null;
  hubMode?: 'embedded' | 'remote' | 'none';
  now?: () => Date;
  /** What only a desktop shell can do (Electron opens windows on other displays). */
  shellHooks?: { openCitizenWindow?(counterId: string): void };
  /** Start-up phases in ms (database, demo seeding, domains), filled in for the start-up bench. */
  timings?: Record<string, number>;
}

/** Everything a handler can reach: the composition root shared by the Node host and the Electron shell. */
export interface Workstation {
  opts: WorkstationOptions;
  db: Db;
  log: Logger;
  bus: EventBus;
  audit: AuditLog;
  staff: StaffService;
  hall: HallService;
  citizen: CitizenDisplay;
  status: StatusMonitor;
  settings: SettingsStore;
  files: FileStore;
  queue: QueueDomain;
  intake: IntakeDomain;
  devices: DevicesDomain;
  close(): Promise<void>;
}

const consoleLog: Logger = { info: (m) => console.log(m), error: (m) => console.error(m) };

export async function createWorkstation(opts: WorkstationOptions): Promise<Workstation> {
  const log = opts.log ?? consoleLog;
  const db = openDatabase({ dataDir: opts.dataDir, migrations: workstationMigrations });
  const bus = new EventBus();
  const audit = new AuditLog(db, opts.now);
  const settings = opts.settings;
  const staff = new StaffService(db, audit, () => ({ threshold: settings.get('lockoutThreshold'), minutes: settings.get('lockoutMinutes') }), opts.now);
  const hall = new HallService(db);
  const citizen = new CitizenDisplay(bus, hall);
  const files = new FileStore(db, opts.dataDir);
  if (opts.demo && (await seedDemo(hall, staff))) log.info('[windowdesk] demo hall, counters and staff seeded');
  const hubUrl = () => (opts.hubUrl !== undefined ? opts.hubUrl : settings.get('hubUrl'));
  const statusParts: DomainBase['statusParts'] = {};
  const status = new StatusMonitor(bus, {
    hubUrl,
    hubMode: () => opts.hubMode ?? (hubUrl() ? 'remote' : 'none'),
    devices: () => statusParts.devices?.() ?? [],
    syncBacklog: () => statusParts.syncBacklog?.() ?? 0,
    hubState: () => statusParts.hub?.() ?? null,
  });
  const cleanups: Array<() => void | Promise<void>> = [];
  const base: DomainBase = {
    opts, db, log, bus, audit, hall, citizen, settings, files, hubUrl, statusParts,
    publishStatus: () => status.publish(),
    onClose: (fn) => cleanups.push(fn),
  };
  const queue = await createQueueDomain(base);
  const intake = await createIntakeDomain(base);
  const devices = await createDevicesDomain(base);
  let closed = false;
  return {
    opts, db, log, bus, audit, staff, hall, citizen, status, settings, files, queue, intake, devices,
    async close() {
      if (closed) return;
      closed = true;
      status.stop();
      for (const fn of cleanups.reverse()) await fn();
      db.close();
    },
  };
}
