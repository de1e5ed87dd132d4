import { z } from 'zod';
import { atRiskSchema, boardWaitingSchema, counterAlertSchema, hallOutlookSchema, checkInRequestSchema, counterStaffSchema, counterStateNameSchema, counterTicketSchema, streamKindSchema, streamWaitingSchema, ticketStatusSchema } from '../../common/queue/wire';
import { call, event } from './define';

/**
 * The queue domain's calls and events: the counter's queue panel (叫号), ticket issue and
 * appointment check-in, and the supervisor's live view (大厅监控). The workstation relays the hall
 * hub; when the hub is unreachable the counter works offline in its own ticket series.
 */
const COUNTER_STAFF = ['clerk', 'assistant', 'supervisor'] as const;
const SUPERVISORS = ['supervisor', 'admin'] as const;

export const queueTicketStatusSchema = ticketStatusSchema;

/** A ticket as the panel shows it. `ref` is `hub:<id>` for a hub ticket, `offline:<number>` for this counter's offline series. */
export const queueTicketSchema = z.object({
  ref: z.string(),
  number: z.string(),
  stream: z.string(),
  streamName: z.string(),
  kind: streamKindSchema,
  series: z.enum(['hub', 'offline']),
  status: queueTicketStatusSchema,
  itemCode: z.string().nullable(),
  note: z.string().nullable(),
  counter: z.number().int().nullable(),
  dueAt: z.number(),
  issuedAt: z.number(),
  calledAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  callCount: z.number().int(),
  /** The booking, for an appointment holder (shown when called). */
  appointment: z
    .object({ code: z.string(), name: z.string(), itemName: z.string().nullable(), slotStart: z.number(), slotEnd: z.number() })
    .nullable(),
});
export type QueueTicket = z.infer<typeof queueTicketSchema>;

export const queueStreamSchema = z.object({ id: z.string(), name: z.string(), kind: streamKindSchema, waiting: z.number().int() });

export const deadLetterSchema = z.object({ opId: z.string(), type: z.string(), number: z.string(), code: z.string(), message: z.string(), at: z.number() });

/** What the counter's queue panel shows. `now` is the hub's clock (or this workstation's when offline). */
export const queueStateSchema = z.object({
  online: z.boolean(),
  now: z.number(),
  counter: z.object({ number: z.number().int(), name: z.string(), paused: z.boolean(), streams: z.array(z.string()) }),
  current: queueTicketSchema.nullable(),
  /** Tickets this counter may call, by the hall's order. */
  waiting: z.array(queueTicketSchema),
  parked: z.array(queueTicketSchema),
  streams: z.array(queueStreamSchema),
  counters: z.array(z.object({ number: z.number().int(), name: z.string(), streams: z.array(z.string()) })),
  backlog: z.number().int(),
  deadLetters: z.array(deadLetterSchema),
});
export type QueueState = z.infer<typeof queueStateSchema>;

export const calledSchema = z.object({
  counterNumber: z.number().int(),
  counterName: z.string(),
  ticketNumber: z.string(),
  recall: z.boolean(),
  /** What is spoken: digits read one by one (请 A 零一二 号到 3 号窗口办理). */
  announcement: z.string(),
  /** What is shown: 请 A012 号到 3 号窗口办理. */
  text: z.string(),
});

export const supervisorCounterSchema = z.object({
  number: z.number().int(),
  name: z.string(),
  streams: z.array(z.string()),
  dedicationLabel: z.string().nullable(),
  state: counterStateNameSchema,
  /** Who is signed in there (name and 工号); null when nobody is. */
  staff: counterStaffSchema.nullable(),
  paused: z.boolean(),
  ticket: counterTicketSchema.nullable(),
  since: z.number().nullable(),
  servedToday: z.number().int(),
  avgServiceMinutes: z.number().nullable(),
});
export const supervisorViewSchema = z.object({
  online: z.boolean(),
  at: z.number(),
  day: z.string(),
  streams: z.array(streamWaitingSchema),
  atRisk: z.array(atRiskSchema),
  alerts: z.array(counterAlertSchema),
  counters: z.array(supervisorCounterSchema),
  waiting: z.array(boardWaitingSchema),
  allStreams: z.array(z.object({ id: z.string(), name: z.string() })),
  displayUrl: z.string().nullable(),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), at: z.number() })),
  /** The hub's next-hour forecast per stream, its warnings and advice (null from a hub without one). */
  forecast: hallOutlookSchema.nullable().default(null),
});
export type SupervisorView = z.infer<typeof supervisorViewSchema>;

const ref = z.string().regex(/^(hub:\d+|offline:[A-Z]{1,2}-\d+-\d{3,})$/, '号的引用格式不正确');
const requestId = z.string().min(8).max(100);
/** The hub's check-in request, as is (one schema for both wires). */
export const checkInInputSchema = checkInRequestSchema;

const callOut = z.object({ ticket: queueTicketSchema.nullable(), replayed: z.boolean() });
const refIn = z.object({ ref }).strict();

/**
 * How the walk-in ticket slip went (printed by the workstation right after the hub issued the
 * ticket). The ticket is issued whatever happens to the slip: `failed` carries the reason, and
 * the screen asks the applicant to note the number. `simulated`: the demo's 模拟 printer; `off`: no slip printer set.
 */
export const slipOutcomeSchema = z.object({ status: z.enum(['printed', 'simulated', 'failed', 'off']), reason: z.string().nullable() });
export type SlipOutcomeView = z.infer<typeof slipOutcomeSchema>;

/** The self-service kiosk (取号机) has no staff session: it sees and returns only what a passer-by may. */
export const kioskTicketSchema = z.object({
  number: z.string(), streamName: z.string(), ahead: z.number().int(),
  /** The hub's forecast at issue (预计等候约 M 分钟); null when it has none. */
  estimateMinutes: z.number().int().min(0).nullable().default(null),
  itemName: z.string().nullable(), late: z.boolean(),
  /** null: no slip for this ticket (an on-time appointment check-in keeps its booking's place). */
  slip: slipOutcomeSchema.nullable(),
});

export const queueCalls = {
  'queue.state': call({ input: z.object({}).strict(), output: queueStateSchema, access: COUNTER_STAFF }),
  /** `requestId` is made once per press of 叫号 and reused on retry, so a retried call returns the same ticket. */
  'queue.callNext': call({ input: z.object({ requestId }).strict(), output: callOut, access: COUNTER_STAFF, audited: true }),
  'queue.callTicket': call({ input: z.object({ ref, requestId }).strict(), output: callOut, access: COUNTER_STAFF, audited: true }),
  'queue.recall': call({ input: refIn, output: queueTicketSchema, access: COUNTER_STAFF }),
  'queue.noShow': call({ input: refIn, output: queueTicketSchema, access: COUNTER_STAFF, audited: true }),
  'queue.start': call({ input: refIn, output: queueTicketSchema, access: COUNTER_STAFF }),
  'queue.finish': call({ input: refIn, output: queueTicketSchema, access: COUNTER_STAFF }),
  'queue.park': call({ input: refIn, output: queueTicketSchema, access: COUNTER_STAFF }),
  'queue.resume': call({ input: refIn, output: queueTicketSchema, access: COUNTER_STAFF }),
  'queue.transfer': call({
    input: z
      .object({
        ref, toCounter: z.number().int().min(1).optional(), toStream: z.string().min(1).max(8).optional(),
        /** Send the applicant to a paused or unstaffed counter anyway: supervisors only. */
        force: z.boolean().optional(),
      })
      .strict()
      .refine((r) => r.toCounter !== undefined || r.toStream !== undefined, { message: '请选择目标窗口或目标队列' }),
    output: queueTicketSchema,
    access: COUNTER_STAFF,
    audited: true,
  }),
  /** Pause/resume: a clerk for the own counter; a supervisor for any counter (`counter`). */
  'queue.setPaused': call({
    input: z.object({ paused: z.boolean(), counter: z.number().int().min(1).optional() }).strict(),
    output: z.object({ counter: z.number().int(), paused: z.boolean() }),
    access: ['clerk', 'assistant', 'supervisor', 'admin'],
    audited: true,
  }),
  'queue.issue': call({
    input: z.object({ stream: z.string().min(1).max(8), itemCode: z.string().min(1).max(40).nullable().optional(), note: z.string().max(200).nullable().optional() }).strict(),
    output: queueTicketSchema.extend({ slip: slipOutcomeSchema }),
    access: COUNTER_STAFF,
  }),
  'queue.checkIn': call({
    input: checkInInputSchema,
    output: z.object({ ticket: queueTicketSchema, late: z.boolean() }),
    access: COUNTER_STAFF,
    // Audited with the ID number, name and phone masked (main/api/dispatch.ts auditDetails).
    audited: true,
  }),
  /** Upload the offline backlog now (it is also uploaded by itself when the hub returns). */
  'queue.sync': call({ input: z.object({}).strict(), output: z.object({ uploaded: z.number().int(), rejected: z.number().int(), backlog: z.number().int() }), access: COUNTER_STAFF }),
  'queue.supervisor': call({ input: z.object({}).strict(), output: supervisorViewSchema, access: SUPERVISORS }),
  'queue.setSkills': call({
    input: z.object({ counter: z.number().int().min(1), streams: z.array(z.string().min(1).max(8)).min(1).max(20) }).strict(),
    output: z.object({ counter: z.number().int(), streams: z.array(z.string()) }),
    access: SUPERVISORS,
    audited: true,
  }),
  'queue.moveUp': call({ input: z.object({ ticketId: z.number().int().positive() }).strict(), output: z.object({ number: z.string() }), access: SUPERVISORS, audited: true }),
  'queue.kioskStreams': call({ input: z.object({}).strict(), output: z.object({ hall: z.string(), streams: z.array(z.object({ id: z.string(), name: z.string(), waiting: z.number().int() })) }), access: 'public' }),
  /** `card`: the token `queue.kioskCard` gave for a walk-in's ID card, carried with the ticket into 受理. */
  'queue.kioskIssue': call({ input: z.object({ stream: z.string().min(1).max(8), card: z.string().min(16).max(64).optional() }).strict(), output: kioskTicketSchema, access: 'public' }),
  /** 刷身份证 at the kiosk: the appointment checked in, or a walk-in's card held (token, masked name) until a stream is chosen. */
  /** Whether this kiosk has a card reader, and whether it is the SIMULATED one (demo and training: said on screen). */
  'queue.kioskReader': call({ input: z.object({}).strict(), output: z.object({ reader: z.enum(['none', 'device', 'simulated']) }), access: 'public' }),
  'queue.kioskCard': call({
    /** `simulate`: a demo person's ID number, placed on the SIMULATED reader first (refused with a real one). */
    input: z.object({ simulate: z.string().regex(/^\d{17}[\dXx]$/, '演示身份证号应为18位').optional() }).strict(),
    output: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('ticket'), ticket: kioskTicketSchema }),
      z.object({ kind: z.literal('walkin'), token: z.string(), name: z.string() }),
    ]),
    access: 'public',
    audited: true,
  }),
  'queue.kioskCheckIn': call({ input: checkInInputSchema, output: kioskTicketSchema, access: 'public', audited: true }),
};

export const queueEvents = {
  /**
   * This counter's queue changed (a push from the hub, an offline change here, or the hub
   * connection): the payload is the panel's whole new state, so the panel renders it as is.
   * Staff signed in at that counter only: it names appointment holders, so not the citizen screen.
   */
  'queue.changed': event({ payload: queueStateSchema, scope: 'counter-staff' }),
  /** A ticket was called (or recalled) to this counter: the panel announces it. */
  'queue.called': event({ payload: calledSchema, scope: 'counter' }),
  /** The supervisor's board, pushed by the hub on every change and on its tick. */
  'queue.supervisor': event({ payload: supervisorViewSchema, scope: 'supervisors' }),
};
