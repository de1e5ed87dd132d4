/**
 * The hub port: everything the workstation's queue domain asks of the hall hub. The domain
 * depends on this interface only; `HubClient` (main/hub/client.ts) implements it over HTTP and
 * /push, and a test may implement it in memory. Every method resolves with the hub's answer or
 * throws DeskError with the hub's code (`HUB_UNREACHABLE` when the hub cannot be reached).
 */
import type {
  AppointmentPull, CallRequestResult, CallResult, CheckInRequest, CheckInResult, CounterState, HallConfig, HallPull, OfflineOpResult,
  PushEvent, ReconcileRequest, Ticket, TicketHolder, TicketStatus, ViewSubscription, ViewsFrame,
} from '../../hub/protocol';
import type { z } from 'zod';
import type { DailyReport, MonthlyReport } from '../../../common/reports';
import type { EnrolCode, EnrolCodeRequest, HallDevice } from '../../../common/hall-devices';

export type HubHall = Omit<HallConfig, 'counters'> & { counters: CounterState[] };
type Out<S extends z.ZodType> = Promise<z.infer<S>>;

export interface HubPort {
  hall(): Promise<HubHall>;
  /** The hall's configuration when its version moved past `cursor` (`unchanged` otherwise). */
  hallChanges(cursor: string | null): Promise<HallPull>;
  /** The day's bookings changed after `cursor`; another day's or database's cursor answers `reset`. */
  appointmentChanges(cursor: string | null): Promise<AppointmentPull>;
  views(sub: ViewSubscription): Promise<ViewsFrame>;
  /** Push: `ticket.called` and, once `want` is called, versioned views. */
  subscribe(onEvent: (e: PushEvent) => void, onStatus: (s: 'connecting' | 'open' | 'closed') => void): { want(sub: ViewSubscription): void; close(): void };

  /**
   * `idempotencyKey`: one per press of 取号; the same key again returns the first ticket (a retry prints no second one).
   * `holder`: the walk-in's ID card read at the kiosk.
   */
  issue(req: { stream: string; source?: 'kiosk' | 'counter' | 'assistance'; itemCode?: string | null; note?: string | null; holder?: TicketHolder; idempotencyKey?: string }): Promise<Ticket>;
  /** The holder of a walk-in ticket this counter has called (read at the kiosk); NOT_FOUND when none was read. */
  holder(ticketId: number, counter: number): Promise<TicketHolder>;
  checkIn(req: CheckInRequest): Out<typeof CheckInResult>;
  callNext(counter: number, requestId: string): Out<typeof CallResult>;
  callTicket(ticketId: number, counter: number, requestId: string): Out<typeof CallResult>;
  callRequest(requestId: string): Out<typeof CallRequestResult>;
  recall(ticketId: number, counter: number): Promise<Ticket>;
  noShow(ticketId: number, counter: number): Promise<Ticket>;
  start(ticketId: number, counter: number): Promise<Ticket>;
  finish(ticketId: number, counter: number): Promise<Ticket>;
  park(ticketId: number, counter: number): Promise<Ticket>;
  resume(ticketId: number, counter: number): Promise<Ticket>;
  transfer(ticketId: number, req: { counter?: number; toCounter?: number; toStream?: string; force?: boolean }): Promise<Ticket>;
  moveUp(ticketId: number, by?: string): Promise<Ticket>;
  pause(counter: number): Promise<CounterState>;
  resumeCounter(counter: number): Promise<CounterState>;
  setSkills(counter: number, streams: string[]): Promise<CounterState>;
  /** The kiosk's "how many ahead of you". */
  tickets(q: { status?: TicketStatus[] }): Promise<Ticket[]>;
  reconcile(req: ReconcileRequest): Promise<OfflineOpResult[]>;
  /** 日动态 / 月动态 of the hall (supervisor forwarded). */
  reportDaily(day: string): Out<typeof DailyReport>;
  reportMonthly(month: string): Out<typeof MonthlyReport>;
  /** 设置 → 大厅设备 (supervisor forwarded; common/hall-devices.ts). */
  hallDevices(): Promise<HallDevice[]>;
  hallDevicesCode(req: EnrolCodeRequest): Promise<EnrolCode>;
  hallDevicesRevoke(id: string, reason: string): Promise<HallDevice>;
}
