import { DeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import { ledgerFigures } from '../../core/assist/ledger';
import { ledgerPdf, ledgerXlsx, reportNoticePdf } from '../../core/assist/export';
import { sessionOf, type Connection } from '../context';
import type { AssistDomain } from '../domains/assist';
import type { HallLookup } from '../domains/deps';
import type { QueueDomain } from '../domains/queue';
import type { HandlerMap } from './types';

export interface AssistContext {
  conn: Connection;
  assist: AssistDomain;
  hall: HallLookup;
  /** The ticket being served at the asking counter is linked to its 求助. */
  queue: Pick<QueueDomain, 'service'>;
  /** Staff by 工号 (an approval officer's or a leader's capacity is set by 工号). */
  staffIdOf(staffNo: string): string | null;
}

type AssistCalls = 'assist.request' | 'assist.cancel' | 'assist.live' | 'assist.accept' | 'assist.arrive' | 'assist.close' | 'assist.walkUp'
  | 'assist.ledger' | 'assist.export' | 'assist.settings' | 'assist.setSettings' | 'assist.setCapacity'
  | 'unresolved.take' | 'unresolved.list' | 'unresolved.advance' | 'unresolved.notice';

function counterNo(ctx: AssistContext): number {
  const id = sessionOf(ctx).counterId;
  const c = id ? ctx.hall.counter(id) : undefined;
  if (!c) throw new DeskError('NO_COUNTER', '求助需要在窗口登录：请退出后选择窗口重新登录。');
  return c.number;
}
function counterOrNull(ctx: AssistContext): number | null {
  const id = sessionOf(ctx).counterId;
  return id ? (ctx.hall.counter(id)?.number ?? null) : null;
}
const staff = (ctx: AssistContext) => sessionOf(ctx).staff;
const hallName = (ctx: AssistContext) => ctx.hall.hall()?.name ?? '政务服务中心';
const b64 = (b: Buffer) => b.toString('base64');

export const assistHandlers: HandlerMap<AssistCalls, AssistContext> = {
  'assist.request': async ({ kind, note }, ctx) => {
    const n = counterNo(ctx);
    // The ticket in service is linked when the counter knows it (a 求助 without one is fine).
    const current = await ctx.queue.service.state(n).then((s) => s.current?.number ?? null, () => null);
    return ctx.assist.service.request(staff(ctx), n, kind, note, current);
  },
  'assist.cancel': ({ id }, ctx) => ctx.assist.service.cancel(id, counterNo(ctx)),
  'assist.live': async (_i, ctx) => {
    const s = ctx.assist.service;
    const me = { staffNo: staff(ctx).staffNo, capacity: s.capacityOf(staff(ctx)) };
    if (!ctx.assist.online()) return { online: false, records: [], pending: s.pending(), me };
    try {
      return { online: true, records: await s.live(), pending: s.pending(), me };
    } catch {
      return { online: false, records: [], pending: s.pending(), me };
    }
  },
  'assist.accept': ({ id, etaMinutes }, ctx) => ctx.assist.service.accept(staff(ctx), id, etaMinutes),
  'assist.arrive': ({ id }, ctx) => ctx.assist.service.arrive(staff(ctx), id),
  'assist.close': ({ id, ...d }, ctx) => ctx.assist.service.close(staff(ctx), id, d),
  'assist.walkUp': (d, ctx) => {
    const here = counterOrNull(ctx);
    return ctx.assist.service.walkUp(staff(ctx), { ...d, counters: d.counters.length || here === null ? d.counters : [here] });
  },
  'assist.ledger': async (q, ctx) => {
    const records = await ctx.assist.service.ledger(q);
    return { records, figures: ledgerFigures(records) };
  },
  'assist.export': async ({ format, ...q }, ctx) => {
    const records = await ctx.assist.service.ledger(q);
    const name = `帮办台账_${q.from}_${q.to}`;
    if (format === 'xlsx') return { fileName: `${name}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: b64(await ledgerXlsx(records, q)) };
    return { fileName: `${name}.pdf`, mime: 'application/pdf', base64: b64(await ledgerPdf(records, q, hallName(ctx))) };
  },
  'assist.settings': (_i, ctx) => ctx.assist.service.settings(),
  'assist.setSettings': (s, ctx) => ctx.assist.service.setSettings(s),
  'assist.setCapacity': ({ staffNo, capacity }, ctx) => {
    const id = ctx.staffIdOf(staffNo);
    if (!id) throw new DeskError('UNKNOWN_STAFF', `没有工号为 ${staffNo} 的工作人员。`);
    ctx.assist.service.setCapacity(id, capacity);
    return { done: true as const };
  },

  'unresolved.take': async (d, ctx) => {
    const report = await ctx.assist.service.takeReport(staff(ctx), { ...d, counter: counterOrNull(ctx) });
    if (!report) return { report: null, notice: null, queued: true };
    const pdf = await reportNoticePdf(report, hallName(ctx));
    return { report, notice: { fileName: `办不成事告知书_${report.id}_${hallDay(report.takenAt)}.pdf`, mime: 'application/pdf', base64: b64(pdf) }, queued: false };
  },
  'unresolved.list': (_i, ctx) => ctx.assist.service.reports(),
  'unresolved.advance': ({ id, ...req }, ctx) => ctx.assist.service.advanceReport(staff(ctx), id, req),
  'unresolved.notice': async ({ id }, ctx) => {
    const report = (await ctx.assist.service.reports()).find((r) => r.id === id);
    if (!report) throw new DeskError('UNKNOWN_REPORT', `没有编号为 ${id} 的未归档办不成事反映。`);
    return { fileName: `办不成事告知书_${report.id}.pdf`, mime: 'application/pdf', base64: b64(await reportNoticePdf(report, hallName(ctx))) };
  },
};
