import receiptline from 'receiptline';
import { hallDateTime } from '../../../common/hall-time';
import type { SlipFacts } from './types';

/** Text in a receiptline document: its markup characters escaped. */
const text = (s: string) => s.replace(/[\\|{}~_"`^]/g, (c) => `\\${c}`).replace(/^([-=])/, '\\$1');
/** A property value: \ | { } ; escaped. */
const prop = (s: string) => s.replace(/[\\|{};]/g, (c) => `\\${c}`);

/** The slip as a ReceiptLine document (48 characters a line on 80 mm paper). */
export function slipReceipt(s: SlipFacts): string {
  const lines = [
    `"${text(s.hallName)}"`,
    '排队号票',
    `^^^^^${text(s.number)}`,
    text(s.itemName ? `${s.streamName} · ${s.itemName}` : s.streamName),
  ];
  if (s.ahead !== null) lines.push(`^^前面还有 ${s.ahead} 人`);
  if (s.ahead !== null && s.estimateMinutes !== null) lines.push(`^预计等候约 ${s.estimateMinutes} 分钟`);
  lines.push(`取号时间 ${hallDateTime(s.issuedAt).slice(0, 16)}`);
  if (s.followUrl) {
    // 8 dots a module on a 203 dpi head: a version-3 code is ≈ 29 mm wide.
    lines.push(`{code:${prop(s.followUrl)}; option:qrcode,8,m}`, '手机扫码查看排队进度');
  }
  lines.push('请留意叫号屏和语音叫号，过号请到咨询台');
  return lines.join('\n') + '\n';
}

const chr = (...b: number[]) => String.fromCharCode(...b);

/**
 * receiptline's ESC/POS command set with the printer's own QR symbol (GS ( k, model 2) instead
 * of a raster image: every 80 mm Chinese thermal printer in halls decodes it, and it is sharper
 * and far smaller than the bitmap receiptline draws by default.
 */
const escposNativeQr = Object.assign(Object.create(null), receiptline.commands.escpos, {
  qrcode(symbol: { data: string; cell: number; level: 'l' | 'm' | 'q' | 'h' }): string {
    if (!symbol.data) return '';
    const data = Buffer.from(symbol.data, 'utf8').toString('latin1');
    const n = data.length + 3;
    const ecc = { l: 48, m: 49, q: 50, h: 51 }[symbol.level] ?? 49;
    return (
      '\x1d(k' + chr(4, 0, 49, 65, 50, 0) + // model 2
      '\x1d(k' + chr(3, 0, 49, 67, Math.min(16, Math.max(1, symbol.cell))) + // module size (dots)
      '\x1d(k' + chr(3, 0, 49, 69, ecc) +
      '\x1d(k' + chr(n & 255, n >> 8, 49, 80, 48) + data + // store
      '\x1d(k' + chr(3, 0, 49, 81, 48) // print
    );
  },
});

/** The slip as ESC/POS bytes (GB 18030 text, native QR, cut at the end). */
export function renderSlipEscpos(s: SlipFacts): Buffer {
  const out = receiptline.transform(slipReceipt(s), { cpl: 48, encoding: 'gb18030', command: escposNativeQr, cutting: true });
  return Buffer.from(out, 'latin1');
}

/** The slip as plain text (diagnostics, the simulated printer's record). */
export function slipText(s: SlipFacts): string {
  return receiptline.transform(slipReceipt(s), { cpl: 48, encoding: 'gb18030', command: 'text' });
}
