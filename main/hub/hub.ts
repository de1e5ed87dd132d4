import { AppointmentDesk } from './appointments';
import { EventBus } from './bus';
import { demoAppointments } from './demo';
import { OfflineReconciler } from './offline';
import type { HallConfig } from './protocol';
import { HallQueue } from './queue';
import type { QueueStore } from './store/types';
import { supervisorSnapshot } from './supervisor';
import { hallDay } from '../../common/hall-time';

/** The hub's domain, transport-free: the queue, appointments, offline reconciliation and supervisor pushes. */
export class Hub {
  readonly bus = new EventBus();
  readonly queue: HallQueue;
  readonly appointments: AppointmentDesk;
  readonly offline: OfflineReconciler;
  private debounce: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;

  private constructor(readonly store: QueueStore, hall: HallConfig, readonly now: () => number) {
    this.queue = new HallQueue(store, hall, this.bus, now, () => this.snapshotSoon());
    this.appointments = new AppointmentDesk(this.queue);
    this.offline = new OfflineReconciler(this.queue);
  }

  /** The stored hall wins over `hall`, so runtime changes (skills, pauses) survive a restart. */
  static async open(store: QueueStore, hall: HallConfig, opts: { now?: () => number; demo?: boolean } = {}): Promise<Hub> {
    const stored = await store.loadHall();
    const effective = stored ?? hall;
    if (!stored) await store.saveHall(hall);
    const hub = new Hub(store, effective, opts.now ?? Date.now);
    await hub.closeStaleDays();
    if (opts.demo) await hub.seedDemoDay();
    return hub;
  }

  /** Fills today's bookings with the SIMULATED demo generator (idempotent: same ids). */
  async seedDemoDay(): Promise<number> {
    const rows = demoAppointments(this.queue.hall, hallDay(this.now()));
    return (await this.appointments.import(rows)).inserted;
  }

  async pushSnapshot(): Promise<void> {
    this.bus.emit({ type: 'supervisor.snapshot', at: this.now(), snapshot: await supervisorSnapshot(this.queue) });
  }

  private snapshotSoon(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.pushSnapshot().catch(() => {});
    }, 150);
  }

  /** Day rollover: yesterday's unfinished tickets are closed (kept as history), so nothing stale is called. */
  async closeStaleDays(): Promise<number> {
    const n = await this.store.closeDaysBefore(hallDay(this.now()), this.now());
    if (n > 0) await this.queue.emitQueue();
    return n;
  }

  /** The periodic tick: waits grow without any event, so the board is re-pushed; no-shows are recorded; days roll over. */
  startTicker(): void {
    const every = this.queue.hall.supervisor.tickSeconds * 1000;
    this.ticker = setInterval(() => {
      this.appointments
        .sweepNoShows()
        .then(() => this.closeStaleDays())
        .then(() => this.pushSnapshot())
        .catch(() => {});
    }, every);
    this.ticker.unref();
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.debounce) clearTimeout(this.debounce);
    await this.store.close();
  }
}
