/**
 * The workstation's link to the hall hub: online/offline mode, the push relay, and the return to
 * online (resolve calls the hub may have claimed without answering, upload the offline outbox in
 * order, refresh the hall and the appointment cache). Workstation rules W1–W6 in main/hub/OFFLINE.md.
 */
import { randomUUID } from 'node:crypto';
import type { SupervisorView } from '../../../preload/contract/queue';
import type { EventBus } from '../../core/events';
import { DeskError, isDeskError } from '../../../common/errors';
import type { HallService } from '../../core/hall/service';
import type { CitizenDisplay } from '../../core/citizen';
import { HubClient } from '../../hub/client';
import type { PushEvent, SupervisorSnapshot } from '../../hub/protocol';
import type { HallView } from './mapping';
import { hallDay } from '../../../common/hall-time';
import type { OfflineStore } from './offline-store';
import { announcement, calledText } from './text';

export const isUnreachable = (e: unknown) => isDeskError(e) && (e.code === 'HUB_UNREACHABLE' || e.code === 'HUB_BAD_RESPONSE');

export class HubLink {
  readonly client: HubClient | null;
  online = false;
  hall: HallView | null;
  readonly workstationId: string;
  readonly warnings: { code: string; message: string; at: number }[] = [];
  private sub: { close(): void } | null = null;
  private syncing: Promise<boolean> | null = null;
  private lastProbe = 0;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  /** Counters whose panel asked for the queue recently, by last time: they get heartbeats so the board shows them present. */
  private readonly active = new Map<number, number>();
  private lastAppointments = 0;

  constructor(
    private readonly url: string | null,
    private readonly store: OfflineStore,
    private readonly deps: { bus: EventBus; hall: HallService; citizen: CitizenDisplay; publishStatus(): void; log: { error(m: string): void } },
    timeoutMs = 3000,
  ) {
    this.client = url ? new HubClient({ url, timeoutMs }) : null;
    this.hall = store.getMeta<HallView>('hall');
    let id = store.getMeta<string>('workstationId');
    if (!id) {
      id = `ws-${randomUUID()}`;
      store.setMeta('workstationId', id);
    }
    this.workstationId = id;
  }

  get displayUrl(): string | null {
    return this.url ? `${this.url.replace(/\/$/, '')}/display` : null;
  }

  start(): void {
    if (!this.client) return;
    this.sub = this.client.subscribe(
      (e) => void this.relay(e).catch((err) => this.deps.log.error(`[queue] push relay: ${String(err)}`)),
      (s) => {
        if (this.closed) return;
        if (s === 'open') void this.goOnline();
        if (s === 'closed' && this.online) this.goOffline();
      },
    );
  }

  /** Stops the push, the heartbeats and waits for a sync in flight, so nothing touches the database after it closes. */
  async close(): Promise<void> {
    this.closed = true;
    this.sub?.close();
    if (this.timer) clearInterval(this.timer);
    await this.syncing?.catch(() => {});
  }

  /** A counter's panel is open here: keep it shown as present on the hub (heartbeat), now and every 30 s. */
  seen(counter: number): void {
    const fresh = !this.active.has(counter);
    this.active.set(counter, Date.now());
    if (fresh && this.online) void this.client?.heartbeat(counter).catch(() => {});
    this.timer ??= setInterval(() => void this.beat(), 30_000);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    if (!this.online || !this.client) return;
    const c = this.client;
    for (const [n, at] of this.active) {
      if (Date.now() - at > 5 * 60_000) this.active.delete(n);
      else await c.heartbeat(n).catch(() => {});
    }
    // The cached appointment list is what offline check-in relies on: keep it fresh (bookings arrive during the day).
    if (Date.now() - this.lastAppointments > 5 * 60_000) await this.refreshAppointments(c).catch(() => {});
  }

  goOffline(): void {
    if (!this.online || this.closed) return;
    this.online = false;
    this.changed({});
  }

  changed(waiting: Record<string, number>, at = Date.now()): void {
    this.deps.bus.emit('queue.changed', { at, online: this.online, waiting });
    this.deps.publishStatus();
  }

  /** Runs `fn` against the hub; on unreachability switches to offline mode and rethrows. */
  async hub<T>(fn: (c: HubClient) => Promise<T>): Promise<T> {
    if (!this.client) throw new DeskError('HUB_UNREACHABLE', '未配置大厅服务，工作在离线模式。');
    try {
      return await fn(this.client);
    } catch (e) {
      if (isUnreachable(e)) this.goOffline();
      throw e;
    }
  }

  /**
   * Whether to use the hub for this press. Offline, a probe (at most every 2 s) runs in the
   * background and the press is served offline at once: a clerk never waits on a dead network.
   * The push subscription's `open` brings the counter back as soon as the hub answers.
   */
  async ensure(): Promise<boolean> {
    if (this.online || !this.client) return this.online;
    if (Date.now() - this.lastProbe >= 2000) void this.goOnline();
    return false;
  }

  goOnline(): Promise<boolean> {
    if (!this.client || this.closed) return Promise.resolve(false);
    this.syncing ??= this.resync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async resync(): Promise<boolean> {
    const c = this.client!;
    this.lastProbe = Date.now();
    try {
      const hall = await c.hall();
      if (this.closed) return false;
      this.hall = { ...hall, counters: hall.counters.map((x) => ({ number: x.number, name: x.name, streams: x.streams, items: x.items, dedicatedStream: x.dedicatedStream, dedicationLabel: x.dedicationLabel })) };
      this.store.setMeta('hall', this.hall);
      this.deps.hall.syncCounters(this.hall.counters.map((x) => ({ number: x.number, name: x.name, dedication: x.dedicationLabel })));
      await this.resolvePendingCalls(c);
      await this.upload(c);
      await this.refreshAppointments(c);
      this.online = true;
      this.changed({});
      return true;
    } catch (e) {
      if (this.closed) return false;
      if (!isUnreachable(e)) this.deps.log.error(`[queue] resync: ${(e as Error).message}`);
      this.online = false;
      this.deps.publishStatus();
      return false;
    }
  }

  /**
   * W3: a call the hub may have claimed without the answer reaching us. The hub says what that
   * request id claimed (GET /calls/:requestId). The applicant was never told (nothing was shown or
   * spoken), so a ticket it claimed that is still `called` once at that counter goes back to its
   * queue with its place kept (transfer keeps dueAt). A request that claimed nothing leaves nothing.
   */
  private async resolvePendingCalls(c: HubClient): Promise<void> {
    for (const p of this.store.pendingCalls()) {
      const { ticket } = await c.callRequest(p.requestId);
      if (ticket && ticket.status === 'called' && ticket.counter === p.counter && ticket.callCount <= 1) {
        await c.transfer(ticket.id, { counter: p.counter, toStream: ticket.stream });
      }
      this.store.clearPendingCall(p.requestId);
    }
  }

  /** W2/W5: uploads the outbox in local order, one counter's run per request, until empty. */
  async upload(c: HubClient): Promise<{ uploaded: number; rejected: number }> {
    let uploaded = 0;
    let rejected = 0;
    for (;;) {
      const rows = this.store.pending(2000);
      if (!rows.length) break;
      const counter = rows[0].counter;
      const end = rows.findIndex((r) => r.counter !== counter);
      const run = end === -1 ? rows : rows.slice(0, end);
      let results;
      try {
        results = await c.reconcile({ workstationId: this.workstationId, counter, ops: run.map((r) => r.op) });
      } catch (e) {
        if (isUnreachable(e) || (isDeskError(e) && e.code === 'INTERNAL')) throw e;
        // The hub refused the whole batch (e.g. unknown counter): dead-letter it rather than block the rest.
        const err = isDeskError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String(e) };
        results = run.map((r) => ({ opId: r.opId, outcome: 'rejected', error: err, warning: null }));
      }
      this.store.settle(results, Date.now());
      for (const r of results) {
        if (r.outcome === 'rejected') rejected++;
        else uploaded++;
        if (r.warning) this.warnings.push({ ...r.warning, at: Date.now() });
      }
    }
    this.deps.publishStatus();
    return { uploaded, rejected };
  }

  async refreshAppointments(c: HubClient): Promise<void> {
    const list = await c.appointments();
    const day = list[0]?.day ?? hallDay(Date.now());
    this.store.cacheAppointments(day, list, Date.now());
    this.lastAppointments = Date.now();
  }

  /** Hub push → workstation bus (contract events), citizen screens, supervisors. */
  private async relay(e: PushEvent): Promise<void> {
    if (e.type === 'queue.changed') {
      if (this.online) this.changed(e.waiting, e.at);
      return;
    }
    if (e.type === 'counter.changed') {
      if (this.online) this.changed({}, e.at);
      return;
    }
    if (e.type === 'ticket.called') {
      this.announce(e.counter, e.counterName, e.ticket.number, e.recall);
      if (e.ticket.appointmentId && !this.store.appointment(e.ticket.appointmentId) && this.client) await this.refreshAppointments(this.client);
      return;
    }
    this.deps.bus.emit('queue.supervisor', await this.supervisorView(e.snapshot));
  }

  /** Shows "请 A012 号到 3 号窗口办理" on that counter's citizen screen and lets its panel speak it. */
  announce(counterNumber: number, counterName: string, ticketNumber: string, recall: boolean): void {
    const counter = this.deps.hall.counters().find((x) => x.number === counterNumber);
    if (!counter) return;
    this.deps.citizen.show(counter.id, { mode: 'called', counterNumber, ticketNumber });
    this.deps.bus.emit('queue.called', { counterNumber, counterName, ticketNumber, recall, announcement: announcement(ticketNumber, counterNumber), text: calledText(ticketNumber, counterNumber) }, counter.id);
  }

  async supervisorView(snap?: SupervisorSnapshot): Promise<SupervisorView> {
    const s = snap ?? (await this.hub((c) => c.supervisor()));
    const waiting = await this.hub((c) => c.tickets({ status: ['waiting'] }));
    return {
      online: this.online, at: s.at, day: s.day, streams: s.streams, atRisk: s.atRisk,
      counters: s.counters.map((c) => ({ number: c.number, name: c.name, streams: c.streams, dedicationLabel: c.dedicationLabel, state: c.state, paused: c.paused, ticket: c.ticket, since: c.since, servedToday: c.servedToday, avgServiceMinutes: c.avgServiceMinutes })),
      waiting: waiting.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id).slice(0, 200).map((t) => ({ ticketId: t.id, number: t.number, stream: t.stream, dueAt: t.dueAt, movedUp: t.movedUpAt !== null })),
      allStreams: (this.hall?.streams ?? []).map((x) => ({ id: x.id, name: x.name })),
      displayUrl: this.displayUrl,
      warnings: this.warnings.slice(-50),
    };
  }
}
