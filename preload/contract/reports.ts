import { z } from 'zod';
import { DailyReport, MonthlyReport, ReportDay, ReportMonth } from '../../common/reports';
import { call } from './define';

const SUPERVISORS = ['supervisor', 'admin'] as const;

export const reportsCalls = {
  /** 日动态 of the hall (the hub's figures; a closed day as kept at its close). */
  'reports.daily': call({ input: z.object({ day: ReportDay }).strict(), output: DailyReport, access: SUPERVISORS }),
  /** 月动态: the month's days summed, rates and the change from last month. */
  'reports.monthly': call({ input: z.object({ month: ReportMonth }).strict(), output: MonthlyReport, access: SUPERVISORS }),
  /** The report as a file to save: `.xlsx` (exceljs) or PDF (pdfmake, Chinese fonts embedded). */
  'reports.export': call({
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('daily'), day: ReportDay, format: z.enum(['xlsx', 'pdf']) }).strict(),
      z.object({ kind: z.literal('monthly'), month: ReportMonth, format: z.enum(['xlsx', 'pdf']) }).strict(),
    ]),
    output: z.object({ name: z.string(), mime: z.string(), base64: z.string() }),
    access: SUPERVISORS,
    audited: true,
  }),
};
