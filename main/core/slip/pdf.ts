import { hallDateTime } from '../../../common/hall-time';
import { renderPdf } from '../notices/render';
import type { SlipFacts } from './types';

/** 80 mm in PDF points: the slip is one roll-wide page, as long as its content. */
export const SLIP_WIDTH_PT = 226.77;
/** The QR's printed side: ≥ 25 mm so a phone reads it from arm's length. */
const QR_PT = 99; // ≈ 35 mm

/** The slip as a pdfmake document (Noto Sans SC, like the notices). */
export function slipDocument(s: SlipFacts): Record<string, unknown> {
  const content: unknown[] = [
    { text: s.hallName, style: 'hall' },
    { text: '排队号票', style: 'caption' },
    { text: s.number, style: 'number' },
    { text: s.itemName ? `${s.streamName} · ${s.itemName}` : s.streamName, style: 'stream' },
  ];
  if (s.ahead !== null) content.push({ text: `前面还有 ${s.ahead} 人`, style: 'ahead' });
  if (s.ahead !== null && s.estimateMinutes !== null) content.push({ text: `预计等候约 ${s.estimateMinutes} 分钟`, style: 'eta' });
  content.push({ text: `取号时间 ${hallDateTime(s.issuedAt).slice(0, 16)}`, style: 'time' });
  if (s.followUrl) {
    content.push({ qr: s.followUrl, fit: QR_PT, eccLevel: 'M', alignment: 'center', margin: [0, 8, 0, 2] });
    content.push({ text: '手机扫码查看排队进度', style: 'hint' });
  }
  content.push({ text: '请留意叫号屏和语音叫号，过号请到咨询台', style: 'hint' });
  return {
    info: { title: `号票 ${s.number}` },
    pageSize: { width: SLIP_WIDTH_PT, height: 'auto' },
    pageMargins: [12, 12, 12, 14],
    content,
    defaultStyle: { alignment: 'center', fontSize: 10, lineHeight: 1.25 },
    styles: {
      hall: { fontSize: 11, bold: true },
      caption: { fontSize: 9, color: '#333333', margin: [0, 2, 0, 0] },
      number: { fontSize: 54, bold: true, lineHeight: 1, margin: [0, 4, 0, 4] },
      stream: { fontSize: 13 },
      ahead: { fontSize: 15, bold: true, margin: [0, 4, 0, 2] },
      eta: { fontSize: 12, bold: true, margin: [0, 0, 0, 2] },
      time: { fontSize: 10 },
      hint: { fontSize: 8.5 },
    },
  };
}

/** The slip as a PDF and its page height in mm (CUPS needs the roll length). */
export async function renderSlipPdf(s: SlipFacts): Promise<{ pdf: Buffer; heightMm: number }> {
  const pdf = await renderPdf(slipDocument(s));
  return { pdf, heightMm: pageHeightMm(pdf) };
}

/** The first page's MediaBox height (pdfkit writes page dictionaries uncompressed). */
export function pageHeightMm(pdf: Buffer): number {
  const m = /\/MediaBox \[\s*0 0 [\d.]+ ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  return m ? (Number(m[1]) * 25.4) / 72 : 120;
}
