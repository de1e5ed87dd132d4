import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { DeskError } from '../../../common/errors';
import { LaterAnswer, RatingOffer } from '../../../common/rating';
import { checkRating } from '../../core/rating/rules';

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
  constructor(private readonly db: Database.Database, private readonly now: () => number) {}

  offer(counter: number, o: RatingOffer): { accepted: true } {
    this.db.prepare(`INSERT OR IGNORE INTO rating_offers (code_hash, service_id, counter, ticket_number, item_name, rate_until, offered_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(o.codeHash, o.serviceId, counter, o.ticketNumber, o.itemName, o.rateUntil, this.now());
    return { accepted: true };
  }

  private open(code: string): { serviceId: string; counter: number; ticketNumber: string | null; itemName: string | null; rateUntil: string } {
    const o = this.db.prepare(`SELECT service_id AS serviceId, counter, ticket_number AS ticketNumber, item_name AS itemName, rate_until AS rateUntil
      FROM rating_offers WHERE code_hash = ?`).get(codeHash(code)) as ReturnType<LaterRatings['open']> | undefined;
    if (!o) throw new DeskError('NOT_FOUND', '评价码无效，请核对评价二维码。');
    if (this.db.prepare('SELECT 1 FROM rating_answers WHERE service_id = ?').get(o.serviceId)) {
      throw new DeskError('RATING_ALREADY_RATED', '这次服务已经评价过了，每次服务只能评价一次（一次一评）。感谢您的评价！');
    }
    if (new Date(this.now()).toISOString() > o.rateUntil) throw new DeskError('RATING_EXPIRED', '这次服务的评价期限已过，感谢您的关注。');
    return o;
  }

  page(code: string): RatePageInfo {
    const o = this.open(code);
    return { counter: o.counter, ticketNumber: o.ticketNumber, itemName: o.itemName, rateUntil: o.rateUntil };
  }

  rate(code: string, body: z.output<typeof LaterRatingBody>): { done: true } {
    return this.db.transaction(() => {
      const o = this.open(code);
      const r = checkRating(body);
      this.db.prepare(`INSERT INTO rating_answers (service_id, counter, level, reasons, reason_text, rated_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(o.serviceId, o.counter, r.level, JSON.stringify(r.reasons), r.reasonText, new Date(this.now()).toISOString());
      return { done: true as const };
    }).immediate();
  }

  /** A counter's answers after `after` (the workstation keeps its cursor), oldest first. */
  answers(counter: number, after: number): LaterAnswer[] {
    const rows = this.db.prepare(`SELECT seq, service_id AS serviceId, level, reasons, reason_text AS reasonText, rated_at AS ratedAt
      FROM rating_answers WHERE counter = ? AND seq > ? ORDER BY seq LIMIT 200`).all(counter, after) as Array<Omit<LaterAnswer, 'reasons'> & { reasons: string }>;
    return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
  }
}
