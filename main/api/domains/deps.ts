import type { CitizenDisplay } from '../../core/citizen';
import type { HallService } from '../../core/hall/service';

/**
 * The small pieces a domain may be given. Each domain declares its own deps interface from
 * these and the core services it uses (see IntakeDeps, DevicesDeps, QueueDeps), so it can be built and
 * tested alone; the composition root (main/api/workstation.ts) is the only place that knows them all.
 */

/** Register a cleanup to run when the workstation closes (timers, sockets, device handles). */
export interface Lifecycle {
  onClose(fn: () => void | Promise<void>): void;
}

/** What the citizen-facing screens are asked to show: a domain needs only the lookup of counters and the hall. */
export type HallLookup = Pick<HallService, 'hall' | 'counter'>;
export type CitizenScreens = Pick<CitizenDisplay, 'show'>;
