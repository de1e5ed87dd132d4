import { maskIdNumber } from '../../../../common/identity/resident-id';
import { maskPersonName } from '../../../../common/identity/name';
import { DeskError } from '../../../../common/errors';
import type { CaseDetail } from '../../cases/queries';
import type { CaseState } from '../../cases/states';
import { checkArchive, type CheckReport } from '../checks';
import { digestHex } from '../digest';
import { writeBag, type BagEntry } from '../bagit/writer';
import { metadataXml, processXml, type ArchiveFile, type ArchiveMetadata, type BusinessStep, type FileCategory, type ProcessEntry, type Retention } from './metadata';
import { imagesToPdf, isImageMime } from './pdf';
import { appendStage, PACKAGE_ALGORITHMS } from './process';

/** One document of the case as collected (收集): a material's pages, a notice, a signature, … */
export interface CollectedDocument {
  category: Exclude<FileCategory, '办件记录' | '评价'>;
  title: string;
  /** Already PDF, or scanned page images to convert. */
  pages: { bytes: Buffer; mime: string }[];
}

export interface PackageInput {
  detail: CaseDetail;
  hallName: string;
  department: string;
  retention: Retention;
  documents: CollectedDocument[];
  /** Signature records with their verification at archiving time (DA/T 97: verify then, record the result). */
  signatures: { id: string; purpose: string; signerName: string; signedAt: string; bindingVerified: boolean }[];
  rating: Record<string, unknown> | null;
  auditHead: { workstation: string; seq: number; mac: string };
  staffName: (staffId: string) => string;
  /** Who runs the archiving on this workstation (`工作站 <id>`). */
  actor: string;
  now: () => Date;
}

export interface BuiltPackage {
  dir: string;
  metadata: ArchiveMetadata;
  report: CheckReport;
}

const STEP_NAMES: Partial<Record<CaseState, string>> = {
  draft: '收件', accepted: '受理', 'correction-requested': '补正告知', rejected: '不予受理', 'in-review': '审查', completed: '办结', 'result-issued': '送达',
};

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t%~]/g, '_').slice(0, 60);

/**
 * Builds a case's archive package (GB/T 42727 §6 stages 收集 → 归档检测) into `dir` as a BagIt
 * bag: data/case.json, each document as PDF, metadata/metadata.xml and metadata/process.xml,
 * SHA-256 and SM3 manifests. Runs the four-property check (GD) and refuses to hand out a
 * package that fails it.
 */
export async function buildArchivePackage(dir: string, p: PackageInput): Promise<BuiltPackage> {
  const c = p.detail;
  if (!c.caseNumber) throw new DeskError('ARCHIVE_NO_NUMBER', '办件尚未编号，不能归档。');
  if (c.state !== 'result-issued' && c.state !== 'rejected' && c.state !== 'archived') {
    throw new DeskError('ARCHIVE_NOT_READY', `办件 ${c.caseNumber} 尚未办结出件，不能归档。`);
  }
  const process: ProcessEntry[] = [];
  const stage = (s: ProcessEntry['stage'], result: string) => process.push({ seq: process.length + 1, stage: s, at: p.now().toISOString(), actor: p.actor, result });

  const collected = p.documents.reduce((s, d) => s + d.pages.length, 0);
  stage('收集', `收集办件记录 1 份、文档 ${p.documents.length} 件（${collected} 页/文件）、签名 ${p.signatures.length} 个${p.rating ? '、评价 1 份' : ''}`);

  // 整理: every document to one PDF, numbered in a fixed order.
  const payload: BagEntry[] = [];
  const files: ArchiveFile[] = [];
  let converted = 0;
  const add = (category: FileCategory, title: string, rel: string, data: Buffer, format: string) => {
    payload.push({ path: rel, data });
    files.push({ seq: files.length + 1, category, title, path: rel, size: data.length, format, sm3: digestHex('sm3', data) });
  };
  const record = { ...c, signatures: p.signatures, archivedBy: p.actor };
  add('办件记录', `${c.caseNumber} 办件记录`, 'data/case.json', Buffer.from(JSON.stringify(record, null, 2)), 'JSON');
  const folder: Record<CollectedDocument['category'], string> = { 申请材料: 'materials', 通知书: 'notices', 办理结果: 'results', 签名: 'signatures' };
  for (const d of p.documents) {
    let pdf: Buffer;
    if (d.pages.length === 1 && d.pages[0]!.mime === 'application/pdf') pdf = d.pages[0]!.bytes;
    else if (d.pages.every((x) => isImageMime(x.mime))) {
      pdf = await imagesToPdf(d.pages, d.title);
      converted++;
    } else throw new DeskError('ARCHIVE_FORMAT', `“${d.title}”的格式不能归档（须为 PDF 或扫描图像）。`);
    add(d.category, d.title, `data/${folder[d.category]}/${String(files.length + 1).padStart(3, '0')}-${safeName(d.title)}.pdf`, pdf, 'PDF');
  }
  if (p.rating) add('评价', '办事评价', 'data/rating.json', Buffer.from(JSON.stringify(p.rating, null, 2)), 'JSON');
  stage('整理', `${files.length} 件按 办件记录/申请材料/通知书/办理结果/签名/评价 排序编号，${converted} 件扫描图像转换为 PDF`);

  const bytes = files.reduce((s, f) => s + f.size, 0);
  stage('清点', `共 ${files.length} 件、${bytes} 字节`);

  const applicantName = c.applicant.type === 'person' ? maskPersonName(c.applicant.name) : c.applicant.name;
  const applicantId = c.applicant.type === 'person' ? (c.applicant.idNumber ? maskIdNumber(c.applicant.idNumber) : '') : (c.applicant.creditCode ?? '');
  const steps: BusinessStep[] = c.events
    .filter((e) => e.toState && e.toState !== e.fromState && STEP_NAMES[e.toState])
    .map((e, i) => ({ seq: i + 1, action: STEP_NAMES[e.toState!]!, at: e.at, actor: p.staffName(e.actorStaffId), counter: e.counterId }));
  const metadata: ArchiveMetadata = {
    caseId: c.id, caseNumber: c.caseNumber, title: `${applicantName}申请${c.itemName}（${c.scenarioName}）`, fonds: p.hallName,
    department: p.department, date: (c.issuedAt ?? c.completedAt ?? c.updatedAt).slice(0, 10), retention: p.retention,
    item: { code: c.itemCode, name: c.itemName, version: c.catalogVersion, scenario: c.scenarioName },
    applicant: { type: c.applicant.type === 'person' ? '自然人' : '法人或其他组织', name: applicantName, idNumber: applicantId },
    files, steps,
  };
  stage('形成归档信息包', 'BagIt 1.0 文件包：data/ 载荷，metadata/ 元数据（DA/T 46、GB/T 18894 著录项）');
  stage('生成校验信息', `manifest-sha256.txt、manifest-sm3.txt（GB/T 32905）及标签清单`);

  writeBag(dir, {
    payload,
    info: [
      ['Source-Organization', p.hallName], ['External-Identifier', c.caseNumber], ['办件编号', c.caseNumber], ['事项编码', c.itemCode],
      ['事项名称', c.itemName], ['保管期限', p.retention], ['Source-Workstation', p.auditHead.workstation],
      ['Audit-Head', `${p.auditHead.seq}:${p.auditHead.mac}`], ['Bag-Software-Agent', 'WindowDesk 归档'],
    ],
    tags: [
      { path: 'metadata/metadata.xml', data: Buffer.from(metadataXml(metadata)) },
      { path: 'metadata/process.xml', data: Buffer.from(processXml(process)) },
    ],
    algorithms: [...PACKAGE_ALGORITHMS],
    baggingDate: p.now().toISOString().slice(0, 10),
  });

  const report = checkArchive(dir, { stage: 'GD' });
  const failed = report.checks.filter((x) => !x.ok);
  if (failed.length > 0) {
    throw new DeskError('ARCHIVE_CHECK_FAILED', `办件 ${c.caseNumber} 归档检测未通过：${failed.map((x) => `${x.item}（${x.detail}）`).join('；')}`, { checks: report.checks });
  }
  appendStage(dir, '归档检测', p.actor, `四性检测通过（${report.checks.length} 项）`, p.now());
  return { dir, metadata, report };
}
