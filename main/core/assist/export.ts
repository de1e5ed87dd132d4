/**
 * The 帮办台账 as files: .xlsx (exceljs) and PDF (pdfmake with the notices' embedded Noto Sans SC,
 * so the Chinese is intact on any PC), with the period's figures; and the 一次性告知 printed when a
 * 办不成事 report is taken. An empty period gives a valid file with the header and no rows.
 */
import ExcelJS from 'exceljs';
import { hallDateTime } from '../../../common/hall-time';
import { REPORT_KIND_NAMES, REPORT_STATE_NAMES } from '../../../common/assist/labels';
import { REPORT_STATES, type UnresolvedReport } from '../../../common/assist/reports';
import type { AssistRecord } from '../../../common/assist/schema';
import { renderPdf } from '../notices';
import { LEDGER_COLUMNS, ledgerFigures, ledgerRow } from './ledger';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : String(x));

export async function ledgerXlsx(records: readonly AssistRecord[], period: { from: string; to: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'WindowDesk';
  const ws = wb.addWorksheet('帮办台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...LEDGER_COLUMNS]).font = { bold: true };
  for (const r of records) ws.addRow(ledgerRow(r));
  ws.columns.forEach((c, i) => (c.width = Math.max(10, Math.min(40, LEDGER_COLUMNS[i].length * 2 + 4))));
  const f = ledgerFigures(records);
  const fs = wb.addWorksheet('统计');
  fs.addRow([`统计期间 ${period.from} 至 ${period.to}（涉法涉诉不计入）`]).font = { bold: true };
  fs.addRow(['月份', '办结数', '已解决', '首办成功率']).font = { bold: true };
  for (const m of f.months) fs.addRow([m.month, m.count, m.resolved, pct(m.count ? m.resolved / m.count : null)]);
  fs.addRow([]);
  fs.addRow(['分组', '名称', '办结数', '首办成功率', '平均接单用时（分钟）', '平均到窗用时（分钟）', '平均办理用时（分钟）']).font = { bold: true };
  for (const g of f.groups) fs.addRow([g.by === 'helper' ? '帮办人' : '帮办类型', g.label, g.count, pct(g.resolutionRate), g.avgAcceptMinutes, g.avgArriveMinutes, g.avgHandleMinutes]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The ledger's main columns on A4 landscape (the full set is in the .xlsx). */
export async function ledgerPdf(records: readonly AssistRecord[], period: { from: string; to: string }, hallName: string): Promise<Buffer> {
  const pick = ['帮办编号', '求助时间', '帮办类型', '求助窗口', '帮办人', '申请人', '事项名称', '问题', '办理情况', '办理结果', '接单用时（分钟）', '办理用时（分钟）'] as const;
  const idx = pick.map((c) => LEDGER_COLUMNS.indexOf(c));
  const body = [pick.map((c) => ({ text: c, bold: true })), ...records.map((r) => { const row = ledgerRow(r); return idx.map((i) => String(row[i] ?? '')); })];
  const f = ledgerFigures(records);
  return renderPdf({
    pageSize: 'A4', pageOrientation: 'landscape', pageMargins: [28, 36, 28, 36],
    defaultStyle: { fontSize: 8 },
    content: [
      { text: `${hallName} 帮办台账`, fontSize: 16, bold: true, alignment: 'center' },
      { text: `统计期间：${period.from} 至 ${period.to}　共 ${records.length} 条　打印时间：${hallDateTime(Date.now()).slice(0, 16)}`, alignment: 'center', margin: [0, 4, 0, 8] },
      { table: { headerRows: 1, widths: [30, 52, 44, 28, 56, 34, 70, '*', '*', 44, 30, 30], body }, layout: 'lightHorizontalLines' },
      { text: '统计（涉法涉诉不计入）', bold: true, margin: [0, 10, 0, 4] },
      {
        table: {
          headerRows: 1,
          body: [
            ['分组', '名称', '办结数', '首办成功率', '平均接单用时（分钟）', '平均到窗用时（分钟）', '平均办理用时（分钟）'].map((t) => ({ text: t, bold: true })),
            ...f.groups.map((g) => [g.by === 'helper' ? '帮办人' : '帮办类型', g.label, String(g.count), pct(g.resolutionRate), num(g.avgAcceptMinutes), num(g.avgArriveMinutes), num(g.avgHandleMinutes)]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
    ],
  });
}

/** 一次性告知: what happens next, who owns it, by when — handed to the applicant when a report is taken. */
export async function reportNoticePdf(r: UnresolvedReport, hallName: string): Promise<Buffer> {
  return renderPdf({
    pageSize: 'A4', pageMargins: [56, 56, 56, 56],
    content: [
      { text: `${hallName}`, alignment: 'center', fontSize: 12 },
      { text: '“办不成事”反映受理告知书（一次性告知）', alignment: 'center', fontSize: 16, bold: true, margin: [0, 4, 0, 16] },
      { text: `反映编号：${r.id}　　受理时间：${hallDateTime(r.takenAt).slice(0, 16)}` },
      { text: `反映人：${r.applicant || '（未留姓名）'}　　联系方式：${r.contact || '（未留）'}` },
      { text: `反映类型：${REPORT_KIND_NAMES[r.kind]}${r.itemName ? `　　涉及事项：${r.itemName}` : ''}` },
      { text: `反映内容：${r.description}`, margin: [0, 6, 0, 6] },
      { text: `首问负责人：${r.takenBy.name}（工号 ${r.takenBy.staffNo}），在转交其他负责人前由其负责跟进。`, margin: [0, 0, 0, 8] },
      { text: '办理流程与时限（工作日，已计入法定节假日与调休）：', bold: true },
      {
        table: {
          widths: [60, '*'],
          body: [['环节', '完成时限'].map((t) => ({ text: t, bold: true })), ...REPORT_STATES.map((s) => [REPORT_STATE_NAMES[s], r.deadlines[s] ?? ''])],
        },
        margin: [0, 4, 0, 8],
      },
      { text: `我们将在 ${r.deadlines.feedback} 前将处理结果反馈给您${r.provisional ? '（跨年时限按法定节假日暂定）' : ''}。` },
      { text: '研判后如需您补充材料或信息，负责人将一次性告知全部所需，不再另行要求；如有疑问请凭反映编号到“办不成事”反映窗口或拨打 12345 咨询。', margin: [0, 6, 0, 0] },
      { text: '涉法、涉诉、投诉事项按原渠道处理，不属于帮办服务范围。', margin: [0, 6, 0, 0], fontSize: 9 },
    ],
  });
}
