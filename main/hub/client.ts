/**
 * Typed Node client for the hall hub (used by the workstation). Every method resolves with the
 * hub's `value` or throws DeskError with the hub's stable code; when the hub cannot be reached it
 * throws DeskError('HUB_UNREACHABLE') — the cue for the workstation to switch to offline mode.
 */
import type { EnrolCodeRequest } from '../../common/hall-devices';
import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import WebSocket from 'ws';
import { z } from 'zod';
import { DeskError, isDeskError } from '../../common/errors';
import type { HubPort } from '../core/queue/hub-port';
import { agentFor, send, tlsOptionsOf, type HttpAnswer, type TlsCredential } from '../core/trust/transport';
import * as P from './protocol';
import { hubRoutes, pathOf, type RouteAnswer, type RouteDef, type RouteName, type RouteRequest } from './routes';

export interface HubClientOptions {
  /** e.g. http://127.0.0.1:7300 */
  url: string;
  /** Per-request timeout, ms (default 5000). */
  timeoutMs?: number;
  /** Validate response bodies against protocol.ts (default true). */
  validate?: boolean;
  /** Told the views version each answer's change will be pushed in (P.VIEWS_VERSION_HEADER). */
  onViewsVersion?: (version: number) => void;
  /** Headers sent with every request (the workstation names itself for the hub's audit log). */
  headers?: () => Record<string, string>;
  /** This device's key, certificate and pinned hall CA: every request and the push socket present them (an https hub requires them). */
  credential?: TlsCredential | null;
}

export type PushStatus = 'connecting' | 'open' | 'closed';
export interface PushSubscription {
  want(sub: P.ViewSubscription): void;
  close(): void;
}

export class HubClient implements HubPort {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly validate: boolean;

  constructor(opts: HubClientOptions) {
    this.base = opts.url.replace(/\/$/, '');
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.validate = opts.validate ?? true;
    this.onViewsVersion = opts.onViewsVersion;
    this.headers = opts.headers;
    this.credential = opts.credential ?? null;
    this.agent = agentFor(this.base, this.credential);
  }
  private credential: TlsCredential | null;
  private agent: Agent;
  /** The open push socket, closed by useCredential so it reconnects with the new credential. */
  private pushSocket: WebSocket | null = null;

  /**
   * A new device credential (this machine was just enrolled): the next request and the push
   * socket's reconnect present it. Kept-alive connections made with the old one are dropped.
   */
  useCredential(cred: TlsCredential): boolean {
    const old = this.agent;
    this.credential = cred;
    this.agent = agentFor(this.base, cred);
    old.destroy();
    this.pushSocket?.terminate();
    return true;
  }

  /** Drops the kept-alive connections (the client is not used after this). */
  close(): void {
    this.agent.destroy();
  }
  private readonly headers?: () => Record<string, string>;
  private readonly onViewsVersion?: (version: number) => void;

  /** A fresh request id for call-next / call-ticket; reuse it when retrying the same press of the button. */
  static requestId(): string {
    return randomUUID();
  }

  async request<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, schema: S, extra: Record<string, string> = {}): Promise<z.infer<S>> {
    let res: HttpAnswer;
    try {
      res = await send(this.base + path, {
        method,
        headers: { ...this.headers?.(), ...extra, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        agent: this.agent,
        timeoutMs: this.timeoutMs,
      });
    } catch (e) {
      throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务，已转入离线模式；网络恢复后会自动同步。', { cause: String(e) });
    }
    let json: P.Result<unknown>;
    try {
      json = JSON.parse(res.text) as P.Result<unknown>;
    } catch {
      throw new DeskError('HUB_BAD_RESPONSE', `大厅服务返回了无法识别的内容（HTTP ${res.status}），请联系管理员。`);
    }
    const version = Number(res.headers[P.VIEWS_VERSION_HEADER]);
    if (this.onViewsVersion && Number.isInteger(version) && version > 0) this.onViewsVersion(version);
    if (!json.ok) {
      // Retry-After kept with the refusal: the sync engine waits that long before the next try (429, 503).
      const retryAfter = res.headers['retry-after'];
      throw new DeskError(json.error.code, json.error.message, { httpStatus: res.status, ...(retryAfter ? { retryAfter: String(retryAfter) } : {}) });
    }
    if (!this.validate) return json.value as z.infer<S>;
    const parsed = schema.safeParse(json.value);
    if (!parsed.success) throw new DeskError('HUB_BAD_RESPONSE', '大厅服务返回的数据与协议不符，请确认工作站与大厅服务版本一致。');
    return parsed.data;
  }

  /** One route of the table (main/hub/routes.ts): path, query and body built from it, the answer validated by it. */
  call<N extends RouteName>(name: N, req: RouteRequest<N> = {}, headers: Record<string, string> = {}): Promise<RouteAnswer<N>> {
    const r: RouteDef = hubRoutes[name];
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) if (v !== undefined && v !== '') qs.set(k, String(v));
    const path = pathOf(r.path, req.params) + (qs.size ? `?${qs}` : '');
    return this.request(r.method, path, r.body ? (req.body ?? {}) : undefined, r.answer, headers) as Promise<RouteAnswer<N>>;
  }

  health() {
    return this.call('health');
  }
  hall() {
    return this.call('hall');
  }
  hallChanges(cursor: string | null) {
    return this.call('hallChanges', { query: cursor ? { cursor } : {} });
  }
  appointmentChanges(cursor: string | null) {
    return this.call('appointmentChanges', { query: cursor ? { cursor } : {} });
  }
  tickets(q: { day?: string; status?: P.TicketStatus[] } = {}) {
    return this.call('tickets', { query: { day: q.day, status: q.status?.join(',') } });
  }
  ticket(id: number) {
    return this.call('ticket', { params: { id } });
  }
  /**
   * Issues a ticket under an idempotency key (a fresh one unless the caller passes the key of the
   * same press). When the connection fails without a timeout (reset, hub restarted mid-answer),
   * the same request is sent once more with the same key: if the hub had issued the ticket, it
   * answers with that ticket, and no second number is printed.
   */
  async issue(req: z.input<typeof P.IssueTicketRequest>) {
    const body = { ...req, idempotencyKey: req.idempotencyKey ?? HubClient.requestId() };
    try {
      return await this.call('issue', { body });
    } catch (e) {
      if (!isDeskError(e) || e.code !== 'HUB_UNREACHABLE' || /timeout/i.test(String(e.details?.cause ?? ''))) throw e;
      return this.call('issue', { body });
    }
  }
  holder(id: number, counter: number) {
    return this.call('holder', { params: { id }, query: { counter: String(counter) } });
  }
  callNext(counter: number, requestId: string = HubClient.requestId()) {
    return this.call('callNext', { params: { number: counter }, body: { requestId } });
  }
  callTicket(ticketId: number, counter: number, requestId: string = HubClient.requestId()) {
    return this.call('callTicket', { params: { id: ticketId }, body: { counter, requestId } });
  }
  /** What an earlier call request claimed, without calling again (for a workstation that lost the answer). */
  callRequest(requestId: string) {
    return this.call('callRequest', { params: { requestId } });
  }
  recall(ticketId: number, counter: number) {
    return this.call('recall', { params: { id: ticketId }, body: { counter } });
  }
  noShow(ticketId: number, counter: number) {
    return this.call('noShow', { params: { id: ticketId }, body: { counter } });
  }
  start(ticketId: number, counter: number) {
    return this.call('start', { params: { id: ticketId }, body: { counter } });
  }
  finish(ticketId: number, counter: number) {
    return this.call('finish', { params: { id: ticketId }, body: { counter } });
  }
  park(ticketId: number, counter: number) {
    return this.call('park', { params: { id: ticketId }, body: { counter } });
  }
  resume(ticketId: number, counter: number) {
    return this.call('resume', { params: { id: ticketId }, body: { counter } });
  }
  transfer(ticketId: number, req: { counter?: number; toCounter?: number; toStream?: string; force?: boolean }) {
    return this.call('transfer', { params: { id: ticketId }, body: req });
  }
  moveUp(ticketId: number, by?: string) {
    return this.call('moveUp', { params: { id: ticketId }, body: { by } });
  }
  counters() {
    return this.call('counters');
  }
  pause(counter: number) {
    return this.call('pause', { params: { number: counter } });
  }
  resumeCounter(counter: number) {
    return this.call('resumeCounter', { params: { number: counter } });
  }
  heartbeat(counter: number) {
    return this.call('heartbeat', { params: { number: counter } });
  }
  setSkills(counter: number, streams: string[], items: string[] | null = null) {
    return this.call('setSkills', { params: { number: counter }, body: { streams, items } });
  }
  appointments(day?: string) {
    return this.call('appointments', { query: { day } });
  }
  /** Today's ID matching key (workstations only): offline check-in by ID number matches through it. */
  matchKey() {
    return this.call('matchKey', {});
  }
  slots(day?: string) {
    return this.call('slots', { query: { day } });
  }
  importAppointments(appointments: z.input<typeof P.AppointmentInput>[]) {
    return this.call('importAppointments', { body: { appointments } });
  }
  checkIn(req: P.CheckInRequest) {
    return this.call('checkIn', { body: req });
  }
  reconcile(req: P.ReconcileRequest) {
    return this.call('reconcile', { body: req });
  }
  supervisor() {
    return this.call('supervisor');
  }
  reportDaily(day: string) {
    return this.call('reportDaily', { query: { day } });
  }
  reportMonthly(month: string) {
    return this.call('reportMonthly', { query: { month } });
  }
  hallDevices() {
    return this.call('hallDevices');
  }
  hallDevicesCode(req: EnrolCodeRequest) {
    return this.call('hallDevicesCode', { body: req });
  }
  hallDevicesRevoke(id: string, reason: string) {
    return this.call('hallDevicesRevoke', { params: { id }, body: { reason } });
  }
  /** A supervisor's password checked by the hub itself: an assertion bound to this device (trust/staff.ts). */
  staffAssert(staffNo: string, password: string) {
    return this.call('staffAssert', { body: { staffNo, password } });
  }
  /** A supervisor's new password, checked against the current one the hub holds (trust/staff.ts changePassword). */
  staffPassword(staffNo: string, current: string, next: string) {
    return this.call('staffPassword', { body: { staffNo, current, next } });
  }
  /** Another few minutes for this assertion (while its session is open). */
  staffRenew(assertion: string) {
    return this.call('staffRenew', {}, { [P.STAFF_ASSERTION_HEADER]: assertion });
  }
  /** Ends this assertion at once (logout). */
  staffEnd(assertion: string) {
    return this.call('staffEnd', {}, { [P.STAFF_ASSERTION_HEADER]: assertion });
  }
  /** The current views for `sub` (a resync after a missed push; normally views arrive by push). */
  views(sub: P.ViewSubscription) {
    return this.call('views', { query: { counters: sub.counters.join(','), supervisor: sub.supervisor ? '1' : undefined } });
  }

  /**
   * Subscribes to /push; reconnects with full-jitter backoff (0.25 s … 10 s) until closed.
   * Events that fail protocol validation are dropped rather than handed to the UI.
   * `want(sub)` asks for views (sent now if connected, and again on every reconnect).
   */
  subscribe(onEvent: (e: P.PushEvent) => void, onStatus: (s: PushStatus) => void = () => {}): PushSubscription {
    let ws: WebSocket | null = null;
    let closed = false;
    let wanted: P.ViewSubscription | null = null;
    let sent = '';
    // The board is a supervisor's: the subscription carries the assertion the hub issued (it may
    // arrive after the socket opened, so a changed one is sent again: `want` is called every few seconds).
    const ask = (force = true) => {
      if (!wanted || ws?.readyState !== WebSocket.OPEN) return;
      const assertion = wanted.supervisor ? this.headers?.()[P.STAFF_ASSERTION_HEADER] : undefined;
      const msg = JSON.stringify({ type: 'subscribe', ...wanted, ...(assertion ? { assertion } : {}) });
      if (!force && msg === sent) return;
      sent = msg;
      ws.send(msg);
    };
    let attempt = 0;
    let timer: NodeJS.Timeout | null = null;
    const wsUrl = this.base.replace(/^http/, 'ws') + '/push';
    const connect = () => {
      if (closed) return;
      onStatus('connecting');
      ws = new WebSocket(wsUrl, this.credential ? tlsOptionsOf(this.credential) : {});
      this.pushSocket = ws;
      ws.on('open', () => {
        attempt = 0;
        ask();
        onStatus('open');
      });
      ws.on('message', (data) => {
        try {
          const parsed = P.PushEvent.safeParse(JSON.parse(String(data)));
          if (parsed.success) onEvent(parsed.data);
        } catch {
          // not JSON: ignore, the hub only sends JSON
        }
      });
      ws.on('error', () => {});
      ws.on('close', () => {
        onStatus('closed');
        if (closed) return;
        const cap = Math.min(10_000, 250 * 2 ** attempt++);
        timer = setTimeout(connect, Math.random() * cap);
      });
    };
    connect();
    return {
      want(sub) {
        wanted = sub;
        ask(false);
      },
      close() {
        closed = true;
        if (timer) clearTimeout(timer);
        ws?.close(1000);
      },
    };
  }
}
