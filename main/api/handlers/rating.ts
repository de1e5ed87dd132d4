import { DeskError } from '../../../common/errors';
import { figures, figuresBy, followUpView } from '../../core/rating';
import { sessionOf, type Connection } from '../context';
import type { RatingDomain } from '../domains/rating';
import type { HandlerMap } from './types';

export interface RatingContext {
  conn: Connection;
  rating: RatingDomain;
}

type RatingCall = 'rating.submit' | 'rating.skip' | 'rating.mine' | 'rating.figures' | 'rating.followUps' | 'rating.recordStep' | 'rating.closeFollowUp' | 'rating.appeal';

/** Only a citizen screen bound to a counter rates, and only a service of that counter. */
function citizenCounter(ctx: RatingContext): string {
  const id = ctx.conn.citizenCounterId;
  if (!id) throw new DeskError('CITIZEN_NOT_ATTACHED', '只有与本窗口配对的群众屏可以提交评价。');
  return id;
}

function checkPeriod(from: string, to: string): void {
  if (from > to) throw new DeskError('RATING_BAD_PERIOD', '起始日期不能晚于结束日期。');
}

function view(ctx: RatingContext, ratingId: string) {
  const v = followUpView(ctx.rating.service.store, ratingId, ctx.rating.today());
  if (!v) throw new DeskError('FOLLOWUP_NOT_FOUND', `没有评价编号为 ${ratingId} 的差评回访整改。`);
  return v;
}

function changed(ctx: RatingContext, ratingId: string): void {
  ctx.rating.bus.emit('rating.followUpChanged', { ratingId });
}

export const ratingHandlers: HandlerMap<RatingCall, RatingContext> = {
  'rating.submit'({ serviceId, level, reasons, reasonText }, ctx) {
    const r = ctx.rating.service.rateAtCounter(citizenCounter(ctx), serviceId, { level, reasons, reasonText }, 'screen');
    if (level <= 2) changed(ctx, r.id);
    return { done: true as const };
  },
  'rating.skip'({ serviceId }, ctx) {
    ctx.rating.service.skip(citizenCounter(ctx), serviceId);
    return { done: true as const };
  },
  /** The signed-in staff member's own figures: counts and rates only, never a single rating. */
  'rating.mine'({ from, to }, ctx) {
    checkPeriod(from, to);
    const staffNo = sessionOf(ctx).staff.staffNo;
    return figures(ctx.rating.service.facts(from, to).filter((f) => f.staffNo === staffNo));
  },
  'rating.figures'({ from, to, by }, ctx) {
    checkPeriod(from, to);
    const facts = ctx.rating.service.facts(from, to);
    return { total: figures(facts), rows: figuresBy(facts, by) };
  },
  'rating.followUps'({ openOnly, from, to }, ctx) {
    const today = ctx.rating.today();
    const items = ctx.rating.service.store.followUpsIn({ openOnly, from, to }).map((f) => followUpView(ctx.rating.service.store, f.ratingId, today)!);
    // Overdue first, then the nearest deadline.
    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due?.date ?? '9999').localeCompare(b.due?.date ?? '9999') || a.ratingId.localeCompare(b.ratingId));
    return { today, items };
  },
  'rating.recordStep'({ ratingId, step, owner, record, complexity }, ctx) {
    ctx.rating.service.recordStep(ratingId, step, { owner, record, complexity }, sessionOf(ctx).staff.staffNo);
    changed(ctx, ratingId);
    return view(ctx, ratingId);
  },
  'rating.closeFollowUp'({ ratingId, satisfied, reply }, ctx) {
    ctx.rating.service.close(ratingId, { satisfied, reply }, sessionOf(ctx).staff.staffNo);
    changed(ctx, ratingId);
    return view(ctx, ratingId);
  },
  'rating.appeal'({ ratingId, reason }, ctx) {
    view(ctx, ratingId);
    ctx.rating.service.appeal(ratingId, reason, sessionOf(ctx).staff.staffNo);
    changed(ctx, ratingId);
    return view(ctx, ratingId);
  },
};
