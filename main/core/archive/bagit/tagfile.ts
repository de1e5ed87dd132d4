/**
 * Reading tag files (RFC 8493 §2.1.1, §2.2.2): bytes decoded in the encoding `bagit.txt`
 * declares, lines ended by CR, LF or CRLF, `Label: value` entries with continuation lines that
 * start with whitespace. Separators are read leniently (`Label:value`, `Label :\tvalue`) and
 * duplicate labels kept in order, as the LoC conformance suite expects.
 */
export type TagEncoding = 'utf-8' | 'iso-8859-1' | 'utf-16';

export function parseEncoding(label: string): TagEncoding | null {
  const l = label.trim().toLowerCase().replace(/_/g, '-');
  if (l === 'utf-8' || l === 'utf8') return 'utf-8';
  if (l === 'iso-8859-1' || l === 'iso8859-1' || l === 'latin1' || l === 'latin-1') return 'iso-8859-1';
  if (l === 'utf-16' || l === 'utf-16le' || l === 'utf-16be' || l === 'utf16') return 'utf-16';
  return null;
}

/** Throws when the bytes are not valid in the encoding (a corrupt tag file is not guessed at). */
export function decodeTagBytes(bytes: Buffer, enc: TagEncoding): string {
  if (enc === 'iso-8859-1') return bytes.toString('latin1');
  if (enc === 'utf-8') {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  }
  // UTF-16: the BOM says the byte order; without one, big-endian as Unicode prescribes.
  if (bytes.length % 2 !== 0) throw new Error('UTF-16 文件字节数为奇数');
  let order: 'utf-16le' | 'utf-16be' = 'utf-16be';
  let body = bytes;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) [order, body] = ['utf-16le', bytes.subarray(2)];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) body = bytes.subarray(2);
  return new TextDecoder(order, { fatal: true }).decode(body);
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface TagEntry {
  label: string;
  value: string;
}

/** Entries in file order; `errors` names each line that is neither an entry nor a continuation. */
export function parseTagEntries(text: string): { entries: TagEntry[]; errors: string[] } {
  const entries: TagEntry[] = [];
  const errors: string[] = [];
  splitLines(text).forEach((line, i) => {
    if (/^[ \t]/.test(line)) {
      const last = entries[entries.length - 1];
      if (last && line.trim() !== '') last.value += ' ' + line.trim();
      else if (line.trim() !== '') errors.push(`第 ${i + 1} 行是续行，但前面没有条目`);
      return;
    }
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const label = colon > 0 ? line.slice(0, colon).trim() : '';
    if (label === '') {
      errors.push(`第 ${i + 1} 行不是“标签: 值”格式`);
      return;
    }
    entries.push({ label, value: line.slice(colon + 1).trim() });
  });
  return { entries, errors };
}

export const tagValues = (entries: TagEntry[], label: string): string[] =>
  entries.filter((e) => e.label.toLowerCase() === label.toLowerCase()).map((e) => e.value);
