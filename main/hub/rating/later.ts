import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DeskError } from '../../../common/errors';
import { LaterAnswer, RatingOffer } from '../../../common/rating';
import { checkRating } from '../../core/rating/rules';
import type { OfferRow, RatingBackend } from './backend';

export { LaterAnswer, RatingOffer };

/**
 * The later rating (好差评 by the citizen screen's QR): the workstation offers each finished service
 * under the hash of its one-time code; a phone opens `/rate/<code>` on the hub (no login) and rates
 * once within the period; the workstation collects the answers and records them with their own times.
 * The hub never holds the code itself, the applicant or the staff member: only the counter, the
 * ticket number and the item's name to show on the page.
 */
export const codeHash = (code: string) => createHash('sha256').update(code).digest('hex');

export const LaterRatingBody = z.strictObject({
  level: z.number().int().min(1).max(5),
  reasons: z.array(z.enum(['efficiency', 'competence', 'attitude', 'other'])).max(4).default([]),
  reasonText: z.string().max(300).nullable().default(null),
});

export const RatePageInfo = z.object({ counter: z.number().int(), ticketNumber: z.string().nullable(), itemName: z.string().nullable(), rateUntil: z.string() });
export type RatePageInfo = z.infer<typeof RatePageInfo>;

/** Codes are 16 URL-safe characters from the workstation (96 bits); anything else is not one. */
export const RateCodeParam = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_-]{16}$/, '评价码格式不正确') });

export class LaterRatings {
  constructor(private readonly backend: RatingBackend, private readonly now: () => number) {}

  async offer(counter: number, o: RatingOffer): Promise<{ accepted: true }> {
    await this.backend.offer(o.codeHash, { serviceId: o.serviceId, counter, ticketNumber: o.ticketNumber, itemName: o.itemName, rateUntil: o.rateUntil }, this.now());
    return { accepted: true };
  }

  private async open(code: string): Promise<OfferRow> {
    const o = await this.backend.offerOf(codeHash(code));
    if (!o) throw new DeskError('NOT_FOUND', '评价码无效，请核对评价二维码。');
    if (await this.backend.answered(o.serviceId)) throw alreadyRated();
    if (new Date(this.now()).toISOString() > o.rateUntil) throw new DeskError('RATING_EXPIRED', '这次服务的评价期限已过，感谢您的关注。');
    return o;
  }

  async page(code: string): Promise<RatePageInfo> {
    const o = await this.open(code);
    return { counter: o.counter, ticketNumber: o.ticketNumber, itemName: o.itemName, rateUntil: o.rateUntil };
  }

  async rate(code: string, body: z.output<typeof LaterRatingBody>): Promise<{ done: true }> {
    const o = await this.open(code);
    const r = checkRating(body);
    // Two submissions at once (two phones, or two hub processes) pass `open` both: the answer's unique service decides.
    const stored = await this.backend.answer({ serviceId: o.serviceId, counter: o.counter, level: r.level, reasons: r.reasons, reasonText: r.reasonText, ratedAt: new Date(this.now()).toISOString() });
    if (!stored) throw alreadyRated();
    return { done: true };
  }

  /** A counter's answers after `after` (the workstation keeps its cursor), oldest first. */
  answers(counter: number, after: number): Promise<LaterAnswer[]> {
    return this.backend.answers(counter, after, 200);
  }
}

const alreadyRated = () => new DeskError('RATING_ALREADY_RATED', '这次服务已经评价过了，每次服务只能评价一次（一次一评）。感谢您的评价！');
