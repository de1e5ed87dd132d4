import type { AuditLog } from '../../core/audit';
import type { CitizenDisplay } from '../../core/citizen';
import type { EventBus } from '../../core/events';
import type { FileStore } from '../../core/files';
import type { HallService } from '../../core/hall/service';
import type { SettingsStore } from '../../core/settings';
import type { HubReachability } from '../../core/status';
import type { StatusSnapshot } from '../../../preload/contract/system';
import type { Db } from '../../db/connection';
import type { Logger } from '../logger';
import type { WorkstationOptions } from '../options';

/**
 * The small pieces a domain may be given. Each domain declares its own deps interface from
 * these and the core services it uses (see IntakeDeps, DevicesDeps), so it can be built and
 * tested alone; the composition root (main/api/workstation.ts) is the only place that knows them all.
 */

/** Register a cleanup to run when the workstation closes (timers, sockets, device handles). */
export interface Lifecycle {
  onClose(fn: () => void | Promise<void>): void;
}

/** What the citizen-facing screens are asked to show: a domain needs only the lookup of counters and the hall. */
export type HallLookup = Pick<HallService, 'hall' | 'counter'>;
export type CitizenScreens = Pick<CitizenDisplay, 'show'>;

/** What the status bar shows beyond the hub: a domain's part (devices, sync backlog). */
export interface StatusParts {
  devices?: () => StatusSnapshot['devices'];
  syncBacklog?: () => number;
  /** The hub link's reachability (the queue domain owns the link). */
  hub?: () => HubReachability;
}

/**
 * The wide bag the queue domain (main/api/domains/queue.ts) is still built from, while it is
 * being rewritten into main/core/queue behind a hub port; new domains take a narrow deps interface.
 */
export interface DomainBase extends Lifecycle {
  opts: WorkstationOptions;
  db: Db;
  log: Logger;
  bus: EventBus;
  audit: AuditLog;
  hall: HallService;
  citizen: CitizenDisplay;
  settings: SettingsStore;
  files: FileStore;
  hubUrl(): string | null;
  statusParts: StatusParts;
  /** Push the status bar again after a domain's part changed. */
  publishStatus(): void;
}
