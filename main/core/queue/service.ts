/**
 * The counter's queue operations. Online every operation goes to the hall hub (the authority)
 * and the queue is read from the views the hub pushed (no hub request, no policy run here);
 * offline (hub unreachable) the counter issues, checks in and serves only its own offline series,
 * recorded in the workstation SQLite with an outbox for reconciliation (main/hub/OFFLINE.md).
 * It is also the link's listener: pushed views become contract events, each once.
 */
import type { QueueState, QueueTicket, SupervisorView } from '../../../preload/contract/queue';
import type { CitizenDisplay } from '../citizen';
import { randomUUID } from 'node:crypto';
import { DeskError } from '../../../common/errors';
import type { EventBus } from '../events';
import type { HallService } from '../hall/service';
import type { CheckInRequest, PushEvent, Ticket, ViewSubscription, ViewsFrame } from '../../hub/protocol';
import { isUnreachable, type HubLink, type LinkListener } from './link';
import { fromHub, fromOffline, parseRef, streamName, type HallView } from './mapping';
import { hallDay } from '../../../common/hall-time';
import type { CachedAppointment, OfflineStore } from './offline-store';
import type { SlipFacts } from '../slip/types';
import { announcement, calledText } from './text';
import { offlineState, onlineState, supervisorView } from './views';

function offlineRefused(number: string): DeskError {
  return new DeskError('HUB_TICKET_OFFLINE', `大厅服务未连接，不能办理大厅号 ${number}；请先办理本窗口离线号，网络恢复后再继续该号。`);
}

export interface QueueServiceDeps {
  bus: EventBus;
  hall: HallService;
  citizen: CitizenDisplay;
  /** Which views this workstation needs now: the counters signed in here, and whether a supervisor is. */
  interest(): ViewSubscription;
  publishStatus(): void;
  log: { error(m: string): void };
}

export class QueueService implements LinkListener {
  constructor(readonly link: HubLink, readonly store: OfflineStore, private readonly deps: QueueServiceDeps) {
    link.listener = this;
  }

  private get hall(): HallView | null {
    return this.link.hall;
  }
  private appt = (id: string) => this.store.appointment(id);
  private view = (t: Ticket) => fromHub(t, this.hall, this.appt);

  private counterCfg(n: number) {
    const c = this.hall?.counters.find((x) => x.number === n);
    if (!c) throw new DeskError('UNKNOWN_COUNTER', `大厅配置中没有${n}号窗口，请联系管理员核对窗口设置。`);
    return c;
  }

  /** Online first; on HUB_UNREACHABLE the same press is served offline (W1). */
  private async either<T>(online: () => Promise<T>, offline: () => T | Promise<T>): Promise<T> {
    if (await this.link.ensure()) {
      try {
        return await online();
      } catch (e) {
        if (!isUnreachable(e)) throw e;
      }
    }
    return offline();
  }

  private local() {
    return { backlog: this.store.backlog(), deadLetters: this.store.deadLetters() };
  }

  /** Subscribes to what the signed-in sessions need (plus `add`); at most one hub request when something new is asked. */
  private async watch(add: Partial<ViewSubscription>): Promise<void> {
    const i = this.deps.interest();
    await this.link.want({ counters: [...i.counters, ...(add.counters ?? [])], supervisor: i.supervisor || (add.supervisor ?? false), ...(i.staff ? { staff: i.staff } : {}) });
  }

  /** The panel's state: from the pushed views while online (no hub request once subscribed), from the local series offline. */
  async state(counter: number): Promise<QueueState> {
    await this.watch({ counters: [counter] });
    await this.link.fresh();
    if (this.link.online && this.link.views) {
      const s = onlineState(this.link.views, counter, this.link.hubNow(), this.hall, this.appt, this.local());
      if (s) return s;
      // Not in the views: the hub's hall has no such counter, or its panel has not arrived yet.
      if (!this.link.views.counters.some((c) => c.number === counter)) this.counterCfg(counter);
      throw new DeskError('HUB_UNREACHABLE', '暂未收到大厅服务的队列数据，请稍候重试。');
    }
    return offlineState(this.store, counter, Date.now(), this.hall, this.local());
  }

  /** The supervisor's board from the pushed views. */
  async supervisor(): Promise<SupervisorView> {
    if (!(await this.link.ensure())) throw new DeskError('HUB_UNREACHABLE', '大厅服务未连接，暂时无法显示大厅监控；恢复连接后自动刷新。');
    await this.watch({ supervisor: true });
    await this.link.fresh();
    const v = this.link.views && this.boardOf(this.link.views);
    if (!v) throw new DeskError('HUB_UNREACHABLE', '暂未收到大厅服务的监控数据，请稍候重试。');
    return v;
  }

  private boardOf(v: ViewsFrame): SupervisorView | null {
    return supervisorView(v, this.hall, { displayUrl: this.link.displayUrl, warnings: this.link.warnings.slice(-50) });
  }

  // ---- LinkListener: pushed views → contract events (each counter's panel, the board), each once ----
  changed(views: ViewsFrame | null): void {
    const counters = this.deps.interest().counters;
    if (views) {
      for (const p of views.panels) this.emitPanel(p.counter);
      const board = this.boardOf(views);
      if (board) this.deps.bus.emit('queue.supervisor', board);
    } else for (const n of counters) this.emitPanel(n);
  }

  hallChanged(hall: HallView): void {
    this.deps.hall.syncCounters(hall.counters.map((x) => ({ number: x.number, name: x.name, dedication: x.dedicationLabel })));
  }

  called(e: Extract<PushEvent, { type: 'ticket.called' }>): void {
    this.announce(e.counter, e.counterName, e.ticket.number, e.recall);
  }

  status(): void {
    this.deps.publishStatus();
  }

  error(message: string): void {
    this.deps.log.error(message);
  }

  /** Pushes one counter's state to its panels (scope: that counter). */
  private emitPanel(counter: number): void {
    const id = this.deps.hall.counters().find((c) => c.number === counter)?.id;
    if (!id) return;
    const v = this.link.views;
    const s = this.link.online && v ? onlineState(v, counter, this.link.hubNow(), this.hall, this.appt, this.local()) : offlineState(this.store, counter, Date.now(), this.hall, this.local());
    if (s) this.deps.bus.emit('queue.changed', s, id);
  }

  /** An offline change at this counter: its panels get the new local state; the status bar the backlog. */
  private localChanged(counter: number): void {
    this.emitPanel(counter);
    this.deps.publishStatus();
  }

  /** Shows "请 A012 号到 3 号窗口办理" on that counter's citizen screen and lets its panel speak it. */
  announce(counterNumber: number, counterName: string, ticketNumber: string, recall: boolean): void {
    const counter = this.deps.hall.counters().find((x) => x.number === counterNumber);
    if (!counter) return;
    this.deps.citizen.show(counter.id, { mode: 'called', counterNumber, ticketNumber });
    this.deps.bus.emit('queue.called', { counterNumber, counterName, ticketNumber, recall, announcement: announcement(ticketNumber, counterNumber), text: calledText(ticketNumber, counterNumber) }, counter.id);
  }

  async callNext(counter: number, requestId: string): Promise<{ ticket: QueueTicket | null; replayed: boolean }> {
    return this.either(
      async () => {
        // W3: remembered until the hub answers, so a lost answer is resolved when the hub returns.
        this.store.notePendingCall(requestId, counter, Date.now());
        const r = await this.link.call((c) => c.callNext(counter, requestId));
        this.store.clearPendingCall(requestId);
        return { ticket: r.ticket ? this.view(r.ticket) : null, replayed: r.replayed };
      },
      () => {
        const t = this.store.callNext({ number: counter, streams: [] }, Date.now());
        if (t) this.announce(counter, this.counterName(counter), t.number, false);
        this.localChanged(counter);
        return { ticket: t ? fromOffline(t, this.hall, this.appt) : null, replayed: false };
      },
    ).catch((e) => {
      this.store.clearPendingCall(requestId);
      throw e;
    });
  }

  private counterName(n: number): string {
    return this.hall?.counters.find((c) => c.number === n)?.name ?? `${n}号窗口`;
  }

  async callTicket(counter: number, ref: string, requestId: string): Promise<{ ticket: QueueTicket; replayed: boolean }> {
    const r = parseRef(ref);
    if (r.series === 'offline') {
      const t = this.store.step(counter, r.number, 'call', Date.now());
      this.announce(counter, this.counterName(counter), t.number, false);
      this.localChanged(counter);
      return { ticket: fromOffline(t, this.hall, this.appt), replayed: false };
    }
    if (!(await this.link.ensure())) throw offlineRefused(`#${r.id}`);
    this.store.notePendingCall(requestId, counter, Date.now());
    try {
      const out = await this.link.call((c) => c.callTicket(r.id, counter, requestId));
      this.store.clearPendingCall(requestId);
      return { ticket: this.view(out.ticket!), replayed: out.replayed };
    } catch (e) {
      if (!isUnreachable(e)) this.store.clearPendingCall(requestId);
      throw e;
    }
  }

  /** recall / noShow / start / finish / park / resume on the ticket at this counter. */
  async act(counter: number, ref: string, action: 'recall' | 'noShow' | 'start' | 'finish' | 'park' | 'resume'): Promise<QueueTicket> {
    const r = parseRef(ref);
    if (r.series === 'offline') {
      const now = Date.now();
      if (action === 'park' || action === 'resume') throw new DeskError('OFFLINE_NOT_SUPPORTED', '离线期间不能挂起或恢复号，请办结或过号。');
      const t = action === 'recall' ? this.store.recall(counter, r.number, now) : this.store.step(counter, r.number, action, now);
      if (action === 'recall') this.announce(counter, this.counterName(counter), t.number, true);
      this.localChanged(counter);
      this.tellApplicant(counter, action, t.number);
      return fromOffline(t, this.hall, this.appt);
    }
    if (!(await this.link.ensure())) throw offlineRefused(`#${r.id}`);
    const t = await this.link.call((c) => {
      switch (action) {
        case 'recall': return c.recall(r.id, counter);
        case 'noShow': return c.noShow(r.id, counter);
        case 'start': return c.start(r.id, counter);
        case 'finish': return c.finish(r.id, counter);
        case 'park': return c.park(r.id, counter);
        case 'resume': return c.resume(r.id, counter);
      }
    });
    this.tellApplicant(counter, action, t.number);
    return this.view(t);
  }

  /** The citizen screen follows the service: who is serving after 开始; thanks, then the welcome, after 结束 or 过号. */
  private tellApplicant(counter: number, action: 'recall' | 'noShow' | 'start' | 'finish' | 'park' | 'resume', ticketNumber: string): void {
    const c = this.deps.hall.counters().find((x) => x.number === counter);
    if (!c) return;
    if (action === 'start' || action === 'resume') this.deps.citizen.serving(c.id, ticketNumber);
    else if (action === 'finish') this.deps.citizen.finished(c.id, ticketNumber);
    else if (action === 'noShow' || action === 'park') this.deps.citizen.show(c.id, this.deps.citizen.welcome(c.id));
  }

  async transfer(counter: number, ref: string, to: { toCounter?: number; toStream?: string; force?: boolean }): Promise<QueueTicket> {
    const r = parseRef(ref);
    if (r.series === 'offline' || !(await this.link.ensure())) throw new DeskError('TRANSFER_OFFLINE', '大厅服务未连接，暂不能转移；网络恢复后再转移，或在本窗口办结。');
    if (to.toCounter === counter) throw new DeskError('TRANSFER_SAME_COUNTER', '不能转移到本窗口，请选择其他窗口或队列。');
    return this.view(await this.link.call((c) => c.transfer(r.id, { counter, ...to })));
  }

  async setPaused(counter: number, paused: boolean): Promise<{ counter: number; paused: boolean }> {
    if (!(await this.link.ensure())) throw new DeskError('HUB_UNREACHABLE', '大厅服务未连接，暂停/恢复需在网络恢复后操作。');
    const s = await this.link.call((c) => (paused ? c.pause(counter) : c.resumeCounter(counter)));
    return { counter: s.number, paused: s.paused };
  }

  /** A walk-in ticket, and what its slip says (printed by the caller: main/core/slip). */
  async issue(counter: number | null, req: { stream: string; itemCode?: string | null; note?: string | null }, source: 'counter' | 'assistance' | 'kiosk'): Promise<{ ticket: QueueTicket; slip: SlipFacts }> {
    // One key per press: the hub client resends it if the answer is lost, and the hub returns the first ticket.
    const idempotencyKey = randomUUID();
    return this.either(
      async () => {
        const t = await this.link.call((c) => c.issue({ stream: req.stream, source, itemCode: req.itemCode ?? null, note: req.note ?? null, idempotencyKey }));
        return { ticket: this.view(t), slip: await this.slipFacts(t) };
      },
      () => {
        if (counter === null) throw new DeskError('NO_COUNTER', '离线取号需在窗口登录（号段按窗口编排）。');
        if (!this.hall) throw noHallCache();
        const s = this.hall.streams.find((x) => x.id === req.stream);
        if (!s) throw new DeskError('UNKNOWN_STREAM', `没有“${req.stream}”队列，请选择大厅已有的队列。`);
        if (s.kind === 'appointment') throw new DeskError('INVALID_INPUT', '预约号须凭预约签到取得，请使用“预约签到”。');
        const t = this.store.issue({ counter, stream: s.id, prefix: s.prefix, kind: s.kind, itemCode: req.itemCode ?? null, now: Date.now() });
        this.localChanged(counter);
        const ticket = fromOffline(t, this.hall, this.appt);
        // Offline: this counter's own series, no follow page and no hall-wide count ahead.
        return { ticket, slip: { hallName: this.hall.name, number: ticket.number, streamName: ticket.streamName, itemName: null, ahead: null, estimateMinutes: null, issuedAt: ticket.issuedAt, followUrl: null } };
      },
    );
  }

  /** Where applicants' phones reach the hub (QR pages): its public listener when it has one (phones cannot use the devices' listener). */
  publicBase(): string | null {
    return (this.hall?.followBase ?? this.link.url)?.replace(/\/+$/, '') ?? null;
  }

  /** The slip of a hub ticket: the count ahead as the kiosk shows it, the follow page on this hub. */
  private async slipFacts(t: Ticket, itemName: string | null = null): Promise<SlipFacts> {
    const base = this.publicBase();
    return {
      hallName: this.hall?.name ?? '', number: t.number, streamName: streamName(this.hall, t.stream), itemName,
      ahead: t.estimateAhead ?? (await this.ahead(t)), estimateMinutes: t.estimateMinutes ?? null,
      issuedAt: t.issuedAt, followUrl: base && t.followCode ? `${base}/follow/${t.followCode}` : null,
    };
  }

  async checkIn(counter: number | null, req: CheckInRequest): Promise<{ ticket: QueueTicket; late: boolean }> {
    return this.either(
      async () => {
        const out = await this.link.call((c) => c.checkIn(req));
        this.store.cacheAppointments(out.appointment.day, [out.appointment], Date.now());
        return { ticket: this.view(out.ticket), late: out.late };
      },
      () => {
        if (counter === null) throw new DeskError('NO_COUNTER', '离线签到需在窗口登录（号段按窗口编排）。');
        const now = Date.now();
        const day = hallDay(now);
        if (this.store.appointmentCount(day) === 0) throw new DeskError('NO_APPOINTMENT_CACHE', '大厅服务未连接，且本机没有今天的预约名单，无法离线签到；请先为申请人现场取号。');
        if (!this.hall) throw noHallCache();
        const found = this.store.findAppointments(day, req.by === 'idNumber' ? { idNumber: req.idNumber } : req.by === 'code' ? { code: req.code } : { name: req.name, phone: req.phone });
        const a = chooseOffline(found, now);
        const y = this.hall?.streams.find((s) => s.kind === 'appointment');
        if (!y) throw new DeskError('UNKNOWN_STREAM', '大厅未配置预约队列，请联系管理员。');
        const t = this.store.checkIn({ counter, appointment: a, stream: y.id, prefix: y.prefix, now });
        this.localChanged(counter);
        return { ticket: fromOffline(t, this.hall, this.appt), late: false };
      },
    );
  }

  async sync(): Promise<{ uploaded: number; rejected: number; backlog: number }> {
    const before = this.store.backlog();
    const deadBefore = this.store.deadLetterCount();
    if (!(await this.link.goOnline())) throw new DeskError('HUB_UNREACHABLE', '大厅服务仍无法连接，离线记录已保存在本机，恢复后会自动上传。');
    const rejected = this.store.deadLetterCount() - deadBefore;
    return { uploaded: before - this.store.backlog() - rejected, rejected, backlog: this.store.backlog() };
  }

  // ---- the self-service kiosk: online only (it has no counter, so no offline series of its own) ----
  private async kiosk<T>(fn: () => Promise<T>): Promise<T> {
    if (!(await this.link.ensure())) throw kioskOffline();
    try {
      return await fn();
    } catch (e) {
      if (isUnreachable(e)) throw kioskOffline();
      throw e;
    }
  }

  kioskStreams(): Promise<{ hall: string; streams: { id: string; name: string; waiting: number }[] }> {
    return this.kiosk(async () => {
      const v = this.link.views;
      if (v && this.hall) {
        const open = v.streams.filter((s) => s.kind === 'walkin' || s.kind === 'priority');
        return { hall: this.hall.name, streams: open.map((s) => ({ id: s.stream, name: s.name, waiting: s.waiting })) };
      }
      const [hall, waiting] = await this.link.call((c) => Promise.all([c.hall(), c.tickets({ status: ['waiting'] })]));
      const streams = hall.streams.filter((s) => s.kind === 'walkin' || s.kind === 'priority');
      return { hall: hall.name, streams: streams.map((s) => ({ id: s.id, name: s.name, waiting: waiting.filter((t) => t.stream === s.id).length })) };
    });
  }

  private async ahead(t: Ticket): Promise<number> {
    const waiting = await this.link.call((c) => c.tickets({ status: ['waiting'] }));
    return waiting.filter((w) => w.stream === t.stream && w.id !== t.id && w.dueAt <= t.dueAt).length;
  }

  /** `holder`: the walk-in's ID card read at the kiosk, kept by the hub for the counter that calls them. */
  kioskIssue(stream: string, holder?: { idNumber: string; name: string }) {
    return this.kiosk(async () => {
      const s = this.hall?.streams.find((x) => x.id === stream);
      if (s && s.kind !== 'walkin' && s.kind !== 'priority') throw new DeskError('KIOSK_STREAM', '该队列不能在取号机取号，请到窗口或咨询台办理。');
      const idempotencyKey = randomUUID();
      const t = await this.link.call((c) => c.issue({ stream, source: 'kiosk', holder, idempotencyKey }));
      const slip = await this.slipFacts(t);
      return { ticket: { number: t.number, streamName: slip.streamName, ahead: slip.ahead ?? 0, estimateMinutes: slip.estimateMinutes, itemName: null, late: false }, slip };
    });
  }

  /** A late arrival becomes a walk-in and gets a slip; an on-time check-in keeps its booking (no slip). */
  kioskCheckIn(req: CheckInRequest) {
    return this.kiosk(async () => {
      const out = await this.link.call((c) => c.checkIn(req));
      this.store.cacheAppointments(out.appointment.day, [out.appointment], Date.now());
      const slip = await this.slipFacts(out.ticket, out.appointment.itemName);
      return {
        ticket: { number: out.ticket.number, streamName: slip.streamName, ahead: slip.ahead ?? 0, estimateMinutes: slip.estimateMinutes, itemName: out.appointment.itemName, late: out.late },
        slip: out.late ? slip : null,
      };
    });
  }

  /** Who holds a walk-in ticket this counter serves, if they read their card at the kiosk (null otherwise or offline: the clerk reads the card). */
  async ticketHolder(ref: string, counter: number): Promise<{ idNumber: string; name: string } | null> {
    const m = /^hub:(\d+)$/.exec(ref);
    if (!m) return null;
    try {
      return await this.link.call((c) => c.holder(Number(m[1]), counter));
    } catch (e) {
      if (e instanceof DeskError && (e.code === 'NOT_FOUND' || e.code === 'HUB_UNREACHABLE' || e.code === 'NOT_SERVING')) return null;
      throw e;
    }
  }

  streamLabel(id: string): string {
    return streamName(this.hall, id);
  }
}

function noHallCache(): DeskError {
  return new DeskError('NO_HALL_CACHE', '本机尚未从大厅服务取得队列配置，无法离线取号或签到；请检查网络连接，或联系管理员。');
}

function kioskOffline(): DeskError {
  return new DeskError('KIOSK_OFFLINE', '取号机暂时无法连接大厅服务，请到窗口或咨询台取号、签到。');
}

function chooseOffline(list: CachedAppointment[], now: number): CachedAppointment {
  if (!list.length) throw new DeskError('UNKNOWN_APPOINTMENT', '本机缓存的今日预约中没有查到该预约，请核对证件号、预约码或姓名手机号，或现场取号。');
  const open = list.filter((a) => !a.ticketNumber && (a.status === 'booked' || a.status === 'no_show'));
  if (!open.length) throw new DeskError('ALREADY_CHECKED_IN', '该预约已签到，请留意叫号，无需重复签到。');
  return open.sort((a, b) => Math.abs(a.slotStart - now) - Math.abs(b.slotStart - now))[0];
}
