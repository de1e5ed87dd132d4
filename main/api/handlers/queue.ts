import { DeskError } from '../../../common/errors';
import { sessionOf, type Connection } from '../context';
import type { HallLookup } from '../domains/deps';
import type { QueueDomain } from '../domains/queue';
import type { RatingDomain } from '../domains/rating';
import type { HandlerMap } from './types';

/** The queue handlers see their domain and the hall's counters (a session's counter id → the hub's number). */
export interface QueueContext {
  conn: Connection;
  queue: QueueDomain;
  hall: HallLookup;
  /** 结束 hands the service to 好差评 (the citizen screen then asks for a rating). */
  rating?: RatingDomain;
}

type QueueCalls = 'queue.state' | 'queue.callNext' | 'queue.callTicket' | 'queue.recall' | 'queue.noShow' | 'queue.start' | 'queue.finish'
  | 'queue.park' | 'queue.resume' | 'queue.transfer' | 'queue.setPaused' | 'queue.issue' | 'queue.checkIn' | 'queue.sync'
  | 'queue.supervisor' | 'queue.setSkills' | 'queue.moveUp' | 'queue.kioskStreams' | 'queue.kioskCheckIn';

/** The hub's number of the counter this session signed in at. */
function counterNo(ctx: QueueContext): number {
  const id = sessionOf(ctx).counterId;
  const c = id ? ctx.hall.counter(id) : undefined;
  if (!c) throw new DeskError('NO_COUNTER', '登录时未选择窗口，叫号需要在窗口登录。请退出后选择窗口重新登录。');
  return c.number;
}
function counterOrNull(ctx: QueueContext): number | null {
  const id = sessionOf(ctx).counterId;
  return id ? (ctx.hall.counter(id)?.number ?? null) : null;
}

export const queueHandlers: HandlerMap<QueueCalls, QueueContext> = {
  'queue.state': (_i, ctx) => ctx.queue.service.state(counterNo(ctx)),
  'queue.callNext': ({ requestId }, ctx) => ctx.queue.service.callNext(counterNo(ctx), requestId),
  'queue.callTicket': ({ ref, requestId }, ctx) => ctx.queue.service.callTicket(counterNo(ctx), ref, requestId),
  'queue.recall': ({ ref }, ctx) => ctx.queue.service.act(counterNo(ctx), ref, 'recall'),
  'queue.noShow': ({ ref }, ctx) => ctx.queue.service.act(counterNo(ctx), ref, 'noShow'),
  'queue.start': ({ ref }, ctx) => ctx.queue.service.act(counterNo(ctx), ref, 'start'),
  'queue.finish': async ({ ref }, ctx) => {
    const s = sessionOf(ctx);
    const counter = counterNo(ctx);
    const t = await ctx.queue.service.act(counter, ref, 'finish');
    ctx.rating?.service.served({ counterId: s.counterId!, counterNumber: counter, staffId: s.staff.id, staffNo: s.staff.staffNo, ticketRef: ref, ticketNumber: t.number });
    return t;
  },
  'queue.park': ({ ref }, ctx) => ctx.queue.service.act(counterNo(ctx), ref, 'park'),
  'queue.resume': ({ ref }, ctx) => ctx.queue.service.act(counterNo(ctx), ref, 'resume'),
  'queue.transfer': ({ ref, toCounter, toStream, force }, ctx) => {
    if (force && sessionOf(ctx).staff.role !== 'supervisor') throw new DeskError('FORBIDDEN', '只有值班长可以把申请人转到暂停或无人值守的窗口。');
    return ctx.queue.service.transfer(counterNo(ctx), ref, { toCounter, toStream, force });
  },
  'queue.setPaused': ({ paused, counter }, ctx) => {
    const role = sessionOf(ctx).staff.role;
    const own = counterOrNull(ctx);
    if (counter !== undefined && counter !== own && role !== 'supervisor' && role !== 'admin') {
      throw new DeskError('FORBIDDEN', '只能暂停或恢复本窗口；其他窗口请联系值班长。');
    }
    const target = counter ?? own;
    if (target === null) throw new DeskError('NO_COUNTER', '请指定要暂停或恢复的窗口。');
    return ctx.queue.service.setPaused(target, paused);
  },
  // The slip prints before the answer, so the form can say whether it came out; a failed slip never loses the ticket.
  'queue.issue': async (input, ctx) => {
    const role = sessionOf(ctx).staff.role;
    const { ticket, slip } = await ctx.queue.service.issue(counterOrNull(ctx), input, role === 'assistant' ? 'assistance' : 'counter');
    return { ...ticket, slip: await ctx.queue.slips.print(slip) };
  },
  'queue.checkIn': (input, ctx) => ctx.queue.service.checkIn(counterOrNull(ctx), input),
  'queue.kioskStreams': (_i, ctx) => ctx.queue.service.kioskStreams(),
  'queue.kioskCheckIn': async (input, ctx) => {
    const { ticket, slip } = await ctx.queue.service.kioskCheckIn(input);
    return { ...ticket, slip: slip ? await ctx.queue.slips.print(slip) : null };
  },
  'queue.sync': (_i, ctx) => ctx.queue.service.sync(),
  'queue.supervisor': (_i, ctx) => ctx.queue.service.supervisor(),
  'queue.setSkills': async ({ counter, streams }, ctx) => {
    const s = await ctx.queue.link.call((c) => c.setSkills(counter, streams));
    return { counter: s.number, streams: s.streams };
  },
  'queue.moveUp': async ({ ticketId }, ctx) => {
    const t = await ctx.queue.link.call((c) => c.moveUp(ticketId, sessionOf(ctx).staff.name));
    return { number: t.number };
  },
};
