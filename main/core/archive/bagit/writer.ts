import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../../../common/errors';
import { digestHex, type DigestAlgorithm, type Sm3Implementation } from '../digest';
import { encodePath, pathKey, unsafePathReason } from './paths';

export interface BagEntry {
  /** Relative path, `/`-separated: under `data/` for payload, else a tag file. */
  path: string;
  data: Buffer;
}

export interface WriteBagOptions {
  payload: BagEntry[];
  /** bag-info.txt entries in order; Payload-Oxum and Bagging-Date are added. */
  info: [string, string][];
  /** Extra tag files (metadata XML, process info), covered by the tag manifests. */
  tags?: BagEntry[];
  algorithms: DigestAlgorithm[];
  baggingDate: string;
  sm3?: Sm3Implementation;
}

/**
 * Writes a BagIt 1.0 bag (UTF-8 tag files) into `dir` (replacing it): payload, one
 * manifest and one tag manifest per algorithm, bag-info.txt with Payload-Oxum. Refuses names
 * that leave the bag, repeat, or differ only in Unicode normalization (RFC 8493 §3: a bag must
 * never hold such a pair). Written to `<dir>.tmp` and renamed, so a crash leaves no half bag.
 */
export function writeBag(dir: string, o: WriteBagOptions): void {
  const seen = new Set<string>();
  for (const e of [...o.payload, ...(o.tags ?? [])]) {
    const unsafe = unsafePathReason(e.path) ?? (e.path.includes('\\') ? '含反斜杠' : null);
    if (unsafe) throw new DeskError('ARCHIVE_PATH_UNSAFE', `归档文件名“${e.path}”不可用（${unsafe}）。`);
    const key = pathKey(e.path);
    if (seen.has(key)) throw new DeskError('ARCHIVE_PATH_DUPLICATE', `归档文件名“${e.path}”重复（含仅 Unicode 规范化不同的同名文件）。`);
    seen.add(key);
  }
  for (const e of o.payload) if (!e.path.startsWith('data/')) throw new DeskError('ARCHIVE_PATH_UNSAFE', `载荷文件“${e.path}”须在 data/ 下。`);
  for (const e of o.tags ?? []) if (e.path.startsWith('data/') || /^(tag)?manifest-|^bag(it|-info)\.txt$/.test(e.path)) {
    throw new DeskError('ARCHIVE_PATH_UNSAFE', `标签文件名“${e.path}”与载荷或 BagIt 保留文件冲突。`);
  }

  const tmp = `${dir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const put = (rel: string, data: Buffer | string) => {
    const file = path.join(tmp, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  };
  fs.mkdirSync(path.join(tmp, 'data'), { recursive: true });
  const tagFiles: BagEntry[] = [];
  const tag = (rel: string, text: string | Buffer) => {
    const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    put(rel, data);
    tagFiles.push({ path: rel, data });
  };

  for (const e of o.payload) put(e.path, e.data);
  tag('bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  const bytes = o.payload.reduce((s, e) => s + e.data.length, 0);
  const info: [string, string][] = [...o.info, ['Bagging-Date', o.baggingDate], ['Payload-Oxum', `${bytes}.${o.payload.length}`]];
  tag('bag-info.txt', info.map(([k, v]) => `${k}: ${v.replace(/\r?\n/g, '\n  ')}\n`).join(''));
  for (const t of o.tags ?? []) tag(t.path, t.data);
  for (const alg of o.algorithms) {
    tag(`manifest-${alg}.txt`, o.payload.map((e) => `${digestHex(alg, e.data, o.sm3)}  ${encodePath(e.path)}\n`).join(''));
  }
  const covered = [...tagFiles];
  for (const alg of o.algorithms) {
    put(`tagmanifest-${alg}.txt`, covered.map((e) => `${digestHex(alg, e.data, o.sm3)}  ${encodePath(e.path)}\n`).join(''));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

/**
 * Recomputes every tag manifest over the tag files now in the bag, after a later archiving stage
 * appended to one (process.xml): payload and payload manifests are untouched, so the payload's
 * fixity from the first writing still holds.
 */
export function rewriteTagManifests(dir: string, algorithms: DigestAlgorithm[], sm3?: Sm3Implementation): void {
  const tags: BagEntry[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (child === 'data' || /^tagmanifest-/.test(child)) continue;
      if (d.isDirectory()) walk(child);
      else if (d.isFile()) tags.push({ path: child, data: fs.readFileSync(path.join(dir, child)) });
    }
  };
  walk('');
  tags.sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const alg of algorithms) {
    const text = tags.map((e) => `${digestHex(alg, e.data, sm3)}  ${encodePath(e.path)}\n`).join('');
    const file = path.join(dir, `tagmanifest-${alg}.txt`);
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  }
}
