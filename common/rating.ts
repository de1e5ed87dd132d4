import { z } from 'zod';

/**
 * A rating as the workstation sends it to the hall hub (and the hub keeps for hall-wide figures):
 * a snapshot of the rating, its 三对应 binding and its follow-up's progress. Every change sends a new
 * snapshot under a new idempotency key, in its outbox's order; the hub keeps the latest it received
 * (one workstation owns each rating, so arrival order is the order of the changes).
 */
const iso = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, '应为 ISO 时间');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 日期');
const text = (max: number) => z.string().max(max);

export const RatingSnapshot = z.strictObject({
  ratingId: text(40).regex(/^PJ\d{8}-\d{2,4}-\d{4,6}$/, '评价编号格式不正确'),
  serviceId: z.string().uuid(),
  counter: z.number().int().min(1).max(9999),
  staffNo: text(32).min(1),
  caseNumber: text(64).nullable(),
  /**
   * The ticket the service was given (its hall day is `finishedAt`'s): the hub writes the rating into
   * the 帮办 ledger of that ticket's assistance. Optional: a workstation older than the field omits it.
   */
  ticketNumber: text(32).nullable().optional(),
  itemCode: text(64).nullable(),
  itemName: text(200).nullable(),
  itemVersion: text(64).nullable(),
  finishedAt: iso,
  ratedAt: iso,
  level: z.number().int().min(1).max(5),
  channel: z.enum(['screen', 'pad', 'qr']),
  reasons: z.array(z.enum(['efficiency', 'competence', 'attitude', 'other'])).max(4),
  reasonText: text(300).nullable(),
  excluded: z.boolean(),
  followUp: z.strictObject({
    state: z.enum(['open', 'closed']),
    contactDue: day,
    simpleDue: day,
    complexDue: day,
    steps: z.array(z.enum(['contact', 'rectify'])).max(2),
    satisfied: z.boolean().nullable(),
    replied: z.boolean(),
  }).nullable(),
});
export type RatingSnapshot = z.infer<typeof RatingSnapshot>;

/** A finished service offered to the hub for the later rating by the citizen screen's QR: the one-time code's hash only. */
export const RatingOffer = z.strictObject({
  serviceId: z.string().uuid(),
  codeHash: z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制'),
  ticketNumber: z.string().max(32).nullable(),
  itemName: z.string().max(200).nullable(),
  rateUntil: iso,
});
export type RatingOffer = z.infer<typeof RatingOffer>;

/** A later rating given on the hub's page, as the workstation collects it (seq: the hub's order, the workstation's cursor). */
export const LaterAnswer = z.object({
  seq: z.number().int(), serviceId: z.string(), level: z.number().int(), reasons: z.array(z.string()), reasonText: z.string().nullable(), ratedAt: z.string(),
});
export type LaterAnswer = z.infer<typeof LaterAnswer>;

