import fs from 'node:fs';
import path from 'node:path';
import { digestHex, type Sm3Implementation } from '../digest';
import { readBag, type BagReport } from '../bagit/reader';
import type { BagProblemCode } from '../bagit/problems';
import { decodeTagBytes, tagValues } from '../bagit/tagfile';
import { ARCHIVE_STAGES, parseMetadataXml, parseProcessXml, RETENTIONS, type ArchiveMetadata, type ProcessEntry } from '../package/metadata';
import { executableReason, sealedReason, sniff } from './content';
import type { Check, CheckReport, CheckStage, Property } from './types';

export type { Check, CheckReport, CheckStage, Property } from './types';

/**
 * The four-property check (四性检测) of an archive package, item by item as DA/T 70-2018 numbers
 * them where the standard is clear (`GD-1-1 固化信息有效性`; security items the standard leaves
 * unnumbered carry the property digit only). Every item is reported, passing or not, so the
 * receipt and the verify command always show the same list. `bagitOnly` limits it to what
 * RFC 8493 alone decides.
 */
const ITEMS = {
  fixity: ['authenticity', '1-1', '固化信息有效性'],
  numberRule: ['authenticity', '1-7', '档号规范性'],
  duplicates: ['authenticity', '1-8', '重复性'],
  linkage: ['authenticity', '1-11', '元数据与内容关联'],
  consistency: ['authenticity', '1-14', '归档信息包一致性'],
  count: ['integrity', '2-1', '总件数'],
  bytes: ['integrity', '2-2', '总字节数'],
  required: ['integrity', '2-4', '必填著录项'],
  process: ['integrity', '2-5', '过程信息'],
  sequence: ['integrity', '2-6', '连续编号'],
  content: ['integrity', '2-7', '内容完整性'],
  parse: ['usability', '3-1', '信息包元数据可解析'],
  formats: ['usability', '3-3', '通用格式'],
  sealed: ['security', '4', '无非公开压缩或加密'],
  executable: ['security', '4', '无可执行内容'],
  paths: ['security', '4', '路径安全'],
  processSafe: ['security', '4-7', '归档过程安全可控'],
} as const satisfies Record<string, readonly [Property, string, string]>;
type ItemKey = keyof typeof ITEMS;
const BAGIT_ITEMS: ItemKey[] = ['fixity', 'duplicates', 'content', 'parse', 'paths'];

const PROBLEM_ITEM: Record<BagProblemCode, ItemKey> = {
  'digest-mismatch': 'fixity', 'tag-digest-mismatch': 'fixity',
  'manifest-duplicate': 'duplicates', 'normalization-clash': 'duplicates',
  'payload-missing': 'content', 'payload-unlisted': 'content', 'tag-missing': 'content', 'fetch-incomplete': 'content', 'data-missing': 'content',
  'manifest-missing': 'content', 'oxum-mismatch': 'content', 'bagit-missing': 'content', 'manifest-scope': 'content',
  'bagit-bom': 'parse', 'bagit-malformed': 'parse', 'bagit-version': 'parse', 'encoding-unsupported': 'parse', 'tag-undecodable': 'parse',
  'manifest-malformed': 'parse', 'bag-info-malformed': 'parse', 'fetch-malformed': 'parse',
  'path-unsafe': 'paths', 'fetch-unsafe': 'paths', symlink: 'paths',
};

/** 办件编号 as CaseService numbers them: SH-<大厅编码>-<日期>-<序号>. */
export const CASE_NUMBER = /^SH-[A-Z0-9]{2,8}-\d{8}-\d{4,}$/;
/** Files the package must carry beyond what BagIt itself requires. */
const REQUIRED_FILES = ['data/case.json', 'metadata/metadata.xml', 'metadata/process.xml'];
const COVERED_TAGS = ['bag-info.txt', 'metadata/metadata.xml', 'metadata/process.xml'];
/** How far the GB/T 42727 process must have gone when each stage checks: through 生成校验信息, through 数据交换. */
const STAGES_BEFORE: Record<CheckStage, number> = { GD: 5, YJ: 7 };

export interface CheckOptions {
  stage?: CheckStage;
  bagitOnly?: boolean;
  sm3?: Sm3Implementation;
}

export function checkArchive(dir: string, o: CheckOptions = {}): CheckReport {
  const stage = o.stage ?? 'GD';
  const found = new Map<ItemKey, string[]>();
  const fail = (k: ItemKey, why: string) => found.set(k, [...(found.get(k) ?? []), why]);
  const bag = readBag(dir, { sm3: o.sm3 });
  for (const p of bag.problems) fail(PROBLEM_ITEM[p.code], p.detail);
  const keys = o.bagitOnly ? BAGIT_ITEMS : (Object.keys(ITEMS) as ItemKey[]);
  if (!o.bagitOnly) {
    if (bag.version === null) for (const k of keys) if (!BAGIT_ITEMS.includes(k)) fail(k, '文件包声明（bagit.txt）不可读，未能检测');
    if (bag.version !== null) packageChecks(dir, bag, stage, fail, o.sm3);
  }
  const checks: Check[] = keys.map((k) => {
    const [property, num, name] = ITEMS[k];
    const why = found.get(k) ?? [];
    return { property, item: `${stage}-${num} ${name}`, ok: why.length === 0, detail: why.length === 0 ? '通过' : why.join('；') };
  });
  return { ok: checks.every((c) => c.ok), checks };
}

function packageChecks(dir: string, bag: BagReport, stage: CheckStage, fail: (k: ItemKey, why: string) => void, sm3?: Sm3Implementation): void {
  const has = new Set([...bag.payload, ...bag.tagFiles].map((f) => f.path));
  for (const f of REQUIRED_FILES) if (!has.has(f)) fail('content', `缺少 ${f}`);
  for (const alg of ['sha256', 'sm3']) {
    if (!has.has(`manifest-${alg}.txt`)) fail('fixity', `缺少 manifest-${alg}.txt`);
    const tm = `tagmanifest-${alg}.txt`;
    if (!has.has(tm)) fail('fixity', `缺少 ${tm}`);
    else {
      const listed = readText(dir, tm, bag) ?? '';
      for (const t of COVERED_TAGS) if (!listed.split(/\r?\n/).some((l) => l.trim().endsWith(` ${t}`))) fail('fixity', `${tm} 未覆盖 ${t}`);
    }
  }

  let meta: { metadata: ArchiveMetadata; declared: { count: string; bytes: string } } | null = null;
  let process: ProcessEntry[] | null = null;
  let record: Record<string, unknown> | null = null;
  const parse = <T>(rel: string, fn: (s: string) => T): T | null => {
    if (!has.has(rel)) return null;
    try {
      return fn(fs.readFileSync(path.join(dir, rel), 'utf8'));
    } catch (e) {
      fail('parse', `${rel} 不能解析：${(e as Error).message}`);
      return null;
    }
  };
  meta = parse('metadata/metadata.xml', parseMetadataXml);
  process = parse('metadata/process.xml', parseProcessXml);
  record = parse('data/case.json', (s) => JSON.parse(s) as Record<string, unknown>);

  const payloadBytes = bag.payload.reduce((s, f) => s + f.size, 0);
  const payloadByPath = new Map(bag.payload.map((f) => [f.path.normalize('NFC'), f]));
  for (const f of bag.payload) {
    const bytes = fs.readFileSync(path.join(dir, f.path));
    const kind = sniff(bytes, f.path);
    if (kind.format === null) fail('formats', `${f.path}：${kind.why}`);
    const sealed = sealedReason(bytes);
    if (sealed) fail('sealed', `${f.path}：${sealed}`);
    const exe = executableReason(bytes);
    if (exe) fail('executable', `${f.path}：${exe}`);
  }

  const infoNumber = tagValues(bag.info, '办件编号');
  const infoItem = tagValues(bag.info, '事项编码');
  if (infoNumber.length !== 1) fail('required', 'bag-info.txt 须有一条“办件编号”');
  if (infoItem.length !== 1) fail('required', 'bag-info.txt 须有一条“事项编码”');
  const head = tagValues(bag.info, 'Audit-Head');
  if (head.length !== 1 || !/^\d+:[0-9a-f]{64}$/.test(head[0]!)) fail('processSafe', 'bag-info.txt 未记录工作站审计链头（Audit-Head: 序号:摘要）');

  if (meta) {
    const m = meta.metadata;
    if (!CASE_NUMBER.test(m.caseNumber)) fail('numberRule', `档号“${m.caseNumber}”不符合 SH-大厅编码-日期-序号 规则`);
    const required: [string, string][] = [
      ['档号', m.caseNumber], ['电子文件号', m.caseId], ['题名', m.title], ['立档单位名称', m.fonds], ['责任者', m.department], ['日期', m.date],
      ['事项编码', m.item.code], ['事项名称', m.item.name], ['事项版本', m.item.version], ['申请人名称', m.applicant.name],
    ];
    for (const [name, v] of required) if (v.trim() === '') fail('required', `${name}为空`);
    if (!RETENTIONS.includes(m.retention)) fail('required', `保管期限“${m.retention}”不是 永久/30年/10年`);
    for (const f of m.files) if (!f.title || !f.path || !f.format) fail('required', `件号 ${f.seq} 缺少题名、计算机文件名或格式信息`);

    if (infoNumber[0] !== undefined && infoNumber[0] !== m.caseNumber) fail('consistency', `bag-info 办件编号 ${infoNumber[0]} 与元数据档号 ${m.caseNumber} 不一致`);
    if (infoItem[0] !== undefined && infoItem[0] !== m.item.code) fail('consistency', `bag-info 事项编码 ${infoItem[0]} 与元数据 ${m.item.code} 不一致`);
    if (record && record.caseNumber !== m.caseNumber) fail('consistency', `办件记录编号 ${String(record.caseNumber)} 与元数据档号不一致`);
    if (record && record.itemCode !== m.item.code) fail('consistency', `办件记录事项编码 ${String(record.itemCode)} 与元数据不一致`);

    const seen = new Set<string>();
    const seqs = new Set<number>();
    for (const f of m.files) {
      const key = f.path.normalize('NFC');
      if (seen.has(key)) fail('duplicates', `元数据重复著录 ${f.path}`);
      if (seqs.has(f.seq)) fail('duplicates', `件号 ${f.seq} 重复`);
      seen.add(key);
      seqs.add(f.seq);
      const actual = payloadByPath.get(key);
      if (!actual) {
        fail('linkage', `元数据著录的 ${f.path} 不在载荷中`);
        continue;
      }
      if (actual.size !== f.size) fail('linkage', `${f.path} 实为 ${actual.size} 字节，元数据著录为 ${f.size}`);
      const digest = bag.manifests.sm3?.get(key) ?? digestHex('sm3', fs.readFileSync(path.join(dir, actual.path)), sm3);
      if (digest.toLowerCase() !== f.sm3.toLowerCase()) fail('linkage', `${f.path} 的 SM3 摘要与元数据著录不符`);
      const kind = sniff(fs.readFileSync(path.join(dir, actual.path)), actual.path);
      if (kind.format !== null && kind.format !== f.format) fail('formats', `${f.path} 实为 ${kind.format}，元数据著录为 ${f.format}`);
    }
    for (const f of bag.payload) if (!seen.has(f.path.normalize('NFC'))) fail('linkage', `载荷文件 ${f.path} 未在元数据中著录`);
    const sorted = [...seqs].sort((a, b) => a - b);
    sorted.forEach((s, i) => {
      if (s !== i + 1) fail('sequence', `件号应为 1–${m.files.length} 连续编号，第 ${i + 1} 件为 ${s}`);
    });

    if (meta.declared.count !== String(m.files.length)) fail('count', `总件数著录为 ${meta.declared.count}，文件清单有 ${m.files.length} 件`);
    if (m.files.length !== bag.payload.length) fail('count', `元数据著录 ${m.files.length} 件，载荷实有 ${bag.payload.length} 件`);
    const listedBytes = m.files.reduce((s, f) => s + f.size, 0);
    if (meta.declared.bytes !== String(listedBytes)) fail('bytes', `总字节数著录为 ${meta.declared.bytes}，文件清单合计 ${listedBytes}`);
    if (listedBytes !== payloadBytes) fail('bytes', `元数据著录 ${listedBytes} 字节，载荷实有 ${payloadBytes} 字节`);

    if (m.steps.length === 0) fail('process', '元数据未记录办理过程（业务行为）');
    for (const s of m.steps) if (!s.action || !s.at || !s.actor) fail('process', `业务行为 ${s.seq} 缺少行为名称、时间或机构人员`);
    const actions = new Set(m.steps.map((s) => s.action));
    const needed = actions.has('不予受理') ? ['收件', '不予受理'] : ['收件', '受理', '办结', '送达'];
    for (const a of needed) if (!actions.has(a)) fail('process', `办理过程缺少“${a}”环节`);
  } else if (has.has('metadata/metadata.xml')) {
    for (const k of ['count', 'bytes', 'required', 'sequence', 'linkage', 'consistency', 'numberRule'] as const) fail(k, 'metadata/metadata.xml 不能解析，未能检测');
  }

  if (process) {
    const want = STAGES_BEFORE[stage];
    process.forEach((e, i) => {
      if (e.seq !== i + 1 || e.stage !== ARCHIVE_STAGES[i]) fail('process', `归档过程第 ${i + 1} 环节应为“${ARCHIVE_STAGES[i] ?? '（无）'}”，实为“${e.stage}”`);
      if (!e.at || !e.actor) fail('processSafe', `归档环节“${e.stage}”未记录时间或执行者`);
    });
    if (process.length < want) fail('process', `归档过程应至少记录到“${ARCHIVE_STAGES[want - 1]}”，只到“${process[process.length - 1]?.stage ?? '（无）'}”`);
  }
}

function readText(dir: string, rel: string, bag: BagReport): string | null {
  try {
    return decodeTagBytes(fs.readFileSync(path.join(dir, rel)), bag.encoding ?? 'utf-8');
  } catch {
    return null;
  }
}
