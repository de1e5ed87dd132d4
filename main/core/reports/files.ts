// A report layout written as an Excel workbook (exceljs) or a PDF (pdfmake with the notices' Chinese fonts).
import ExcelJS from 'exceljs';
import { renderPdf } from '../notices/render';
import type { ReportLayout } from './layout';

export async function layoutToXlsx(l: ReportLayout): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'WindowDesk 综合窗口工作台';
  const summary = wb.addWorksheet('汇总');
  summary.addRow([l.title]).font = { bold: true, size: 14 };
  summary.addRow([l.subtitle]);
  for (const t of l.tables) {
    // The long case lists get their own sheets, so the summary stays one screen.
    const sheet = t.columns.length > 4 ? wb.addWorksheet(t.title.slice(0, 31)) : summary;
    if (sheet === summary) summary.addRow([]);
    sheet.addRow([t.title]).font = { bold: true };
    sheet.addRow(t.columns).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r);
    sheet.columns.forEach((c) => (c.width = 18));
  }
  summary.getColumn(1).width = 28;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function layoutToPdf(l: ReportLayout): Promise<Buffer> {
  const content: unknown[] = [{ text: l.title, style: 'title' }, { text: l.subtitle, margin: [0, 0, 0, 8], color: '#555' }];
  for (const t of l.tables) {
    content.push({ text: t.title, style: 'h2' });
    if (t.rows.length === 0) {
      content.push({ text: '无', color: '#777', margin: [0, 0, 0, 6] });
      continue;
    }
    content.push({
      table: { headerRows: 1, widths: t.columns.map((_, i) => (i === 0 && t.columns.length <= 4 ? '*' : 'auto')), body: [t.columns.map((c) => ({ text: c, bold: true })), ...t.rows.map((r) => r.map(String))] },
      layout: 'lightHorizontalLines', fontSize: 9, margin: [0, 0, 0, 8],
    });
  }
  return renderPdf({
    pageSize: 'A4', pageMargins: [40, 40, 40, 40], content,
    styles: { title: { fontSize: 16, bold: true }, h2: { fontSize: 12, bold: true, margin: [0, 6, 0, 4] } },
    footer: (page: number, pages: number) => ({ text: `第 ${page} 页 / 共 ${pages} 页`, alignment: 'center', fontSize: 8, color: '#777' }),
  });
}
