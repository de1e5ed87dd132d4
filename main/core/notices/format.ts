import QRCode from 'qrcode';
import { hallDay } from '../../../common/hall-time';

/** 2026-02-12 (or an ISO instant) → 2026年2月12日, in Shanghai time. */
export function chineseDate(isoOrDate: string): string {
  const date = isoOrDate.length > 10 ? hallDay(Date.parse(isoOrDate)) : isoOrDate;
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The progress look-up QR: the citizen screen's and clerk's barcode scanners read this payload. */
export function progressQrPayload(caseNumber: string): string {
  return `WD-CASE:${caseNumber}`;
}

export async function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
}
