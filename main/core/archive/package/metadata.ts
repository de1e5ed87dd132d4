import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The archive package's description of the case, with the DA/T 46-2009 / GB/T 18894-2016
 * elements a government-service case needs: file entity (聚合层次, 来源, 电子文件号, 档号,
 * 题名, 责任者, 日期, 保管期限, each file's 计算机文件名/大小/格式/摘要), business entity
 * (each step's 业务行为, 行为时间, 机构人员名称) and the GB/T 42727 archiving process. Written
 * to `metadata/metadata.xml` and `metadata/process.xml` (tag files, covered by the tag manifests).
 */
export type Retention = '永久' | '30年' | '10年';
export const RETENTIONS: readonly Retention[] = ['永久', '30年', '10年'];

export type FileCategory = '办件记录' | '申请材料' | '通知书' | '办理结果' | '签名' | '评价';

export interface ArchiveFile {
  /** 件内序号, 1..N without gaps (DA/T 70 完整性 6 连续编号). */
  seq: number;
  category: FileCategory;
  title: string;
  /** Path inside the bag (`data/...`). */
  path: string;
  size: number;
  format: string;
  sm3: string;
}

export interface BusinessStep {
  seq: number;
  action: string;
  at: string;
  actor: string;
  counter: string;
}

export interface ArchiveMetadata {
  caseId: string;
  caseNumber: string;
  title: string;
  fonds: string;
  department: string;
  date: string;
  retention: Retention;
  item: { code: string; name: string; version: string; scenario: string };
  applicant: { type: string; name: string; idNumber: string };
  files: ArchiveFile[];
  steps: BusinessStep[];
}

/** GB/T 42727-2023 §6, in order. */
export const ARCHIVE_STAGES = ['收集', '整理', '清点', '形成归档信息包', '生成校验信息', '归档检测', '数据交换', '接收检测', '登记', '入库'] as const;
export type ArchiveStage = (typeof ARCHIVE_STAGES)[number];

export interface ProcessEntry {
  seq: number;
  stage: ArchiveStage;
  at: string;
  actor: string;
  result: string;
}

const esc = (s: string | number): string =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    // Control characters other than tab/newline cannot appear in XML 1.0 at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const el = (name: string, value: string | number, indent = '    ') => `${indent}<${name}>${esc(value)}</${name}>\n`;

export function metadataXml(m: ArchiveMetadata): string {
  const totalBytes = m.files.reduce((s, f) => s + f.size, 0);
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<电子文件元数据 标准="DA/T 46-2009; GB/T 18894-2016; GB/T 42727-2023">\n'
    + '  <文件实体>\n'
    + el('聚合层次', '件')
    + `    <来源>\n${el('立档单位名称', m.fonds, '      ')}    </来源>\n`
    + el('电子文件号', m.caseId)
    + el('档号', m.caseNumber)
    + el('办件编号', m.caseNumber)
    + el('题名', m.title)
    + el('责任者', m.department)
    + el('日期', m.date)
    + el('保管期限', m.retention)
    + el('密级', '无')
    + `    <事项>\n${el('事项编码', m.item.code, '      ')}${el('事项名称', m.item.name, '      ')}${el('事项版本', m.item.version, '      ')}${el('情形', m.item.scenario, '      ')}    </事项>\n`
    + `    <申请人>\n${el('类型', m.applicant.type, '      ')}${el('名称', m.applicant.name, '      ')}${el('证件号码', m.applicant.idNumber, '      ')}    </申请人>\n`
    + `    <文件清单 总件数="${m.files.length}" 总字节数="${totalBytes}">\n`
    + m.files.map((f) => `      <文件 件号="${f.seq}" 类别="${esc(f.category)}">\n`
      + el('题名', f.title, '        ') + el('计算机文件名', f.path, '        ') + el('计算机文件大小', f.size, '        ') + el('格式信息', f.format, '        ')
      + `        <摘要 算法="SM3">${esc(f.sm3)}</摘要>\n      </文件>\n`).join('')
    + '    </文件清单>\n'
    + '  </文件实体>\n'
    + '  <业务实体>\n'
    + m.steps.map((s) => `    <业务行为 序号="${s.seq}">\n${el('行为名称', s.action, '      ')}${el('行为时间', s.at, '      ')}${el('机构人员名称', s.actor, '      ')}${el('窗口', s.counter, '      ')}    </业务行为>\n`).join('')
    + '  </业务实体>\n'
    + '</电子文件元数据>\n';
}

export function processXml(entries: ProcessEntry[]): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<归档过程 标准="GB/T 42727-2023">\n'
    + entries.map((e) => `  <环节 序号="${e.seq}">\n${el('名称', e.stage)}${el('时间', e.at)}${el('执行者', e.actor)}${el('结果', e.result)}  </环节>\n`).join('')
    + '</归档过程>\n';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name: string) => ['文件', '业务行为', '环节'].includes(name),
});

type Node = Record<string, unknown>;
const text = (n: unknown): string => (n == null ? '' : typeof n === 'object' ? String((n as Node)['#text'] ?? '') : String(n));
const node = (n: unknown): Node => (n && typeof n === 'object' ? (n as Node) : {});

/** Parses what metadataXml wrote; throws with the reason when the XML is not well-formed. */
export function parseMetadataXml(xml: string): { metadata: ArchiveMetadata; declared: { count: string; bytes: string } } {
  const v = XMLValidator.validate(xml);
  if (v !== true) throw new Error(`第 ${v.err.line} 行：${v.err.msg}`);
  const root = node(parser.parse(xml)['电子文件元数据']);
  const fe = node(root['文件实体']);
  const list = node(fe['文件清单']);
  const item = node(fe['事项']);
  const applicant = node(fe['申请人']);
  const files = ((list['文件'] as unknown[]) ?? []).map((x) => {
    const f = node(x);
    return {
      seq: Number(f['@件号']), category: text(f['@类别']) as FileCategory, title: text(f['题名']), path: text(f['计算机文件名']),
      size: Number(text(f['计算机文件大小'])), format: text(f['格式信息']), sm3: text(f['摘要']),
    };
  });
  const steps = ((node(root['业务实体'])['业务行为'] as unknown[]) ?? []).map((x) => {
    const s = node(x);
    return { seq: Number(s['@序号']), action: text(s['行为名称']), at: text(s['行为时间']), actor: text(s['机构人员名称']), counter: text(s['窗口']) };
  });
  return {
    metadata: {
      caseId: text(fe['电子文件号']), caseNumber: text(fe['档号']), title: text(fe['题名']), fonds: text(node(fe['来源'])['立档单位名称']),
      department: text(fe['责任者']), date: text(fe['日期']), retention: text(fe['保管期限']) as Retention,
      item: { code: text(item['事项编码']), name: text(item['事项名称']), version: text(item['事项版本']), scenario: text(item['情形']) },
      applicant: { type: text(applicant['类型']), name: text(applicant['名称']), idNumber: text(applicant['证件号码']) },
      files, steps,
    },
    declared: { count: text(list['@总件数']), bytes: text(list['@总字节数']) },
  };
}

export function parseProcessXml(xml: string): ProcessEntry[] {
  const v = XMLValidator.validate(xml);
  if (v !== true) throw new Error(`第 ${v.err.line} 行：${v.err.msg}`);
  const root = node(parser.parse(xml)['归档过程']);
  return ((root['环节'] as unknown[]) ?? []).map((x) => {
    const e = node(x);
    return { seq: Number(e['@序号']), stage: text(e['名称']) as ArchiveStage, at: text(e['时间']), actor: text(e['执行者']), result: text(e['结果']) };
  });
}
