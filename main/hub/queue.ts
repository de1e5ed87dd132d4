/**
 * The hall's shared queue: every ticket operation, each validated before it writes and each
 * written through one conditional store call, so a refused operation changes nothing.
 */
import { DeskError } from '../../common/errors';
import { canServe, pickNext } from '../../common/queue/policy';
import type { PolicyCounter, PolicyParams } from '../../common/queue/types';
import type { EventBus } from './bus';
import type { CounterStaff, CounterState, HallConfig, PushEvent, StreamConfig, Ticket, TicketHolder, TicketStatus } from './protocol';
import type { CounterRow, Expect, NewTicket, QueueStore, TicketPatch } from './store/types';
import { hallDay } from '../../common/hall-time';
import { HallForecast } from './forecast';

const TERMINAL: TicketStatus[] = ['finished', 'no_show', 'cancelled'];
const AT_COUNTER: TicketStatus[] = ['called', 'serving'];
const STATUS_ZH: Record<TicketStatus, string> = { waiting: '等候中', called: '已叫号', serving: '办理中', parked: '已挂起', finished: '已办结', no_show: '已过号', cancelled: '已取消' };

export function formatNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export function policyCounter(c: Pick<CounterRow, 'number' | 'streams' | 'items' | 'dedicatedStream'>): PolicyCounter {
  return { number: c.number, streams: c.streams, items: c.items, dedicatedStream: c.dedicatedStream };
}

export class HallQueue {
  /** Wait forecasts and the live load the policy's slack check reads (forecast.ts). */
  readonly forecast: HallForecast = new HallForecast(this);
  /** Where phones open a slip's QR (the public listener's base URL); null: the devices' own hub URL. */
  followBase: string | null = null;
  constructor(
    readonly store: QueueStore,
    public hall: HallConfig,
    readonly bus: EventBus,
    readonly now: () => number,
    /** Called after any change so the views can be re-pushed (coalesced by the caller). */
    readonly onChange: () => void = () => {},
  ) {}

  get params(): PolicyParams {
    return this.hall.policy;
  }
  today(): string {
    return hallDay(this.now());
  }

  stream(id: string): StreamConfig {
    const s = this.hall.streams.find((x) => x.id === id);
    if (!s) throw new DeskError('UNKNOWN_STREAM', `没有“${id}”队列，请检查大厅配置中的队列。`);
    return s;
  }
  streamOfKind(kind: StreamConfig['kind']): StreamConfig {
    const s = this.hall.streams.find((x) => x.kind === kind);
    if (!s) throw new DeskError('UNKNOWN_STREAM', `大厅未配置${kind}类队列，请联系管理员。`);
    return s;
  }

  async counter(n: number): Promise<CounterRow> {
    const c = await this.store.getCounter(n);
    if (!c) throw new DeskError('UNKNOWN_COUNTER', `没有${n}号窗口，请检查窗口号。`);
    return c;
  }

  async ticket(id: number): Promise<Ticket> {
    const t = await this.store.getTicket(id);
    if (!t) throw new DeskError('UNKNOWN_TICKET', `找不到编号为 ${id} 的号，请刷新队列后重试。`);
    return t;
  }

  // ---- events ----
  /** The public waiting counts per stream (the hall TV's event). */
  async waitingEvent(): Promise<Extract<PushEvent, { type: 'queue.changed' }>> {
    const counts: Record<string, number> = { ...Object.fromEntries(this.hall.streams.map((s) => [s.id, 0])), ...(await this.store.waitingCounts(this.today())) };
    return { type: 'queue.changed', at: this.now(), waiting: counts, estimates: await this.forecast.perStream() };
  }

  /** The day's latest calls (newest first), for a hall TV that (re)connects: numbers and counters, nothing personal. */
  async recentCalls(limit = 6): Promise<Extract<PushEvent, { type: 'calls.recent' }>> {
    const names = new Map((await this.store.listCounters()).map((c) => [c.number, c.name]));
    const called = (await this.store.listTickets({ day: this.today() }))
      .filter((t): t is Ticket & { counter: number; lastCalledAt: number } => t.counter !== null && t.lastCalledAt !== null)
      .sort((a, b) => b.lastCalledAt - a.lastCalledAt)
      .slice(0, limit);
    return { type: 'calls.recent', at: this.now(), calls: called.map((t) => ({ number: t.number, counter: t.counter, counterName: names.get(t.counter) ?? `${t.counter}号窗口`, calledAt: t.lastCalledAt })) };
  }

  /** Tells the workstations to pull the bookings or the hall's configuration now (`pull.due`). */
  pullDue(what: 'appointments' | 'hall'): void {
    this.bus.emit({ type: 'pull.due', at: this.now(), what });
  }

  async emitQueue(): Promise<void> {
    this.bus.emit(await this.waitingEvent());
    this.onChange();
  }

  /** `activeTickets`: the day's called/serving tickets, when the caller already has them (board of many counters). */
  async counterState(c: CounterRow, activeTickets?: Ticket[]): Promise<CounterState> {
    const now = this.now();
    const active = (activeTickets ? activeTickets.filter((t) => t.counter === c.number) : await this.store.listTickets({ day: this.today(), statuses: AT_COUNTER, counter: c.number }))[0] ?? null;
    const state = c.paused ? 'paused' : active ? (active.status === 'serving' ? 'serving' : 'called') : this.presence(c, now);
    const since = active ? (active.status === 'serving' ? active.startedAt : active.lastCalledAt) : c.paused ? c.pausedAt : null;
    const { pausedAt: _p, staff, ...cfg } = c;
    // Yesterday's sign-in names nobody today.
    const signedIn = staff && c.lastSeen !== null && hallDay(c.lastSeen) === hallDay(now) ? staff : null;
    return { ...cfg, staff: signedIn, state, ticket: active ? { id: active.id, number: active.number, status: active.status } : null, since, lastSeen: c.lastSeen };
  }

  /**
   * An idle counter's presence: seen lately → 空闲; somebody signed in today but silent past the
   * threshold → 离线 (a lost connection); otherwise nobody is signed in → 未登录.
   */
  private presence(c: CounterRow, now: number): 'idle' | 'offline' | 'signed_out' {
    if (c.lastSeen !== null && now - c.lastSeen <= this.hall.offlineAfterSeconds * 1000) return 'idle';
    return c.staff && c.lastSeen !== null && hallDay(c.lastSeen) === hallDay(now) ? 'offline' : 'signed_out';
  }

  /** A counter's state changed: its state reaches clients inside the next views (no separate event). */
  async emitCounter(_n: number): Promise<void> {
    this.onChange();
  }

  private async touch(n: number): Promise<void> {
    await this.store.updateCounter(n, { lastSeen: this.now() });
  }

  private emitCalled(t: Ticket, c: CounterRow, recall: boolean) {
    this.bus.emit({ type: 'ticket.called', at: this.now(), ticket: t, counter: c.number, counterName: c.name, recall });
  }

  /** After a conditional write lost, say precisely why (the ticket changed under us or was never eligible). */
  private async refuse(id: number, expect: Expect): Promise<never> {
    const t = await this.ticket(id);
    if (TERMINAL.includes(t.status)) throw new DeskError('TICKET_FINISHED', `${t.number} 已${STATUS_ZH[t.status].replace('已', '')}，不能再操作。`);
    if (expect.counter !== undefined && t.counter !== null && t.counter !== expect.counter && t.status !== 'waiting') {
      throw new DeskError('TICKET_AT_OTHER_COUNTER', `${t.number} 正在${t.counter}号窗口（${STATUS_ZH[t.status]}），不能在本窗口操作。`);
    }
    if (expect.statuses.length === 1 && expect.statuses[0] === 'waiting') throw new DeskError('TICKET_NOT_WAITING', `${t.number} 当前${STATUS_ZH[t.status]}，不在等候队列中。`);
    if (expect.statuses.length === 1 && expect.statuses[0] === 'parked') throw new DeskError('TICKET_NOT_CALLED', `${t.number} 当前${STATUS_ZH[t.status]}，没有被挂起。`);
    throw new DeskError('TICKET_NOT_CALLED', `${t.number} 当前${STATUS_ZH[t.status]}，请先叫号。`);
  }

  private async move(id: number, expect: Expect, patch: TicketPatch, type: string, counter: number | null, detail?: unknown): Promise<Ticket> {
    await this.ticket(id);
    const t = await this.store.transition(id, expect, patch, { type, counter, at: this.now(), detail });
    if (!t) return this.refuse(id, expect);
    return t;
  }

  // ---- operations ----
  /** With `idempotencyKey`, a repeat of the same request returns the first ticket (no second number, no event). */
  async issue(req: { stream: string; source: 'kiosk' | 'counter' | 'assistance'; itemCode?: string | null; note?: string | null; holder?: TicketHolder; idempotencyKey?: string }): Promise<Ticket> {
    const s = this.stream(req.stream);
    if (s.kind === 'appointment') throw new DeskError('INVALID_INPUT', '预约号须凭预约签到取得，请使用“预约签到”。');
    const now = this.now();
    const t: NewTicket = {
      day: hallDay(now), stream: s.id, kind: s.kind, series: 'hub', source: req.source, status: 'waiting',
      itemCode: req.itemCode ?? null, note: req.note ?? null, targetCounter: null, dueAt: now, issuedAt: now, appointmentId: null,
    };
    Object.assign(t, await this.forecast.forNew(t));
    // The holder is not part of the key's fingerprint: the key table keeps no ID number.
    const { idempotencyKey: key, holder, ...request } = req;
    const idem = key ? { key, request: JSON.stringify({ stream: request.stream, source: request.source, itemCode: request.itemCode ?? null, note: request.note ?? null }) } : undefined;
    const { ticket, replayed } = await this.store.issueTicket(t, s.prefix, (n) => formatNumber(s.prefix, n), idem);
    if (replayed) return ticket;
    // Kept beside the ticket, never in it: views, pushes and the TV carry tickets, not holders.
    if (holder) await this.store.putTicketHolder(ticket.id, ticket.day, { idNumber: holder.idNumber.toUpperCase(), name: holder.name });
    await this.emitQueue();
    return ticket;
  }

  /** A walk-in's holder, only for the counter that has called or is serving the ticket. */
  async holder(id: number, counter: number): Promise<TicketHolder> {
    const t = await this.ticket(id);
    if (t.counter !== counter || (t.status !== 'called' && t.status !== 'serving')) {
      throw new DeskError('NOT_SERVING', '该号不是本窗口正在办理的号，不能查看取号人信息。');
    }
    const h = await this.store.getTicketHolder(id);
    if (!h) throw new DeskError('NOT_FOUND', '该号取号时未读身份证。');
    return h;
  }

  async callNext(counterNo: number, requestId: string): Promise<{ ticket: Ticket | null; replayed: boolean }> {
    const c = await this.counter(counterNo);
    const pc = policyCounter(c);
    const now = this.now();
    // The slack check weighs walk-ins against appointments: the live load is read only when it has any to weigh.
    const load = (await this.forecast.appointmentsInPlay(now)) ? (await this.forecast.live()).load : undefined;
    const out = await this.store.claim({
      counter: counterNo, requestId, day: hallDay(now), now,
      pick: (waiting) => pickNext(waiting, pc, now, this.params, load),
    });
    await this.touch(counterNo);
    if (out.ticket && !out.replayed) {
      this.emitCalled(out.ticket, c, false);
      await this.emitQueue();
      await this.emitCounter(counterNo);
    }
    return out;
  }

  async callTicket(ticketId: number, counterNo: number, requestId: string): Promise<{ ticket: Ticket; replayed: boolean }> {
    const t = await this.ticket(ticketId);
    const c = await this.counter(counterNo);
    if (!canServe(policyCounter(c), { ...t, issuedSeq: t.id, targetCounter: null })) {
      throw new DeskError('SKILL_MISMATCH', `${c.name}不受理“${this.stream(t.stream).name}”队列${t.itemCode ? `或事项 ${t.itemCode}` : ''}，不能叫 ${t.number}。`);
    }
    const out = await this.store.claimChosen({ counter: counterNo, requestId, ticketId, now: this.now() });
    if (out.lost || !out.ticket) return this.refuse(ticketId, { statuses: ['waiting'] });
    await this.touch(counterNo);
    if (!out.replayed) {
      this.emitCalled(out.ticket, c, false);
      await this.emitQueue();
      await this.emitCounter(counterNo);
    }
    return { ticket: out.ticket, replayed: out.replayed };
  }

  async recall(ticketId: number, counterNo: number): Promise<Ticket> {
    const c = await this.counter(counterNo);
    const t = await this.ticket(ticketId);
    if (t.status !== 'called' || t.counter !== counterNo) return this.refuse(ticketId, { statuses: ['called'], counter: counterNo });
    const { limit, minGapSeconds } = this.hall.recall;
    if (t.callCount - 1 >= limit) throw new DeskError('RECALL_LIMIT', `${t.number} 已重呼 ${limit} 次，请按过号处理。`);
    const gap = this.now() - (t.lastCalledAt ?? 0);
    if (gap < minGapSeconds * 1000) throw new DeskError('RECALL_TOO_SOON', `距上次呼叫不足 ${minGapSeconds} 秒，请稍候 ${Math.ceil(minGapSeconds - gap / 1000)} 秒再重呼。`);
    const now = this.now();
    const out = await this.move(ticketId, { statuses: ['called'], counter: counterNo }, { callCount: t.callCount + 1, lastCalledAt: now }, 'recalled', counterNo);
    await this.touch(counterNo);
    this.emitCalled(out, c, true);
    return out;
  }

  private async atCounter(ticketId: number, counterNo: number, from: TicketStatus[], patch: TicketPatch, type: string): Promise<Ticket> {
    await this.counter(counterNo);
    const out = await this.move(ticketId, { statuses: from, counter: counterNo }, patch, type, counterNo);
    await this.touch(counterNo);
    await this.emitCounter(counterNo);
    this.onChange();
    return out;
  }

  noShow(ticketId: number, counterNo: number) {
    return this.atCounter(ticketId, counterNo, ['called'], { status: 'no_show', finishedAt: this.now() }, 'no_show');
  }
  start(ticketId: number, counterNo: number) {
    return this.atCounter(ticketId, counterNo, ['called'], { status: 'serving', startedAt: this.now() }, 'started');
  }
  finish(ticketId: number, counterNo: number) {
    return this.atCounter(ticketId, counterNo, ['called', 'serving'], { status: 'finished', finishedAt: this.now() }, 'finished');
  }
  park(ticketId: number, counterNo: number) {
    return this.atCounter(ticketId, counterNo, ['called', 'serving'], { status: 'parked' }, 'parked');
  }

  /** Brings a parked ticket back to the counter that parked it (the applicant returns with the missing paper). */
  async resume(ticketId: number, counterNo: number): Promise<Ticket> {
    const c = await this.counter(counterNo);
    if (c.paused) throw new DeskError('COUNTER_PAUSED', `${counterNo}号窗口已暂停，请先恢复窗口。`);
    const busy = await this.store.listTickets({ day: this.today(), statuses: AT_COUNTER, counter: counterNo });
    if (busy.length) throw new DeskError('COUNTER_BUSY', `${counterNo}号窗口仍有未结束的号（${busy[0].number}），请先办结或挂起。`);
    const now = this.now();
    const out = await this.move(ticketId, { statuses: ['parked'], counter: counterNo }, { status: 'called', lastCalledAt: now }, 'resumed', counterNo);
    this.emitCalled(out, c, false);
    await this.emitCounter(counterNo);
    this.onChange();
    return out;
  }

  /**
   * Sends a ticket back into the queue for another counter or stream. It keeps its kind and its
   * dueAt, i.e. its place: the wait already spent counts, so it is not sent to the back.
   */
  async transfer(ticketId: number, req: { counter?: number; toCounter?: number; toStream?: string; force?: boolean }): Promise<Ticket> {
    const t = await this.ticket(ticketId);
    if (TERMINAL.includes(t.status)) return this.refuse(ticketId, { statuses: ['waiting'] });
    const stream = req.toStream ? this.stream(req.toStream).id : t.stream;
    if (req.toCounter !== undefined) {
      const target = await this.counter(req.toCounter);
      if (!canServe(policyCounter(target), { ...t, stream, issuedSeq: t.id, targetCounter: null })) {
        throw new DeskError('SKILL_MISMATCH', `${target.name}不受理“${this.stream(stream).name}”队列${t.itemCode ? `或事项 ${t.itemCode}` : ''}，请选择其他窗口。`);
      }
      // Only that counter may call a ticket sent to it: sent to a closed counter, the applicant would wait for no one.
      if (!req.force) {
        const { state } = await this.counterState(target);
        if (state === 'paused') throw new DeskError('TRANSFER_TARGET_PAUSED', `${target.name}已暂停服务，转过去无人叫号；请选择其他窗口，或请值班长强制转移。`);
        if (state === 'signed_out') throw new DeskError('TRANSFER_TARGET_UNSTAFFED', `${target.name}无人登录，转过去无人叫号；请选择其他窗口，或请值班长强制转移。`);
        if (state === 'offline') throw new DeskError('TRANSFER_TARGET_UNSTAFFED', `${target.name}连接已中断，转过去无人叫号；请选择其他窗口，或请值班长强制转移。`);
      }
    }
    const from: TicketStatus[] = ['waiting', 'called', 'serving', 'parked'];
    const expect: Expect = req.counter !== undefined && t.status !== 'waiting' ? { statuses: from, counter: req.counter } : { statuses: from };
    const out = await this.move(ticketId, expect, { status: 'waiting', stream, counter: null, targetCounter: req.toCounter ?? null, startedAt: null }, 'transferred', t.counter, { from: t.counter, toCounter: req.toCounter ?? null, toStream: stream });
    if (t.counter !== null) await this.emitCounter(t.counter);
    await this.emitQueue();
    return out;
  }

  async moveUp(ticketId: number): Promise<Ticket> {
    const out = await this.move(ticketId, { statuses: ['waiting'] }, { movedUpAt: this.now() }, 'moved_up', null);
    await this.emitQueue();
    return out;
  }

  async pauseCounter(n: number, paused: boolean): Promise<CounterState> {
    const c = await this.counter(n);
    const row = (await this.store.updateCounter(n, { paused, pausedAt: paused ? this.now() : null, lastSeen: this.now() }))!;
    void c;
    await this.emitCounter(n);
    this.onChange();
    return this.counterState(row);
  }

  /**
   * Told when a counter's presence changed through a /push socket: the publisher coalesces these
   * (a socket arriving must not re-push the views to every other socket).
   */
  presenceChanged: () => void = () => this.onChange();

  /**
   * The counter is present; `staff`, when given, is who is signed in there. A change shows at once,
   * or, with `coalesce` (a push socket's subscription), in the next coalesced presence push.
   */
  async heartbeat(n: number, staff?: CounterStaff, opts: { coalesce?: boolean } = {}): Promise<CounterState> {
    const before = await this.counter(n);
    const row = (await this.store.updateCounter(n, { lastSeen: this.now(), ...(staff ? { staff } : {}) }))!;
    const wasAway = this.presence(before, this.now()) !== 'idle';
    const newStaff = staff !== undefined && (before.staff?.name !== staff.name || before.staff?.staffNo !== staff.staffNo);
    if (wasAway || newStaff) {
      if (opts.coalesce) this.presenceChanged();
      else await this.emitCounter(n);
    }
    return this.counterState(row);
  }

  /** Nobody is signed in at the counter any more (logout, or the workstation closed normally): 未登录 at once, not 离线. */
  async signOut(n: number): Promise<void> {
    const before = await this.store.getCounter(n);
    if (!before || (before.staff === null && before.lastSeen === null)) return;
    await this.store.updateCounter(n, { staff: null, lastSeen: null });
    await this.emitCounter(n);
  }

  async setSkills(n: number, streams: string[], items: string[] | null): Promise<CounterState> {
    await this.counter(n);
    for (const s of streams) this.stream(s);
    const row = (await this.store.updateCounter(n, { streams, items }))!;
    await this.emitCounter(n);
    this.onChange();
    // The hall's configuration carries each counter's skills (hallConfig).
    this.pullDue('hall');
    return this.counterState(row);
  }

  async counters(): Promise<CounterState[]> {
    const active = await this.store.listTickets({ day: this.today(), statuses: AT_COUNTER });
    return Promise.all((await this.store.listCounters()).map((c) => this.counterState(c, active)));
  }
}
