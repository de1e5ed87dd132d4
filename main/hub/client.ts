/**
 * Typed Node client for the hall hub (used by the workstation). Every method resolves with the
 * hub's `value` or throws DeskError with the hub's stable code; when the hub cannot be reached it
 * throws DeskError('HUB_UNREACHABLE') — the cue for the workstation to switch to offline mode.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import { DeskError } from '../../common/errors';
import * as P from './protocol';

export interface HubClientOptions {
  /** e.g. http://127.0.0.1:7300 */
  url: string;
  /** Per-request timeout, ms (default 5000). */
  timeoutMs?: number;
  /** Validate response bodies against protocol.ts (default true). */
  validate?: boolean;
}

export type PushStatus = 'connecting' | 'open' | 'closed';

export class HubClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly validate: boolean;

  constructor(opts: HubClientOptions) {
    this.base = opts.url.replace(/\/$/, '');
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.validate = opts.validate ?? true;
  }

  /** A fresh request id for call-next / call-ticket; reuse it when retrying the same press of the button. */
  static requestId(): string {
    return randomUUID();
  }

  async request<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务，已转入离线模式；网络恢复后会自动同步。', { cause: String(e) });
    }
    let json: P.Result<unknown>;
    try {
      json = (await res.json()) as P.Result<unknown>;
    } catch {
      throw new DeskError('HUB_BAD_RESPONSE', `大厅服务返回了无法识别的内容（HTTP ${res.status}），请联系管理员。`);
    }
    if (!json.ok) throw new DeskError(json.error.code, json.error.message, { httpStatus: res.status });
    if (!this.validate) return json.value as z.infer<S>;
    const parsed = schema.safeParse(json.value);
    if (!parsed.success) throw new DeskError('HUB_BAD_RESPONSE', '大厅服务返回的数据与协议不符，请确认工作站与大厅服务版本一致。');
    return parsed.data;
  }

  health() {
    return this.request('GET', '/health', undefined, P.Health);
  }
  hall() {
    return this.request('GET', '/hall', undefined, P.HallConfig.omit({ counters: true }).extend({ counters: z.array(P.CounterState) }));
  }
  tickets(q: { day?: string; status?: P.TicketStatus[] } = {}) {
    const qs = new URLSearchParams();
    if (q.day) qs.set('day', q.day);
    if (q.status?.length) qs.set('status', q.status.join(','));
    return this.request('GET', `/tickets${qs.size ? `?${qs}` : ''}`, undefined, z.array(P.Ticket));
  }
  ticket(id: number) {
    return this.request('GET', `/tickets/${id}`, undefined, P.Ticket);
  }
  issue(req: z.input<typeof P.IssueTicketRequest>) {
    return this.request('POST', '/tickets', req, P.Ticket);
  }
  callNext(counter: number, requestId: string = HubClient.requestId()) {
    return this.request('POST', `/counters/${counter}/call-next`, { requestId }, P.CallResult);
  }
  callTicket(ticketId: number, counter: number, requestId: string = HubClient.requestId()) {
    return this.request('POST', `/tickets/${ticketId}/call`, { counter, requestId }, P.CallResult);
  }
  /** What an earlier call request claimed, without calling again (for a workstation that lost the answer). */
  callRequest(requestId: string) {
    return this.request('GET', `/calls/${encodeURIComponent(requestId)}`, undefined, P.CallRequestResult);
  }
  recall(ticketId: number, counter: number) {
    return this.request('POST', `/tickets/${ticketId}/recall`, { counter }, P.Ticket);
  }
  noShow(ticketId: number, counter: number) {
    return this.request('POST', `/tickets/${ticketId}/no-show`, { counter }, P.Ticket);
  }
  start(ticketId: number, counter: number) {
    return this.request('POST', `/tickets/${ticketId}/start`, { counter }, P.Ticket);
  }
  finish(ticketId: number, counter: number) {
    return this.request('POST', `/tickets/${ticketId}/finish`, { counter }, P.Ticket);
  }
  park(ticketId: number, counter: number) {
    return this.request('POST', `/tickets/${ticketId}/park`, { counter }, P.Ticket);
  }
  resume(ticketId: number, counter: number) {
    return this.request('POST', `/tickets/${ticketId}/resume`, { counter }, P.Ticket);
  }
  transfer(ticketId: number, req: { counter?: number; toCounter?: number; toStream?: string }) {
    return this.request('POST', `/tickets/${ticketId}/transfer`, req, P.Ticket);
  }
  moveUp(ticketId: number, by?: string) {
    return this.request('POST', `/tickets/${ticketId}/move-up`, { by }, P.Ticket);
  }
  counters() {
    return this.request('GET', '/counters', undefined, z.array(P.CounterState));
  }
  pause(counter: number) {
    return this.request('POST', `/counters/${counter}/pause`, {}, P.CounterState);
  }
  resumeCounter(counter: number) {
    return this.request('POST', `/counters/${counter}/resume`, {}, P.CounterState);
  }
  heartbeat(counter: number) {
    return this.request('POST', `/counters/${counter}/heartbeat`, {}, P.CounterState);
  }
  setSkills(counter: number, streams: string[], items: string[] | null = null) {
    return this.request('PUT', `/counters/${counter}/skills`, { streams, items }, P.CounterState);
  }
  appointments(day?: string) {
    return this.request('GET', `/appointments${day ? `?day=${day}` : ''}`, undefined, z.array(P.Appointment));
  }
  slots(day?: string) {
    return this.request('GET', `/appointments/slots${day ? `?day=${day}` : ''}`, undefined, z.array(P.SlotUsage));
  }
  importAppointments(appointments: z.input<typeof P.AppointmentInput>[]) {
    return this.request('POST', '/appointments/import', { appointments }, z.object({ inserted: z.number(), unchanged: z.number() }));
  }
  checkIn(req: P.CheckInRequest) {
    return this.request('POST', '/appointments/check-in', req, P.CheckInResult);
  }
  reconcile(req: P.ReconcileRequest) {
    return this.request('POST', '/offline/reconcile', req, z.array(P.OfflineOpResult));
  }
  supervisor() {
    return this.request('GET', '/supervisor', undefined, P.SupervisorSnapshot);
  }

  /**
   * Subscribes to /push; reconnects with full-jitter backoff (0.25 s … 10 s) until closed.
   * Events that fail protocol validation are dropped rather than handed to the UI.
   */
  subscribe(onEvent: (e: P.PushEvent) => void, onStatus: (s: PushStatus) => void = () => {}): { close(): void } {
    let ws: WebSocket | null = null;
    let closed = false;
    let attempt = 0;
    let timer: NodeJS.Timeout | null = null;
    const wsUrl = this.base.replace(/^http/, 'ws') + '/push';
    const connect = () => {
      if (closed) return;
      onStatus('connecting');
      ws = new WebSocket(wsUrl);
      ws.on('open', () => {
        attempt = 0;
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
      close() {
        closed = true;
        if (timer) clearTimeout(timer);
        ws?.close();
      },
    };
  }
}
