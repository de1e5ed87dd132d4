/**
 * What a payload file is, judged from its bytes (never its name): the accepted long-term formats
 * (DA/T 70 可用性 3: PDF, and the package's own JSON and XML), and what the security items
 * refuse — encrypted PDF, archives, executables, PDFs that run code or carry attachments.
 */
export type Sniffed = { format: 'PDF' | 'JSON' | 'XML' } | { format: null; why: string };

const startsWith = (b: Buffer, sig: number[]) => sig.every((x, i) => b[i] === x);

const ARCHIVES: [string, number[]][] = [
  ['ZIP', [0x50, 0x4b, 0x03, 0x04]], ['RAR', [0x52, 0x61, 0x72, 0x21]], ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
  ['gzip', [0x1f, 0x8b]], ['bzip2', [0x42, 0x5a, 0x68]], ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
];
const EXECUTABLES: [string, number[]][] = [
  ['Windows 可执行文件 (MZ)', [0x4d, 0x5a]], ['ELF 可执行文件', [0x7f, 0x45, 0x4c, 0x46]], ['Mach-O 可执行文件', [0xcf, 0xfa, 0xed, 0xfe]],
  ['Mach-O 可执行文件', [0xfe, 0xed, 0xfa, 0xcf]], ['脚本 (#!)', [0x23, 0x21]],
];

export function sniff(b: Buffer, name: string): Sniffed {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') {
    return b.subarray(Math.max(0, b.length - 1024)).toString('latin1').includes('%%EOF') ? { format: 'PDF' } : { format: null, why: 'PDF 文件不完整（缺少 %%EOF）' };
  }
  const head = b.subarray(0, 64).toString('utf8').trimStart();
  if (name.endsWith('.json') && (head.startsWith('{') || head.startsWith('['))) {
    try {
      JSON.parse(b.toString('utf8'));
      return { format: 'JSON' };
    } catch (e) {
      return { format: null, why: `JSON 不能解析：${(e as Error).message}` };
    }
  }
  if (name.endsWith('.xml') && head.startsWith('<')) return { format: 'XML' };
  return { format: null, why: '不是可接收的归档格式（PDF、JSON、XML）' };
}

/** Encryption or compression the archive cannot open in fifty years (DA/T 70: 无非公开压缩/加密). */
export function sealedReason(b: Buffer): string | null {
  for (const [name, sig] of ARCHIVES) if (startsWith(b, sig)) return `${name} 压缩包`;
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46]) && /\/Encrypt[\s/<]/.test(b.toString('latin1'))) return '加密的 PDF（/Encrypt）';
  return null;
}

export function executableReason(b: Buffer): string | null {
  for (const [name, sig] of EXECUTABLES) if (startsWith(b, sig)) return name;
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) {
    const m = /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)[\s/<(]/.exec(b.toString('latin1'));
    if (m) return `PDF 含可执行或嵌入内容（/${m[1]}）`;
  }
  return null;
}
