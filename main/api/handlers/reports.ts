import { layoutToPdf, layoutToXlsx } from '../../core/reports/files';
import { dailyLayout, monthlyLayout } from '../../core/reports/layout';
import type { Connection } from '../context';
import type { QueueDomain } from '../domains/queue';
import { connectedHub } from './connected-hub';
import type { HandlerMap } from './types';

/** 日动态 / 月动态 are the hall's: the workstation asks its hub (the supervisor forwarded) and draws the files. */
export interface ReportsContext {
  conn: Connection;
  queue: QueueDomain;
  hallName: () => string;
}

const hubOf = (ctx: ReportsContext) => connectedHub(ctx.queue, {
  notConfigured: '本机未连接大厅服务，日动态、月动态由大厅服务统计。',
  unreachable: '大厅服务未连接，暂时无法统计；恢复连接后重试。',
});

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

export const reportsHandlers: HandlerMap<'reports.daily' | 'reports.monthly' | 'reports.export', ReportsContext> = {
  async 'reports.daily'({ day }, ctx) {
    return (await hubOf(ctx)).reportDaily(day);
  },
  async 'reports.monthly'({ month }, ctx) {
    return (await hubOf(ctx)).reportMonthly(month);
  },
  async 'reports.export'(input, ctx) {
    const hub = await hubOf(ctx);
    const hall = ctx.hallName();
    const layout = input.kind === 'daily'
      ? dailyLayout(await hub.reportDaily(input.day), hall)
      : monthlyLayout(await hub.reportMonthly(input.month), hall);
    const bytes = input.format === 'xlsx' ? await layoutToXlsx(layout) : await layoutToPdf(layout);
    const period = input.kind === 'daily' ? input.day : input.month;
    return { name: `${input.kind === 'daily' ? '日动态' : '月动态'}-${period}.${input.format}`, mime: MIME[input.format], base64: bytes.toString('base64') };
  },
};
