import type { AuditLog } from '../../core/audit';
import type { CitizenDisplay } from '../../core/citizen';
import type { EventBus } from '../../core/events';
import type { FileStore } from '../../core/files';
import type { HallService } from '../../core/hall/service';
import type { SettingsStore } from '../../core/settings';
import type { HubReachability } from '../../core/status';
import type { StatusSnapshot } from '../../../preload/contract/system';
import type { Db } from '../../db/connection';
import type { Logger, WorkstationOptions } from '../workstation';

/** What every domain factory gets from the composition root. */
export interface DomainBase {
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
  /** What the status bar shows beyond the hub: a domain registers its part (devices, sync backlog). */
  statusParts: {
    devices?: () => StatusSnapshot['devices'];
    syncBacklog?: () => number;
    /** The hub link's reachability (the queue domain owns the link). */
    hub?: () => HubReachability;
  };
  /** Push the status bar again after a domain's part changed. */
  publishStatus(): void;
  /** Register a cleanup to run when the workstation closes (timers, sockets, device handles). */
  onClose(fn: () => void | Promise<void>): void;
}
