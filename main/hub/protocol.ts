/**
 * The hall hub's wire protocol: every request body, every response value and every push event,
 * as zod schemas. The hub validates with these; the workstation's hub client imports them.
 * Envelope: success `{ ok: true, value }`, failure `{ ok: false, error: { code, message } }`.
 */
import { z } from 'zod';
import { AssistRecord } from '../../common/assist/schema';
import { policyParamsSchema } from '../../common/queue/params';
import * as S from '../../common/queue/wire';

/** Stable error codes. Add, never rename. */
export const HUB_ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'INTERNAL',
  'UNKNOWN_TICKET',
  'UNKNOWN_COUNTER',
  'UNKNOWN_STREAM',
  'UNKNOWN_APPOINTMENT',
  'TICKET_FINISHED',
  'TICKET_NOT_WAITING',
  'TICKET_NOT_CALLED',
  'TICKET_AT_OTHER_COUNTER',
  'COUNTER_PAUSED',
  'COUNTER_BUSY',
  'SKILL_MISMATCH',
  'RECALL_LIMIT',
  'RECALL_TOO_SOON',
  'OUTSIDE_CHECKIN_WINDOW',
  'ALREADY_CHECKED_IN',
  'APPOINTMENT_NO_SHOW',
  'AMBIGUOUS_APPOINTMENT',
  'SLOT_FULL',
  'REQUEST_ID_REUSED',
  'OFFLINE_NUMBER_TAKEN',
  'OFFLINE_OP_REUSED',
  'OFFLINE_CONFLICT',
  'OFFLINE_OUT_OF_WINDOW',
  'OFFLINE_OP_FAILED',
  'IDEMPOTENCY_KEY_REUSED',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'FORBIDDEN_HOST',
  'FORBIDDEN_ORIGIN',
] as const;
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

export const StreamKind = S.streamKindSchema;
export const TicketStatus = S.ticketStatusSchema;
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TicketSource = z.enum(['kiosk', 'counter', 'assistance', 'checkin', 'offline']);

export const Ticket = z.object({
  id: z.number().int(),
  day: z.string(),
  /** Display number: Y003, A012, or an offline series number such as A-3-001. */
  number: z.string(),
  stream: z.string(),
  kind: StreamKind,
  series: z.enum(['hub', 'offline']),
  source: TicketSource,
  status: TicketStatus,
  itemCode: z.string().nullable(),
  note: z.string().nullable(),
  counter: z.number().int().nullable(),
  targetCounter: z.number().int().nullable(),
  dueAt: z.number(),
  issuedAt: z.number(),
  calledAt: z.number().nullable(),
  callCount: z.number().int(),
  lastCalledAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  movedUpAt: z.number().nullable(),
  appointmentId: z.string().nullable(),
  /** The slip's QR opens `/follow/<followCode>` (unguessable); null for tickets issued before codes existed. */
  followCode: z.string().nullable(),
  /** The forecast at issue (common/queue/forecast.ts): tickets the hub expects to call first… */
  estimateAhead: z.number().int().min(0).nullable().optional(),
  /** …and the expected wait in minutes; null when no open counter takes the ticket's stream. */
  estimateMinutes: z.number().min(0).nullable().optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export const StreamConfig = z.object({
  id: z.string().min(1).max(8),
  prefix: z.string().regex(/^[A-Z]{1,2}$/),
  name: z.string().min(1),
  kind: StreamKind,
});
export type StreamConfig = z.infer<typeof StreamConfig>;

export const CounterConfig = z.object({
  number: z.number().int().min(1).max(9999),
  name: z.string().min(1),
  streams: z.array(z.string()).min(1),
  items: z.array(z.string()).nullable().default(null),
  dedicatedStream: z.string().nullable().default(null),
  dedicationLabel: z.string().nullable().default(null),
});
export type CounterConfig = z.infer<typeof CounterConfig>;

export const HallConfig = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  streams: z.array(StreamConfig).min(1),
  counters: z.array(CounterConfig).min(1),
  policy: policyParamsSchema,
  checkIn: z.object({ earlyMinutes: z.number().min(0).default(30), lateMinutes: z.number().min(0).default(15) }),
  recall: z.object({ limit: z.number().int().min(0).default(3), minGapSeconds: z.number().min(0).default(30) }),
  supervisor: z.object({
    warnMinutes: z.number().positive().default(8), breachMinutes: z.number().positive().default(10), tickSeconds: z.number().positive().default(15),
    /** A counter in 已叫号 this long (the applicant did not come, or the clerk forgot 过号/开始) is flagged on the board. */
    stuckCalledMinutes: z.number().positive().default(5),
    /** A counter in 办理中 this long is flagged (a stuck service, or a forgotten 结束). */
    stuckServingMinutes: z.number().positive().default(40),
    /** An idle counter while a ticket it could call has waited this long is flagged (issue 13). */
    idleQueueMinutes: z.number().positive().default(2),
  }),
  slots: z.object({ open: z.string().default('09:00'), close: z.string().default('17:00'), slotMinutes: z.number().int().positive().default(30), capacity: z.number().int().min(0).default(12) }),
  /** A signed-in counter with no heartbeat or call for this long shows as offline (离线); with nobody signed in, as 未登录. */
  offlineAfterSeconds: z.number().positive().default(120),
  /** Appointment holders' names and phones are kept until their day closes plus this many days, then purged at the rollover. */
  privacy: z.object({ contactRetentionDays: z.number().int().min(0).max(365).default(0) }).default({ contactRetentionDays: 0 }),
});
export type HallConfig = z.infer<typeof HallConfig>;

export const CounterStateName = S.counterStateNameSchema;
export const CounterStaff = S.counterStaffSchema;
export type CounterStaff = z.infer<typeof CounterStaff>;
export const CounterState = CounterConfig.extend({
  state: CounterStateName,
  paused: z.boolean(),
  /** Who is signed in there (null: nobody is). */
  staff: CounterStaff.nullable(),
  /** The ticket at the counter (called or serving), if any. */
  ticket: S.counterTicketSchema.nullable(),
  since: z.number().nullable(),
  lastSeen: z.number().nullable(),
});
export type CounterState = z.infer<typeof CounterState>;

/**
 * A booking as the hub keeps and answers it: the holder's ID number only masked, plus its matching
 * hash under the day's matching key (match-hash.ts); name and phone null once purged after the day.
 */
export const Appointment = z.object({
  id: z.string(),
  day: z.string(),
  code: z.string(),
  idNumberMasked: z.string(),
  idHash: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  slotStart: z.number(),
  slotEnd: z.number(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  status: z.enum(['booked', 'checked_in', 'late_walkin', 'no_show', 'cancelled']),
  ticketId: z.number().nullable(),
  checkedInAt: z.number().nullable(),
  note: z.string().nullable(),
});
export type Appointment = z.infer<typeof Appointment>;

// ---- requests ----
// Every request schema is strict (an unknown key is refused, not ignored), every string has a
// maximum length and every time lies between TIME_MIN and TIME_MAX (ARCHITECTURE.md, "Hub input").
/** The earliest and latest instant any request may carry: a 1970 ticket or a year-3000 booking is refused. */
export const TIME_MIN = Date.parse('2020-01-01T00:00:00+08:00');
export const TIME_MAX = Date.parse('2100-01-01T00:00:00+08:00');
export const Instant = z.number().int('应为整数毫秒时间').min(TIME_MIN, '时间早于 2020 年').max(TIME_MAX, '时间晚于 2100 年');
/** `2026-02-31` is not a day (Date would roll it over to March). */
function isCalendarDay(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => d >= '2020-01-01' && d < '2100-01-01' && isCalendarDay(d), '日期不存在或超出范围');
const StreamId = z.string().min(1).max(8);
const ItemCode = z.string().min(1).max(64);
/** Call request ids and idempotency keys: a UUID or similar, nothing else. */
export const RequestId = z.string().min(8).max(100).regex(/^[A-Za-z0-9_.:-]+$/, '编号只能包含字母、数字和 _.:-');
export const CounterNo = z.number().int().min(1).max(9999);
export const CounterRef = z.strictObject({ counter: CounterNo });
export const IssueTicketRequest = z.strictObject({
  stream: StreamId,
  source: z.enum(['kiosk', 'counter', 'assistance']).default('kiosk'),
  itemCode: ItemCode.nullable().optional(),
  note: z.string().max(200).nullable().optional(),
  /** The walk-in's ID card as read at the kiosk: the counter that calls the ticket starts 受理 from it. */
  holder: z.object({ idNumber: z.string().regex(/^\d{17}[\dXx]$/).max(18), name: z.string().min(1).max(60) }).strict().optional(),
  /**
   * One per press of 取号: a retry of the same press (the answer was lost) returns the first
   * answer and prints no second ticket. Optional on the wire for old kiosks; the workstation always sends one.
   */
  idempotencyKey: RequestId.optional(),
});
/** A ticket's holder, for the counter serving it only. */
export const TicketHolder = z.object({ idNumber: z.string(), name: z.string() });
export type TicketHolder = z.infer<typeof TicketHolder>;
export const CallNextRequest = z.strictObject({ requestId: RequestId });
export const CallTicketRequest = z.strictObject({ counter: CounterNo, requestId: RequestId });
export const TransferRequest = z
  .strictObject({
    counter: CounterNo.optional(), toCounter: CounterNo.optional(), toStream: StreamId.optional(),
    /** A supervisor sends an applicant to a counter that is paused or unstaffed anyway (the workstation checks the role). */
    force: z.boolean().optional(),
  })
  .refine((r) => r.toCounter !== undefined || r.toStream !== undefined, { message: '需指定目标窗口或目标队列' });
export const SkillsRequest = z.strictObject({ streams: z.array(StreamId).min(1).max(50), items: z.array(ItemCode).max(500).nullable().default(null) });
export const MoveUpRequest = z.strictObject({ by: z.string().max(60).optional() });
/** One schema for both wires (the workstation contract uses the same). */
export const CheckInRequest = S.checkInRequestSchema;
export type CheckInRequest = z.infer<typeof CheckInRequest>;
export const AppointmentInput = z.strictObject({
  id: z.string().min(1).max(64),
  code: z.string().min(4).max(32),
  idNumber: z.string().regex(/^\d{17}[\dXx]$/),
  name: z.string().min(1).max(40),
  phone: z.string().min(5).max(20),
  slotStart: Instant,
  slotEnd: Instant,
  itemCode: ItemCode.nullable().default(null),
  itemName: z.string().max(100).nullable().default(null),
}).refine((a) => a.slotEnd > a.slotStart && a.slotEnd - a.slotStart <= 24 * 3600_000, { message: '时段结束应晚于开始且不超过一天', path: ['slotEnd'] });
export const ImportAppointmentsRequest = z.strictObject({ appointments: z.array(AppointmentInput).max(5000) });

const OpBase = { opId: RequestId, at: Instant, number: z.string().min(1).max(20) };
const OfflineNumber = z.string().regex(/^[A-Z]{1,2}-\d{1,4}-\d{3,6}$/);
/** One operation a workstation performed while it could not reach the hub. See OFFLINE.md. */
export const OfflineOp = z.discriminatedUnion('type', [
  z.strictObject({ ...OpBase, type: z.literal('issue'), number: OfflineNumber, stream: StreamId, itemCode: ItemCode.nullable().optional() }),
  z.strictObject({ ...OpBase, type: z.literal('checkIn'), number: OfflineNumber, appointmentCode: z.string().min(4).max(32) }),
  z.strictObject({ ...OpBase, type: z.literal('call') }),
  z.strictObject({ ...OpBase, type: z.literal('start') }),
  z.strictObject({ ...OpBase, type: z.literal('finish') }),
  z.strictObject({ ...OpBase, type: z.literal('noShow') }),
]);
export type OfflineOp = z.infer<typeof OfflineOp>;
export const ReconcileRequest = z.strictObject({ workstationId: z.string().min(1).max(100), counter: CounterNo, ops: z.array(OfflineOp).max(2000) });
export type ReconcileRequest = z.infer<typeof ReconcileRequest>;
export const OfflineOpResult = z.object({
  opId: z.string(),
  outcome: z.enum(['applied', 'replayed', 'ignored', 'rejected']),
  ticket: Ticket.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Applied, but the supervisor should look (e.g. the applicant had also checked in at the kiosk). */
  warning: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type OfflineOpResult = z.infer<typeof OfflineOpResult>;

// ---- responses ----
export const CallResult = z.object({ ticket: Ticket.nullable(), replayed: z.boolean() });
/** `GET /calls/:requestId`: what that call request claimed (`ticket` null when it claimed nothing or never arrived). */
export const CallRequestResult = z.object({ requestId: z.string(), counter: z.number().int().nullable(), ticket: Ticket.nullable() });
export const CheckInResult = z.object({ appointment: Appointment, ticket: Ticket, late: z.boolean() });
export const StreamWaiting = S.streamWaitingSchema;
export const SupervisorSnapshot = z.object({
  at: z.number(),
  day: z.string(),
  streams: z.array(StreamWaiting),
  atRisk: z.array(S.atRiskSchema),
  alerts: z.array(S.counterAlertSchema),
  counters: z.array(CounterState.extend({ servedToday: z.number().int(), avgServiceMinutes: z.number().nullable() })),
  /** The next hour per stream and the bounds it will break (common/queue/outlook.ts). */
  forecast: S.hallOutlookSchema.nullable().optional(),
});
export type SupervisorSnapshot = z.infer<typeof SupervisorSnapshot>;
export const Health = z.object({ status: z.literal('ok'), backend: z.string(), day: z.string(), now: z.number(), hall: z.string() });
export const SlotUsage = z.object({ slotStart: z.number(), slotEnd: z.number(), capacity: z.number(), booked: z.number() });

// ---- views: what the hub computes once per change and pushes to the sockets that asked for it ----
/** A stream's waiting count and longest wait (minutes), with its kind so a panel needs no other lookup. */
export const StreamView = StreamWaiting.extend({ kind: StreamKind });
export type StreamView = z.infer<typeof StreamView>;
/**
 * What one counter's queue panel shows: its ticket, the ids of the tickets it may call in the
 * hall's calling order (first 50), its parked tickets. Waiting tickets travel once per frame in
 * `ViewsFrame.waiting`: counters alike list the same tickets, which are not repeated per panel.
 */
export const CounterPanel = z.object({
  counter: z.number().int(),
  current: Ticket.nullable(),
  order: z.array(z.number().int()),
  parked: z.array(Ticket),
});
export type CounterPanel = z.infer<typeof CounterPanel>;
export const PANEL_WAITING_LIMIT = 50;
/** Every HTTP answer carries the views version that includes its change (so the writer can wait for that push). */
export const VIEWS_VERSION_HEADER = 'x-views-version';
export const SUPERVISOR_WAITING_LIMIT = 200;
/** The supervisor's board: the snapshot plus the first waiting tickets by due time (for 提前). */
export const SupervisorBoard = SupervisorSnapshot.extend({
  waiting: z.array(S.boardWaitingSchema),
});
export type SupervisorBoard = z.infer<typeof SupervisorBoard>;
/**
 * One versioned frame of views. `version` is the hall-wide change sequence: every change pushes
 * version+1 to every subscribed socket, so a socket that sees a jump knows it missed one.
 * `snapshot` marks the answer to a subscribe (or a GET /views): it replaces whatever the client had.
 */
export const ViewsFrame = z.object({
  version: z.number().int(),
  snapshot: z.boolean(),
  at: z.number(),
  day: z.string(),
  streams: z.array(StreamView),
  counters: z.array(CounterState),
  panels: z.array(CounterPanel),
  /** Every waiting ticket some panel of this frame lists (by id in `order`). */
  waiting: z.array(Ticket),
  supervisor: SupervisorBoard.nullable(),
});
export type ViewsFrame = z.infer<typeof ViewsFrame>;
/** Which views a socket (or a GET /views) wants: some counters' panels, and the supervisor board. */
export const ViewSubscription = z.strictObject({
  counters: z.array(CounterNo).max(500), supervisor: z.boolean(),
  /**
   * Who is signed in at which of these counters (over /push only): the hub names them on the board
   * while the socket lives. A counter that leaves the subscription, or a socket closed normally,
   * signs its staff out (未登录); a socket that drops keeps them, shown 离线 once silent.
   */
  staff: z.array(CounterStaff.extend({ counter: CounterNo }).strict()).max(500).optional(),
});
export type ViewSubscription = z.infer<typeof ViewSubscription>;
/** Client → hub over /push. A socket that never subscribes (the hall TV) gets only the public events. */
export const PushRequest = ViewSubscription.extend({
  type: z.literal('subscribe'),
  /** With `supervisor: true` on a hub that authenticates devices: the staff assertion the hub issued this device (the board is a supervisor's). */
  assertion: z.string().max(100).optional(),
});

// ---- push ----
export const PushEvent = z.discriminatedUnion('type', [
  /** Public: waiting counts per stream (the hall TV). Sent to sockets without a view subscription. */
  z.object({
    type: z.literal('queue.changed'), at: z.number(), waiting: z.record(z.string(), z.number()),
    /** Expected wait in minutes of a ticket taken now, per walk-in/priority stream (null: no open counter takes it). */
    estimates: z.record(z.string(), z.number().nullable()).optional(),
  }),
  /** Public: a ticket was called; every socket hears it (TV, citizen screens, panels' speech). */
  z.object({ type: z.literal('ticket.called'), at: z.number(), ticket: Ticket, counter: z.number(), counterName: z.string(), recall: z.boolean() }),
  ViewsFrame.extend({ type: z.literal('views') }),
  /** Public: the day's latest calls, newest first — what a hall TV shows when it (re)connects. Numbers and counters only. */
  z.object({ type: z.literal('calls.recent'), at: z.number(), calls: z.array(z.object({ number: z.string(), counter: z.number(), counterName: z.string(), calledAt: z.number() })) }),
  /**
   * Workstations only: the day's bookings or the hall's configuration changed at the hub (a check-in,
   * an import, a no-show sweep; a counter's skills). The workstation pulls them by its cursor at once
   * rather than at the next minute's pull; the event carries nothing else.
   */
  z.object({ type: z.literal('pull.due'), at: z.number(), what: z.enum(['appointments', 'hall']) }),
  /** Workstations only: a 求助 was made, taken, escalated or closed (common/assist). */
  z.object({ type: z.literal('assist.changed'), at: z.number(), record: AssistRecord }),
]);
export type PushEvent = z.infer<typeof PushEvent>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Headers a workstation sends to name who is acting, for the hub's audit log (recorded as given: unverified before device enrolment). */
export const STAFF_HEADER = 'x-windowdesk-staff';
export const WORKSTATION_HEADER = 'x-windowdesk-workstation';
/** `supervisor` when the staff named by STAFF_HEADER is one (hub supervisor actions, trust/access.ts). */
export const STAFF_ROLE_HEADER = 'x-windowdesk-staff-role';
/**
 * A supervisor's staff assertion, issued by the hub after it checked the person's password
 * (POST /staff/assertions, trust/staff.ts): supervisor routes need one, bound to the calling device.
 */
export const STAFF_ASSERTION_HEADER = 'x-windowdesk-staff-assertion';
export const StaffAssertion = z.object({ assertion: z.string(), staffNo: z.string(), name: z.string(), role: z.literal('supervisor'), expiresAt: z.number() });
export type StaffAssertion = z.infer<typeof StaffAssertion>;

// ---- pulls with cursors the hub issues (issue 11): the day's bookings, the hall's configuration ----

/** `<epoch>:<day>:<seq>`: the hub database, the hall day and the last booking change the workstation holds. */
export const AppointmentCursor = z.string().max(80).regex(/^[0-9a-f]{1,32}:\d{4}-\d{2}-\d{2}:\d{1,15}$/, '游标格式不正确');
export const AppointmentPullQuery = z.strictObject({ cursor: AppointmentCursor.optional() });
export const AppointmentPull = z.object({
  /** The hub's hall day: every booking of the page is of this day. */
  day: Day,
  /** Bookings inserted or changed after the cursor, in the hub's change order. */
  appointments: z.array(Appointment),
  cursor: AppointmentCursor,
  more: z.boolean(),
  /** The cursor named another database or another day (or none): this page starts the day over. */
  reset: z.boolean(),
  /** The day's ID matching key (match-hash.ts), so offline check-in by ID number matches the page's hashes. */
  matchKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});
export type AppointmentPull = z.infer<typeof AppointmentPull>;

/** `<epoch>:<version>`: the hub database and the content version of the hall's configuration. */
export const HallCursor = z.string().max(100).regex(/^[0-9a-f]{1,32}:[0-9a-f]{32}$/, '游标格式不正确');
export const HallPullQuery = z.strictObject({ cursor: HallCursor.optional() });
/** The hall's configuration: streams, policy, slots, and each counter's name and skills as they stand now (no runtime state). */
export const HallPullConfig = HallConfig.extend({ followBase: z.string().nullable().optional() });
export const HallPull = z.discriminatedUnion('unchanged', [
  z.object({ unchanged: z.literal(true), cursor: HallCursor }),
  z.object({ unchanged: z.literal(false), cursor: HallCursor, hall: HallPullConfig }),
]);
export type HallPull = z.infer<typeof HallPull>;
