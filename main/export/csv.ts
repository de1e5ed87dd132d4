/** CSV as Excel reads Chinese: UTF-8 with a BOM, CRLF rows, fields quoted when they hold a comma, quote or line break (RFC 4180). */
export const BOM = '\uFEFF';

export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(fields: ReadonlyArray<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
