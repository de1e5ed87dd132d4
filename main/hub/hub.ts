import { AppointmentDesk } from './appointments';
import { EventBus } from './bus';
import { demoAppointments } from './demo';
import { OfflineReconciler } from './offline';
import type { HallConfig } from './protocol';
import { HallQueue } from './queue';
import type { QueueStore } from './store/types';
import { ViewPublisher } from './publisher';
import { atHallTime, hallDay } from '../../common/hall-time';
import { AssistDesk } from './assist/desk';
import { ReportDesk } from './assist/reports';
import { assistStoreFor } from './assist/stores';

/** What one rollover removed: ticket holders, issue keys, appointment names/phones emptied. */
export interface PurgeCounts {
  ticketHolders: number;
  issueKeys: number;
  appointmentContacts: number;
}

/** `YYYY-MM-DD` minus `n` calendar days. */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/** The hub's domain, transport-free: the queue, appointments, offline reconciliation and supervisor pushes. */
export class Hub {
  readonly bus = new EventBus();
  readonly queue: HallQueue;
  readonly appointments: AppointmentDesk;
  readonly offline: OfflineReconciler;
  readonly views: ViewPublisher;
  /** Assistance and 办不成事 reports, hall-wide: beside the queue in its store (either backend). */
  readonly assist: AssistDesk;
  readonly reports: ReportDesk;
  private ticker: NodeJS.Timeout | null = null;

  /** Told of each rollover purge of personal data that removed anything (the hub's audit log records it). */
  onPurge: ((p: PurgeCounts) => void) | null = null;

  private constructor(readonly store: QueueStore, hall: HallConfig, readonly now: () => number) {
    this.queue = new HallQueue(store, hall, this.bus, now, () => this.views.changed());
    this.views = new ViewPublisher(this.queue);
    this.queue.presenceChanged = () => this.views.changedSoon();
    // Every queue event is also a change of the views (a recall changes the panel's ticket); a
    // `pull.due` is not (the bookings and the hall's configuration are pulled, not pushed).
    this.bus.on((e) => {
      if (e.type !== 'views' && e.type !== 'pull.due') this.views.changed();
    });
    this.appointments = new AppointmentDesk(this.queue);
    this.offline = new OfflineReconciler(this.queue);
    const assist = assistStoreFor(store);
    this.assist = new AssistDesk(assist, this.bus, now);
    this.reports = new ReportDesk(assist, now);
  }

  /** The stored hall wins over `hall`, so runtime changes (skills, pauses) survive a restart. */
  static async open(store: QueueStore, hall: HallConfig, opts: { now?: () => number; demo?: boolean; onPurge?: (p: PurgeCounts) => void; contactRetentionDays?: number } = {}): Promise<Hub> {
    const stored = await store.loadHall();
    let effective = stored ?? hall;
    // The hub's own setting (CLI) wins over the stored hall's for this run.
    if (opts.contactRetentionDays !== undefined) effective = { ...effective, privacy: { contactRetentionDays: opts.contactRetentionDays } };
    if (!stored) await store.saveHall(hall);
    const hub = new Hub(store, effective, opts.now ?? Date.now);
    hub.onPurge = opts.onPurge ?? null;
    await hub.closeStaleDays();
    if (opts.demo) await hub.seedDemoDay();
    return hub;
  }

  /** Fills today's bookings with the SIMULATED demo generator (idempotent: same ids). */
  async seedDemoDay(): Promise<number> {
    const rows = demoAppointments(this.queue.hall, hallDay(this.now()));
    return (await this.appointments.import(rows)).inserted;
  }

  private dayClosed: ((day: string) => void)[] = [];
  private openDay: string | null = null;

  /** Told the day that just closed, once per rollover (the 日动态 is kept then). */
  onDayClosed(fn: (day: string) => void): void {
    this.dayClosed.push(fn);
  }

  /** Day rollover: yesterday's unfinished tickets are closed (kept as history), so nothing stale is called. */
  async closeStaleDays(): Promise<number> {
    const n = await this.store.closeDaysBefore(hallDay(this.now()), this.now());
    const day = hallDay(this.now());
    const closed = this.openDay !== null && this.openDay < day ? this.openDay : null;
    this.openDay = day;
    if (closed) for (const fn of this.dayClosed) fn(closed);
    // What is kept only for the day: the ticket holders and the issue keys (the table grew by one row per ticket);
    // appointment holders' names and phones for the day plus the hall's retention (PIPL: no longer than needed).
    const today = hallDay(this.now());
    const purged: PurgeCounts = {
      ticketHolders: await this.store.purgeTicketHoldersBefore(today),
      issueKeys: await this.store.purgeIssueKeysBefore(atHallTime(today, '00:00')),
      appointmentContacts: await this.store.purgeAppointmentContactsBefore(daysBefore(today, this.queue.hall.privacy.contactRetentionDays), this.now()),
    };
    if (purged.ticketHolders + purged.issueKeys + purged.appointmentContacts > 0) this.onPurge?.(purged);
    if (n > 0) await this.queue.emitQueue();
    return n;
  }

  /** The periodic tick: waits grow without any event, so the views are re-pushed (a new version); no-shows are recorded; days roll over. */
  startTicker(): void {
    const every = this.queue.hall.supervisor.tickSeconds * 1000;
    this.ticker = setInterval(() => {
      this.appointments
        .sweepNoShows()
        .then(() => this.closeStaleDays())
        .then(() => this.assist.sweep())
        .then(() => this.views.changed())
        .catch(() => {});
    }, every);
    this.ticker.unref();
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.views.close();
    await this.store.close();
  }
}
