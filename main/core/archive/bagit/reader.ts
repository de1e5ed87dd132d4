import fs from 'node:fs';
import path from 'node:path';
import { createHasher, isDigestAlgorithm, type DigestAlgorithm, type Sm3Implementation } from '../digest';
import { manifestPath, pathKey, unsafePathReason } from './paths';
import type { BagProblem } from './problems';
import { decodeTagBytes, parseEncoding, parseTagEntries, splitLines, tagValues, type TagEncoding, type TagEntry } from './tagfile';

export interface BagFile {
  /** Relative, `/`-separated, as on disk. */
  path: string;
  size: number;
}

export interface BagReport {
  valid: boolean;
  problems: BagProblem[];
  /** Things a conformance suite calls warnings: the bag is still valid. */
  warnings: string[];
  version: string | null;
  encoding: TagEncoding | null;
  info: TagEntry[];
  payload: BagFile[];
  tagFiles: BagFile[];
  /** Supported algorithms with a payload manifest, and the digest of every payload file in each. */
  manifests: Partial<Record<DigestAlgorithm, Map<string, string>>>;
}

const SUPPORTED_VERSIONS = new Set(['0.93', '0.94', '0.95', '0.96', '0.97', '1.0']);
const MANIFEST = /^(tag)?manifest-([A-Za-z0-9]+)\.txt$/;

/**
 * Validates a bag on disk against RFC 8493 (complete and valid, §3): every problem is collected,
 * not just the first (bagit-python's way), so the archive check can report item by item.
 */
export function readBag(dir: string, opts: { sm3?: Sm3Implementation } = {}): BagReport {
  const r: BagReport = { valid: false, problems: [], warnings: [], version: null, encoding: null, info: [], payload: [], tagFiles: [], manifests: {} };
  const problem = (p: BagProblem) => r.problems.push(p);

  if (!readDeclaration(dir, r)) return r;
  const enc = r.encoding!;
  const readTag = (rel: string): string | null => {
    try {
      return decodeTagBytes(fs.readFileSync(path.join(dir, rel)), enc);
    } catch (e) {
      problem({ code: 'tag-undecodable', path: rel, detail: `${rel} 不能按 ${enc} 解码：${(e as Error).message}` });
      return null;
    }
  };

  const all = listFiles(dir, r);
  const byKey = new Map<string, BagFile>();
  for (const f of all) {
    const key = pathKey(f.path);
    const other = byKey.get(key);
    if (other) problem({ code: 'normalization-clash', path: f.path, detail: `“${f.path}”与“${other.path}”仅 Unicode 规范化形式不同` });
    else byKey.set(key, f);
  }
  if (!fs.existsSync(path.join(dir, 'data')) || !fs.statSync(path.join(dir, 'data')).isDirectory()) {
    problem({ code: 'data-missing', detail: '缺少 data/ 载荷目录' });
  }
  r.payload = all.filter((f) => f.path.startsWith('data/'));
  r.tagFiles = all.filter((f) => !f.path.startsWith('data/'));
  const isPayload = (key: string) => key.startsWith('data/');

  // Manifests: which files each lists, then completeness, then digests (one read per file).
  const wanted = new Map<string, Map<DigestAlgorithm, string[]>>(); // key → alg → expected digests
  const expect = (key: string, alg: DigestAlgorithm, digest: string) => {
    const m = wanted.get(key) ?? new Map<DigestAlgorithm, string[]>();
    m.set(alg, [...(m.get(alg) ?? []), digest.toLowerCase()]);
    wanted.set(key, m);
  };
  const payloadKeys = new Set(r.payload.map((f) => pathKey(f.path)));
  const tagListed: string[] = [];
  for (const f of r.tagFiles) {
    const m = MANIFEST.exec(f.path);
    if (!m) continue;
    const tag = m[1] === 'tag';
    const alg = m[2]!.toLowerCase();
    if (!isDigestAlgorithm(alg)) {
      r.warnings.push(`${f.path}：不支持的摘要算法 ${alg}，未校验`);
      continue;
    }
    const text = readTag(f.path);
    if (text === null) continue;
    const listed = new Map<string, string>();
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return;
      const mm = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(line);
      if (!mm) {
        problem({ code: 'manifest-malformed', path: f.path, detail: `${f.path} 第 ${i + 1} 行不是“摘要 路径”格式` });
        return;
      }
      const p = manifestPath(mm[2]!);
      const unsafe = unsafePathReason(p);
      if (unsafe) {
        problem({ code: 'path-unsafe', path: p, detail: `${f.path} 列出了越出文件包的路径“${p}”（${unsafe}）` });
        return;
      }
      const key = pathKey(p);
      if (listed.has(key)) {
        problem({ code: 'manifest-duplicate', path: p, detail: `${f.path} 重复列出“${p}”` });
        return;
      }
      if (tag === isPayload(key)) {
        problem({ code: 'manifest-scope', path: p, detail: tag ? `标签清单 ${f.path} 列出了载荷文件“${p}”` : `载荷清单 ${f.path} 列出了 data/ 以外的“${p}”` });
        return;
      }
      listed.set(key, mm[1]!);
      expect(key, alg, mm[1]!);
      if (tag) tagListed.push(key);
    });
    if (!tag) {
      r.manifests[alg] = listed;
      for (const key of payloadKeys) {
        if (!listed.has(key)) problem({ code: 'payload-unlisted', path: byKey.get(key)!.path, detail: `${f.path} 未列出载荷文件“${byKey.get(key)!.path}”` });
      }
    }
  }
  if (Object.keys(r.manifests).length === 0) problem({ code: 'manifest-missing', detail: '没有可校验的载荷清单（manifest-<算法>.txt）' });

  const fetched = readFetch(r, readTag, byKey);
  for (const [key, algs] of wanted) {
    const file = byKey.get(key);
    if (!file) {
      if (isPayload(key) && fetched.has(key)) problem({ code: 'fetch-incomplete', path: key, detail: `“${key}”须按 fetch.txt 获取，文件包不完整` });
      else if (isPayload(key)) problem({ code: 'payload-missing', path: key, detail: `清单列出的“${key}”不在文件包中` });
      else problem({ code: 'tag-missing', path: key, detail: `标签清单列出的“${key}”不在文件包中` });
      continue;
    }
    const found = hashFile(path.join(dir, file.path), [...algs.keys()], opts.sm3);
    for (const [alg, digests] of algs) {
      for (const d of digests) {
        if (d !== found[alg]) {
          problem({
            code: isPayload(key) ? 'digest-mismatch' : 'tag-digest-mismatch',
            path: file.path,
            detail: `“${file.path}”的 ${alg} 摘要不符：清单为 ${d}，实为 ${found[alg]}`,
          });
        }
      }
    }
  }

  if (r.tagFiles.some((f) => f.path === 'bag-info.txt')) {
    const text = readTag('bag-info.txt');
    if (text !== null) {
      const { entries, errors } = parseTagEntries(text);
      r.info = entries;
      for (const e of errors) problem({ code: 'bag-info-malformed', path: 'bag-info.txt', detail: `bag-info.txt ${e}` });
      checkOxum(r);
    }
  }
  r.valid = r.problems.length === 0;
  return r;
}

function readDeclaration(dir: string, r: BagReport): boolean {
  const p = path.join(dir, 'bagit.txt');
  if (!fs.existsSync(p)) {
    r.problems.push({ code: 'bagit-missing', path: 'bagit.txt', detail: '缺少 bagit.txt' });
    return false;
  }
  const bytes = fs.readFileSync(p);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    r.problems.push({ code: 'bagit-bom', path: 'bagit.txt', detail: 'bagit.txt 以 BOM 开头（RFC 8493 §2.1.1 不允许）' });
    return false;
  }
  let text: string;
  try {
    text = decodeTagBytes(bytes, 'utf-8');
  } catch {
    r.problems.push({ code: 'bagit-malformed', path: 'bagit.txt', detail: 'bagit.txt 不是 UTF-8 文本' });
    return false;
  }
  const { entries, errors } = parseTagEntries(text);
  const version = tagValues(entries, 'BagIt-Version');
  const encoding = tagValues(entries, 'Tag-File-Character-Encoding');
  if (errors.length > 0 || version.length !== 1 || encoding.length !== 1) {
    const what = [...errors, version.length !== 1 ? '须有且仅有一行 BagIt-Version' : '', encoding.length !== 1 ? '须有且仅有一行 Tag-File-Character-Encoding' : ''].filter(Boolean);
    r.problems.push({ code: 'bagit-malformed', path: 'bagit.txt', detail: `bagit.txt：${what.join('；')}` });
    return false;
  }
  if (!/^\d+\.\d+$/.test(version[0]!) || !SUPPORTED_VERSIONS.has(version[0]!)) {
    r.problems.push({ code: 'bagit-version', path: 'bagit.txt', detail: `不支持的 BagIt 版本“${version[0]}”` });
    return false;
  }
  const enc = parseEncoding(encoding[0]!);
  if (!enc) {
    r.problems.push({ code: 'encoding-unsupported', path: 'bagit.txt', detail: `不支持的标签文件编码“${encoding[0]}”` });
    return false;
  }
  r.version = version[0]!;
  r.encoding = enc;
  return true;
}

function listFiles(dir: string, r: BagReport): BagFile[] {
  const out: BagFile[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) r.problems.push({ code: 'symlink', path: child, detail: `“${child}”是符号链接，文件包内不允许` });
      else if (d.isDirectory()) walk(child);
      else if (d.isFile()) out.push({ path: child, size: fs.statSync(path.join(dir, child)).size });
    }
  };
  walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function readFetch(r: BagReport, readTag: (rel: string) => string | null, byKey: Map<string, BagFile>): Set<string> {
  const keys = new Set<string>();
  if (!byKey.has('fetch.txt')) return keys;
  const text = readTag('fetch.txt');
  if (text === null) return keys;
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(\S+)[ \t]+(\d+|-)[ \t]+(.+)$/.exec(line);
    if (!m) {
      r.problems.push({ code: 'fetch-malformed', path: 'fetch.txt', detail: `fetch.txt 第 ${i + 1} 行不是“URL 长度 路径”格式` });
      return;
    }
    const p = manifestPath(m[3]!);
    const unsafe = unsafePathReason(p) ?? (p.startsWith('data/') ? null : '不在 data/ 下');
    if (unsafe) r.problems.push({ code: 'fetch-unsafe', path: p, detail: `fetch.txt 列出了越出载荷的路径“${p}”（${unsafe}）` });
    else keys.add(pathKey(p));
  });
  return keys;
}

function hashFile(file: string, algs: DigestAlgorithm[], sm3?: Sm3Implementation): Partial<Record<DigestAlgorithm, string>> {
  const hashers = algs.map((a) => [a, createHasher(a, sm3)] as const);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      for (const [, h] of hashers) h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return Object.fromEntries(hashers.map(([a, h]) => [a, h.digest('hex')]));
}

function checkOxum(r: BagReport): void {
  const oxum = tagValues(r.info, 'Payload-Oxum');
  if (oxum.length === 0) return;
  const m = /^(\d+)\.(\d+)$/.exec(oxum[0]!);
  if (!m) {
    r.problems.push({ code: 'bag-info-malformed', path: 'bag-info.txt', detail: `Payload-Oxum“${oxum[0]}”不是“字节数.文件数”格式` });
    return;
  }
  const bytes = r.payload.reduce((s, f) => s + f.size, 0);
  if (Number(m[1]) !== bytes || Number(m[2]) !== r.payload.length) {
    r.problems.push({ code: 'oxum-mismatch', path: 'bag-info.txt', detail: `Payload-Oxum 为 ${oxum[0]}，实际载荷为 ${bytes}.${r.payload.length}` });
  }
}
