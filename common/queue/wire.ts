import { z } from 'zod';

import { appointmentCodeSchema } from './appointment';
import { streamKindSchema } from './types';

/**
 * Queue schemas both wires share: the hub's protocol (main/hub/protocol.ts) and the workstation
 * contract (preload/contract/queue.ts) describe these things once, here.
 */
export { streamKindSchema };
export const ticketStatusSchema = z.enum(['waiting', 'called', 'serving', 'parked', 'finished', 'no_show', 'cancelled']);
/**
 * `signed_out` (未登录): nobody is signed in at the counter today (never was, logged out, or the
 * workstation closed its subscription). `offline` (离线): somebody is signed in but the counter's
 * connection has been silent past the hall's threshold (a fault to look at).
 */
export const counterStateNameSchema = z.enum(['idle', 'called', 'serving', 'paused', 'offline', 'signed_out']);
/** Who is signed in at a counter, as the board names them: name and 工号, nothing more personal. */
export const counterStaffSchema = z.object({ name: z.string().trim().min(1).max(40), staffNo: z.string().trim().max(20) });
export type CounterStaff = z.infer<typeof counterStaffSchema>;

const idNumber = z.string().trim().regex(/^\d{17}[\dXx]$/, '身份证号应为18位');
/** Appointment check-in, by ID number, by the booking code (typed or scanned) or by name + phone. */
export const checkInRequestSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('idNumber'), idNumber }).strict(),
  z.object({ by: z.literal('code'), code: appointmentCodeSchema }).strict(),
  z.object({ by: z.literal('namePhone'), name: z.string().trim().min(1).max(40), phone: z.string().trim().regex(/^1\d{10}$/, '手机号应为11位') }).strict(),
]);
export type CheckInRequest = z.infer<typeof checkInRequestSchema>;

/** The supervisor board's parts. */
export const streamWaitingSchema = z.object({ stream: z.string(), name: z.string(), waiting: z.number().int(), longestWaitMinutes: z.number() });
/** An appointment near or past the 10-minute promise: the person by masked name only (张*燕), and the booked item. */
export const atRiskSchema = z.object({
  ticketId: z.number(), number: z.string(), waitedMinutes: z.number(), level: z.enum(['warning', 'breach']), appointmentId: z.string().nullable(),
  maskedName: z.string().nullable(), itemName: z.string().nullable(),
});
export const boardWaitingSchema = z.object({ ticketId: z.number(), number: z.string(), stream: z.string(), dueAt: z.number(), movedUp: z.boolean() });
/**
 * A counter that needs the supervisor's eye: a call nobody answered, a service running far longer
 * than usual, or an idle counter while tickets it could call wait (`minutes`: the longest such wait).
 */
export const counterAlertSchema = z.object({
  counter: z.number().int(), counterName: z.string(), kind: z.enum(['stuck-called', 'stuck-serving', 'idle-queue']), minutes: z.number(), ticketNumber: z.string().nullable(),
});
/** The next hour of one stream as the forecast replays it (common/queue/outlook.ts). */
export const streamOutlookSchema = z.object({
  stream: z.string(), name: z.string(), kind: streamKindSchema,
  /** Tickets expected to join in the next hour (bookings less no-shows; walk-ins at the last hour's rate). */
  expectedTickets: z.number().int(),
  /** Mean and worst predicted wait of the stream's tickets now waiting or joining within the hour, minutes. */
  meanWaitMinutes: z.number(), maxWaitMinutes: z.number(),
  /** The stream's bound: the 10-minute promise (appointments), the walk-in cap; null for the priority lane. */
  boundMinutes: z.number().nullable(),
});
/** A bound the forecast says will be broken, and how many more counters would prevent it. */
export const outlookWarningSchema = z.object({
  kind: z.enum(['appointment-breach', 'walkin-bound']),
  stream: z.string(), name: z.string(),
  predictedMinutes: z.number(), boundMinutes: z.number(),
  /** Minutes from now until the first predicted breach. */
  inMinutes: z.number(),
  /** Comprehensive counters to open so the replay keeps the bound (1–3); null: more than 3. */
  extraCounters: z.number().int().nullable(),
  /** When they must be open: 10 (within 10 minutes), or 0 (now: the breach is due sooner). */
  openWithinMinutes: z.number(),
});
export const hallOutlookSchema = z.object({
  horizonMinutes: z.number(), meanServiceMinutes: z.number(), openCounters: z.number().int(),
  streams: z.array(streamOutlookSchema), warnings: z.array(outlookWarningSchema),
});
export type HallOutlook = z.infer<typeof hallOutlookSchema>;
/** The ticket at a counter, as the board shows it. */
export const counterTicketSchema = z.object({ id: z.number(), number: z.string(), status: ticketStatusSchema });
