import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { CatalogSource, CaseService } from '../cases/service';
import { SIGNATURE_TITLES } from '../cases/signature';
import { DeskError } from '../../../common/errors';
import type { FileStore } from '../files';
import { AWAITED_PREFIX } from '../sync/case-file-fetch';
import { NOTICE_TITLES, type NoticeKind } from '../notices/types';
import type { CollectedDocument, PackageInput } from './package/build';
import type { Retention } from './package/metadata';

/** The 保管期限 when the catalog item names none: 国家档案局令第8号's middle term for case files. */
export const DEFAULT_RETENTION: Retention = '30年';


export interface CollectDeps {
  db: Database;
  cases: CaseService;
  catalogs: CatalogSource;
  files: FileStore;
  hallName: () => string;
}

/**
 * 收集 (GB/T 42727 §6): everything of one case the workstation holds, read through the FileStore's
 * plain read path (decrypted and checked against its recorded hash — a tampered file stops the
 * archiving here, before anything is packaged): material attachments, the notices issued for
 * it, the signatures with their binding verified now.
 */
export function collectCase(d: CollectDeps, caseId: string, head: PackageInput['auditHead'], now: () => Date): PackageInput {
  const detail = d.cases.queries.getCase(caseId);
  const fileIdByPath = d.db.prepare('SELECT id FROM files WHERE path = ?');
  const read = (filePath: string) => {
    // A case taken back from the hub whose files or signature images are still on their way: archived once they are here.
    if (filePath.startsWith(AWAITED_PREFIX)) throw new DeskError('ARCHIVE_FILES_AWAITED', `办件 ${detail.caseNumber ?? detail.id} 的部分附件或签名图像尚在从大厅服务取回，取回后自动归档。`);
    const row = fileIdByPath.get(filePath) as { id: string } | undefined;
    return d.files.read(row?.id ?? path.basename(filePath).replace(/\.[^.]+$/, ''));
  };
  const documents: CollectedDocument[] = [];
  // Its notices on their way from the hub (a case taken over or restored) go into the package too: it waits for them.
  if (d.db.prepare(`SELECT 1 FROM case_file_fetches WHERE case_id = ? AND kind = 'notice' AND state = 'pending'`).get(caseId)) {
    throw new DeskError('ARCHIVE_FILES_AWAITED', `办件 ${detail.caseNumber ?? detail.id} 的通知书尚在从大厅服务取回，取回后自动归档。`);
  }

  const attachments = d.db.prepare(`SELECT a.file_path AS filePath, a.mime, m.name FROM case_attachments a
    LEFT JOIN case_materials m ON m.case_id = a.case_id AND m.material_id = a.material_id WHERE a.case_id = ? AND a.withdrawn_at IS NULL ORDER BY a.added_at, a.id`).all(caseId) as { filePath: string; mime: string; name: string | null }[];
  for (const a of attachments) {
    const { bytes, file } = read(a.filePath);
    documents.push({ category: '申请材料', title: a.name ?? '申请材料', pages: [{ bytes, mime: file.mime }] });
  }

  const keys = [detail.caseNumber, detail.id].filter((x): x is string => Boolean(x));
  const notices = d.db.prepare(`SELECT id, source FROM files WHERE kind = 'notice' AND (${keys.map(() => 'source LIKE ?').join(' OR ')}) ORDER BY created_at, id`)
    .all(...keys.map((k) => `%:${k}`)) as { id: string; source: string }[];
  for (const n of notices) {
    const kind = n.source.split(':')[0]!.replace(/-signed$/, '') as NoticeKind;
    const { bytes, file } = d.files.read(n.id);
    documents.push({ category: '通知书', title: `${NOTICE_TITLES[kind] ?? '通知书'}${n.source.includes('-signed:') ? '（已签名）' : ''}`, pages: [{ bytes, mime: file.mime }] });
  }

  const sigRows = d.db.prepare('SELECT id FROM case_signatures WHERE case_id = ? ORDER BY signed_at, id').all(caseId) as { id: string }[];
  const signatures: PackageInput['signatures'] = [];
  for (const { id } of sigRows) {
    const s = d.cases.signatures.signature(id)!;
    signatures.push({ id, purpose: s.purpose, signerName: s.signerName, signedAt: s.signedAt, bindingVerified: d.cases.signatures.verify(id) });
    if (s.imagePath) {
      const { bytes, file } = read(s.imagePath);
      documents.push({ category: '签名', title: SIGNATURE_TITLES[s.purpose] ?? '签名', pages: [{ bytes, mime: file.mime }] });
    }
  }

  const item = tryItem(d.catalogs, detail.catalogVersion, detail.itemCode);
  const staff = d.db.prepare('SELECT name, staff_no AS no FROM staff WHERE id = ?');
  return {
    detail,
    hallName: d.hallName(),
    department: item?.department ?? '（事项目录未载明）',
    retention: item?.retention ?? DEFAULT_RETENTION,
    documents,
    signatures,
    rating: null,
    auditHead: head,
    staffName: (id) => {
      const s = staff.get(id) as { name: string; no: string } | undefined;
      return s ? `${s.name}（${s.no}）` : id;
    },
    actor: `工作站 ${head.workstation}`,
    now,
  };
}

function tryItem(catalogs: CatalogSource, version: string, code: string) {
  try {
    return catalogs.get(version).items.find((i) => i.code === code) ?? null;
  } catch {
    return null;
  }
}
