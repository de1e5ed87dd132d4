import { z } from 'zod';
import { call, event, okSchema } from './define';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const ratingId = z.string().min(1).max(40);
const reasons = z.array(z.enum(['efficiency', 'competence', 'attitude', 'other'])).max(4);

/** GB/T 39734's public indicators over a set of services; a rate is null when nothing was there to count. */
export const figuresSchema = z.object({
  services: z.number().int(), rated: z.number().int(), unrated: z.number().int(), good: z.number().int(), bad: z.number().int(), excluded: z.number().int(),
  evaluationRate: z.number().nullable(), unratedRate: z.number().nullable(), goodRate: z.number().nullable(), activeGoodRate: z.number().nullable(),
  badReplyRate: z.number().nullable(), rectifyRate: z.number().nullable(), rectifySatisfiedRate: z.number().nullable(),
});
export type RatingFigures = z.infer<typeof figuresSchema>;

const stepSchema = z.object({ step: z.enum(['contact', 'rectify']), owner: z.string(), record: z.string(), doneAt: z.string(), late: z.boolean(), byStaff: z.string() });

/** A 差评's follow-up as the supervisor sees it (who served, which case and item; never the applicant). */
export const followUpSchema = z.object({
  ratingId: z.string(),
  ratedAt: z.string(),
  level: z.number().int(),
  reason: z.string(),
  counter: z.number().int(),
  staffNo: z.string(),
  caseNumber: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  itemVersion: z.string().nullable(),
  excluded: z.boolean(),
  appealReason: z.string().nullable(),
  state: z.enum(['open', 'closed']),
  deadlines: z.object({ contact: day, simple: day, complex: day }),
  provisional: z.boolean(),
  complexity: z.enum(['simple', 'complex']).nullable(),
  due: z.object({ step: z.enum(['contact', 'rectify']), date: day }).nullable(),
  overdue: z.boolean(),
  steps: z.array(stepSchema),
  satisfied: z.boolean().nullable(),
  reply: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type FollowUpView = z.infer<typeof followUpSchema>;

const ratingInput = {
  serviceId: z.string().min(1).max(64),
  level: z.number().int().min(1).max(5),
  reasons: reasons.default([]),
  reasonText: z.string().max(300).nullable().default(null),
};

export const ratingCalls = {
  /** From the citizen screen bound to the counter that served (好差评 一次一评); 差评 must carry a reason. */
  'rating.submit': call({ input: z.object(ratingInput).strict(), output: okSchema, access: 'public' }),
  /** The applicant chose not to rate now (the QR on the notice still works within its period). */
  'rating.skip': call({ input: z.object({ serviceId: z.string().min(1).max(64) }).strict(), output: okSchema, access: 'public' }),
  /** A staff member's own aggregates: never who rated what. */
  'rating.mine': call({ input: z.object({ from: day, to: day }).strict(), output: figuresSchema, access: 'signed-in' }),
  /** The figures per counter, staff, item, day or month, plus the total. */
  'rating.figures': call({
    input: z.object({ from: day, to: day, by: z.enum(['counter', 'staff', 'item', 'day', 'month']) }).strict(),
    output: z.object({ total: figuresSchema, rows: z.array(z.object({ key: z.string(), label: z.string(), figures: figuresSchema })) }),
    access: ['supervisor', 'admin'],
  }),
  'rating.followUps': call({
    input: z.object({ openOnly: z.boolean().default(false), from: day.optional(), to: day.optional() }).strict(),
    output: z.object({ today: day, items: z.array(followUpSchema) }),
    access: ['supervisor'],
  }),
  'rating.recordStep': call({
    input: z.object({
      ratingId, step: z.enum(['contact', 'rectify']), owner: z.string().max(40), record: z.string().max(1000),
      complexity: z.enum(['simple', 'complex']).nullable().default(null),
    }).strict(),
    output: followUpSchema,
    access: ['supervisor'],
    audited: true,
  }),
  'rating.closeFollowUp': call({
    input: z.object({ ratingId, satisfied: z.boolean().nullable(), reply: z.string().max(1000) }).strict(),
    output: followUpSchema,
    access: ['supervisor'],
    audited: true,
  }),
  /** 申诉复核 accepted: the rating is kept and leaves the counter's score; the reason is recorded. */
  'rating.appeal': call({ input: z.object({ ratingId, reason: z.string().max(500) }).strict(), output: followUpSchema, access: ['supervisor'], audited: true }),
};

export const ratingEvents = {
  /** A 差评 arrived or a follow-up changed: supervisors' lists refresh. */
  'rating.followUpChanged': event({ payload: z.object({ ratingId: z.string() }), scope: 'supervisors' }),
};
