import { z } from 'zod';
import { DeskError } from '../../../../common/errors';

const hhmm = z.string().regex(/^\d{2}:\d{2}$/, '时间格式应为 HH:MM');

/** A hall day to simulate. Fields beyond the issue's minimum have defaults so old files keep working. */
export const ScenarioSchema = z.object({
  name: z.string().min(1),
  seed: z.number().int().default(1),
  open: hhmm.default('09:00'),
  close: hhmm.default('17:00'),
  counters: z.number().int().min(1).max(500),
  /** Optional dedicated counters (专窗): the first N counters serve `stream` first. */
  dedicated: z.array(z.object({ count: z.number().int().min(1), stream: z.string(), share: z.number().min(0).max(1) })).default([]),
  appointments: z.object({
    slotMinutes: z.number().int().min(5).default(30),
    perSlot: z.number().int().min(0),
    /** Per-slot override (length = number of slots); falls back to perSlot. */
    perSlotBySlot: z.array(z.number().int().min(0)).optional(),
    noShowRate: z.number().min(0).max(1).default(0.1),
    arrivalOffsetMinutes: z.object({ mean: z.number().default(-5), sd: z.number().min(0).default(6) }).default({ mean: -5, sd: 6 }),
    /** Arriving later than this after slot start turns the appointment into a walk-in (check-in window). */
    lateAfterMinutes: z.number().min(0).default(15),
    /** Arriving earlier than this before slot start: the kiosk refuses, the applicant comes back at the window's opening. */
    earlyBeforeMinutes: z.number().min(0).default(30),
  }),
  walkins: z.object({ perHour: z.array(z.number().min(0)).min(1) }),
  priorityShare: z.number().min(0).max(1).default(0.05),
  serviceMinutes: z.object({ mean: z.number().positive(), sd: z.number().min(0) }),
  targetMinutes: z.number().positive().default(10),
  /** Policy parameters (defaults = DEFAULT_POLICY) so a scenario can explore them. */
  policy: z.object({
    appointmentMarginMinutes: z.number().min(0).default(6),
    walkinDeadlineMinutes: z.number().positive().default(40),
    walkinCapMinutes: z.number().positive().default(60),
  }).default({ appointmentMarginMinutes: 6, walkinDeadlineMinutes: 40, walkinCapMinutes: 60 }),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export function parseScenario(raw: unknown): Scenario {
  const r = ScenarioSchema.safeParse(raw);
  if (!r.success) {
    throw new DeskError('INVALID_SCENARIO', `场景文件格式不正确：${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；')}`);
  }
  return r.data;
}

export function minutesOf(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return h * 60 + m;
}
