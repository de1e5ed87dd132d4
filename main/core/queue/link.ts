/**
 * The workstation's link to the hall hub: the one reachability state (the status bar reads it),
 * the latest views the hub pushed (the queue is answered from them, with no hub request), the
 * view subscription, the return to online (pull the hall's configuration, resolve calls the hub
 * may have claimed without answering, upload the offline outbox in order, pull the day's
 * bookings), and the two pulls themselves (pulls.ts: cursors the hub issues; the sync domain's
 * schedule runs them once a minute; a `pull.due` push, a call that names an unknown booking or a
 * new day runs them at once).
 * Workstation rules W1–W6 in main/hub/OFFLINE.md.
 */
import { randomUUID } from 'node:crypto';
import { DeskError, isDeskError } from '../../../common/errors';
import type { PushEvent, ViewSubscription, ViewsFrame } from '../../hub/protocol';
import type { HubPort } from './hub-port';
import type { HallView } from './mapping';
import type { OfflineStore } from './offline-store';
import { pullAppointments, pullHall, type AppointmentPullResult } from './pulls';
import { resolvePendingCalls, uploadOutbox } from './link-upload';

export { isUnreachable } from './reachability';
import { isUnreachable } from './reachability';

export type Reachability = 'none' | 'connecting' | 'online' | 'offline';

export interface LinkListener {
  /** New views arrived (or the link went on/offline: `views` null means "re-read your own state"). */
  changed(views: ViewsFrame | null): void;
  /** The hall's configuration changed at the hub (pulled by cursor): local counters follow its names and numbers. */
  hallChanged(hall: HallView): void;
  /** A ticket was called somewhere in the hall (announce it on this workstation's screens). */
  called(e: Extract<PushEvent, { type: 'ticket.called' }>): void;
  /** Reachability or the backlog changed: the status bar should be pushed again. */
  status(): void;
  error(message: string): void;
}

export class HubLink {
  state: Reachability;
  /** Why the hub was last found unreachable (for the status bar). */
  lastError: string | null = null;
  checkedAt: number | null = null;
  hall: HallView | null;
  readonly workstationId: string;
  readonly warnings: { code: string; message: string; at: number }[] = [];
  /** The latest views and when they arrived (to age the hub's clock). */
  views: ViewsFrame | null = null;
  private receivedAt = 0;
  /** The highest views version a hub answer said its change will be pushed in. */
  private owed = 0;
  private waiters: (() => void)[] = [];
  private wanted: ViewSubscription = { counters: [], supervisor: false };
  private sub: { want(s: ViewSubscription): void; close(): void } | null = null;
  private syncing: Promise<boolean> | null = null;
  private resyncing: Promise<void> | null = null;
  private lastProbe = 0;
  private closed = false;
  /** The hub day the cached bookings and matching key are for. */
  private appointmentsDay: string | null = null;
  /** When each pull last completed (the sync domain's schedule reads it: addPull's `ranAt`), and when a bookings pull last failed. */
  readonly pulledAt = { hall: 0, appointments: 0 };
  private appointmentsFailedAt = 0;
  /** A push asked for the bookings (or the hall) while a pull was running: one more after it (the change may have come after its page). */
  private appointmentsAgain = false;
  private hallAgain = false;
  private pulling: { hall: Promise<HallView | null> | null; appointments: Promise<AppointmentPullResult | null> | null } = { hall: null, appointments: null };
  listener: LinkListener | null = null;
  /**
   * Whether this machine is enrolled at the hub as a kiosk: it issues and checks in, and the hub
   * gives it no counter's views, no bookings and no reconciliation (trust/access.ts), so the link
   * does not ask for them.
   */
  kioskOnly: () => boolean = () => false;
  /** Who hears the hub's `assist.changed` pushes (the assistance domain, main/core/assist). */
  readonly assistListeners = new Set<(e: Extract<PushEvent, { type: 'assist.changed' }>) => void>();

  constructor(
    readonly hub: HubPort | null,
    private readonly store: OfflineStore,
    readonly url: string | null,
  ) {
    this.state = hub ? 'connecting' : 'none';
    this.hall = store.getMeta<HallView>('hall');
    let id = store.getMeta<string>('workstationId');
    if (!id) {
      id = `ws-${randomUUID()}`;
      store.setMeta('workstationId', id);
    }
    this.workstationId = id;
  }

  get online(): boolean {
    return this.state === 'online';
  }

  get displayUrl(): string | null {
    return this.url ? `${this.url.replace(/\/$/, '')}/display` : null;
  }

  /** The hub's clock now, aged from the last views (the panel's waits grow from it). */
  hubNow(): number {
    return this.views ? this.views.at + (Date.now() - this.receivedAt) : Date.now();
  }

  start(): void {
    if (!this.hub) return;
    this.sub = this.hub.subscribe(
      (e) => this.onPush(e),
      (s) => {
        if (this.closed) return;
        if (s === 'open') void this.goOnline();
        if (s === 'closed') this.goOffline('推送连接已断开');
      },
    );
    this.sub.want(this.wanted);
  }

  /** Stops the push and waits for a sync in flight, so nothing touches the database after it closes. */
  async close(): Promise<void> {
    this.closed = true;
    this.sub?.close();
    await this.syncing?.catch(() => {});
    await this.resyncing?.catch(() => {});
    await this.pulling.hall?.catch(() => {});
    await this.pulling.appointments?.catch(() => {});
  }

  /**
   * Which views this workstation wants: the counters signed in here, and the supervisor board
   * while a supervisor is. Resolves once the views for them are here (at most one hub request).
   */
  async want(sub: ViewSubscription): Promise<void> {
    const counters = [...new Set(sub.counters)].sort((a, b) => a - b);
    const staff = sub.staff?.length ? [...sub.staff].sort((a, b) => a.counter - b.counter) : undefined;
    const same = counters.join() === this.wanted.counters.join() && sub.supervisor === this.wanted.supervisor && JSON.stringify(staff) === JSON.stringify(this.wanted.staff);
    if (!same) this.wanted = { counters, supervisor: sub.supervisor, ...(staff ? { staff } : {}) };
    // Sent again even when unchanged: the push sends only what differs (a supervisor's new assertion).
    this.sub?.want(this.wanted);
    if (this.online && !this.covers(this.wanted)) await this.resync();
  }

  /** Whether the cached views hold everything `sub` asks for. */
  covers(sub: ViewSubscription): boolean {
    const v = this.views;
    if (!v) return false;
    return sub.counters.every((n) => v.panels.some((p) => p.counter === n)) && (!sub.supervisor || v.supervisor !== null);
  }

  private onPush(e: PushEvent): void {
    if (e.type === 'assist.changed') {
      for (const fn of this.assistListeners) fn(e);
      return;
    }
    if (e.type === 'pull.due') {
      // A check-in, an import or a skill change at the hub: this copy follows now, not at the next minute.
      if (e.what === 'appointments') this.pullAppointmentsSoon();
      else this.pullHallSoon();
      return;
    }
    if (e.type === 'ticket.called') {
      this.listener?.called(e);
      // A booking this machine has not pulled yet (booked or imported a moment ago): pull now, not at the next minute.
      if (e.ticket.appointmentId && !this.store.appointment(e.ticket.appointmentId)) this.pullAppointmentsSoon();
      return;
    }
    if (e.type !== 'views' || !this.online) return;
    const { type: _t, ...frame } = e;
    const last = this.views?.version ?? null;
    if (!frame.snapshot && last !== null && frame.version <= last) return;
    this.accept(frame);
    // The hub's day turned (midnight, or its test clock): the offline copy of the bookings and the
    // day's ID matching key follow at once (the cursor names the old day: the hub answers `reset`),
    // not at the next scheduled pull (a card read at check-in matches against them).
    // (Every frame of the new day asks until a pull lands; after a failed one, not for 2 s.)
    if (this.appointmentsDay !== null && frame.day !== this.appointmentsDay && Date.now() - this.appointmentsFailedAt > 2_000) this.pullAppointmentsSoon();
    // A jump means a push was missed: one GET of the views puts us back on the hub's sequence.
    if (!frame.snapshot && last !== null && frame.version > last + 1) void this.resync();
  }

  private accept(frame: ViewsFrame): void {
    this.views = frame;
    this.receivedAt = Date.now();
    this.listener?.changed(frame);
    if (frame.version >= this.owed) for (const w of this.waiters.splice(0)) w();
  }

  /** A hub answer said its change goes out in views `version` (HubClient's onViewsVersion). */
  owe(version: number): void {
    if (version > this.owed) this.owed = version;
  }

  /**
   * Read-your-writes: if this workstation changed the queue and the push carrying the change has
   * not arrived yet, wait for it (normally a few ms); after `ms` without it, one resync GET.
   */
  async fresh(ms = 2000): Promise<void> {
    if (!this.online || !this.views || this.views.version >= this.owed) return;
    let timer: NodeJS.Timeout | undefined;
    const arrived = await new Promise<boolean>((resolve) => {
      this.waiters.push(() => resolve(true));
      timer = setTimeout(() => resolve(false), ms);
    });
    clearTimeout(timer);
    if (!arrived && this.online) await this.resync();
  }

  /** One GET of the views (coalesced: concurrent askers share it). */
  resync(): Promise<void> {
    if (!this.hub || this.kioskOnly()) return Promise.resolve();
    const hub = this.hub;
    this.resyncing ??= this.call(() => hub.views(this.wanted))
      .then((f) => {
        if (!this.views || f.version >= this.views.version || !this.covers(this.wanted)) this.accept(f);
      })
      .catch((e) => {
        if (!isUnreachable(e)) this.listener?.error(`[queue] views: ${(e as Error).message}`);
      })
      .finally(() => {
        this.resyncing = null;
      });
    return this.resyncing;
  }

  goOffline(reason: string): void {
    if (this.closed || !this.hub) return;
    this.lastError = reason;
    this.checkedAt = Date.now();
    if (this.state === 'offline') return;
    this.state = 'offline';
    this.views = null;
    for (const w of this.waiters.splice(0)) w();
    this.listener?.changed(null);
    this.listener?.status();
  }

  /** Runs `fn` against the hub; on unreachability switches to offline mode and rethrows. */
  async call<T>(fn: (hub: HubPort) => Promise<T>): Promise<T> {
    if (!this.hub) throw new DeskError('HUB_UNREACHABLE', '未配置大厅服务，工作在离线模式。');
    try {
      return await fn(this.hub);
    } catch (e) {
      if (isUnreachable(e)) this.goOffline((e as Error).message);
      throw e;
    }
  }

  /**
   * Whether to use the hub for this press. Offline, a probe (at most every 2 s) runs in the
   * background and the press is served offline at once: a clerk never waits on a dead network.
   * The push subscription's `open` brings the counter back as soon as the hub answers.
   */
  async ensure(): Promise<boolean> {
    if (this.online || !this.hub) return this.online;
    if (Date.now() - this.lastProbe >= 2000) void this.goOnline();
    return false;
  }

  goOnline(): Promise<boolean> {
    if (!this.hub || this.closed) return Promise.resolve(false);
    this.syncing ??= this.reconnect().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async reconnect(): Promise<boolean> {
    const c = this.hub!;
    this.lastProbe = Date.now();
    try {
      // The hall's configuration by its cursor (`unchanged` unless it moved): also the probe of the hub.
      await this.pullHall();
      if (this.closed) return false;
      const kiosk = this.kioskOnly();
      if (!kiosk) {
        await resolvePendingCalls(c, this.store);
        await this.upload(c);
        // After the upload (the hub has this counter's offline check-ins), before the views (panels show the bookings).
        await this.pullAppointments().catch((e: unknown) => {
          if (isDeskError(e) && e.code === 'HUB_UNREACHABLE') throw e;
          this.listener?.error(`[queue] appointments: ${(e as Error).message}`);
        });
      }
      const views = kiosk ? null : await c.views(this.wanted);
      if (this.closed) return false;
      this.state = 'online';
      this.lastError = null;
      this.checkedAt = Date.now();
      if (views) this.accept(views);
      this.listener?.status();
      return true;
    } catch (e) {
      if (this.closed) return false;
      if (!isUnreachable(e)) this.listener?.error(`[queue] resync: ${(e as Error).message}`);
      this.state = 'offline';
      this.lastError = (e as Error).message;
      this.checkedAt = Date.now();
      this.listener?.status();
      return false;
    }
  }

  /** W2/W5: uploads the offline outbox in local order (link-upload.ts). */
  upload(c: HubPort): Promise<{ uploaded: number; rejected: number }> {
    return uploadOutbox(c, this.store, { workstationId: this.workstationId, warnings: this.warnings, status: () => this.listener?.status() });
  }

  /**
   * Pulls the hall's configuration by its cursor (one run at a time); when it changed, the link
   * and the local counters follow (hallChanged). Resolves with the new configuration, or null.
   */
  pullHall(): Promise<HallView | null> {
    const hub = this.hub;
    if (!hub || this.closed) return Promise.resolve(null);
    this.pulling.hall ??= pullHall(this.store, (cursor) => hub.hallChanges(cursor))
      .then((hall) => {
        this.pulledAt.hall = Date.now();
        if (hall && !this.closed) {
          this.hall = hall;
          this.listener?.hallChanged(hall);
        }
        return hall;
      })
      .finally(() => {
        this.pulling.hall = null;
        if (this.hallAgain) {
          this.hallAgain = false;
          this.pullHallSoon();
        }
      });
    return this.pulling.hall;
  }

  /** A push says the hall's configuration moved: as pullAppointmentsSoon. */
  private pullHallSoon(): void {
    if (!this.online || this.closed) return;
    if (this.pulling.hall) {
      this.hallAgain = true;
      return;
    }
    void this.pullHall().catch((e: unknown) => {
      if (!isUnreachable(e)) this.listener?.error(`[queue] hall: ${(e as Error).message}`);
    });
  }

  /** Pulls the day's booking changes by their cursor (one run at a time; a kiosk gets no bookings). */
  pullAppointments(): Promise<AppointmentPullResult | null> {
    const hub = this.hub;
    if (!hub || this.closed || this.kioskOnly()) return Promise.resolve(null);
    this.pulling.appointments ??= pullAppointments(this.store, (cursor) => hub.appointmentChanges(cursor))
      .then((r) => {
        this.pulledAt.appointments = Date.now();
        this.appointmentsDay = r.day;
        return r;
      })
      .catch((e: unknown) => {
        this.appointmentsFailedAt = Date.now();
        throw e;
      })
      .finally(() => {
        this.pulling.appointments = null;
        if (this.appointmentsAgain) {
          this.appointmentsAgain = false;
          this.pullAppointmentsSoon();
        }
      });
    return this.pulling.appointments;
  }

  /** A push says the bookings moved: pull now; while a pull runs, once more after it (a burst of pushes asks twice at most). */
  private pullAppointmentsSoon(): void {
    if (!this.online || this.closed) return;
    if (this.pulling.appointments) {
      this.appointmentsAgain = true;
      return;
    }
    void this.pullAppointments().catch((e: unknown) => this.listener?.error(`[queue] appointments: ${(e as Error).message}`));
  }
}
