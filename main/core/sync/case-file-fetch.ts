/**
 * A case's files back from the hall hub: after importCase brought a case in (a rebuilt
 * workstation, a counter taking it over), each of its attachments this machine lacks waits in
 * `case_file_fetches` (written in the import's transaction). `fetchCaseFiles` runs afterwards,
 * never inside that transaction: it asks the hub for each by case and digest, checks the digest,
 * and writes the file into the local file store (envelope-encrypted like any scan) and the
 * attachment's path (or the signature's image path: kind 'signature', restore-signatures.ts) in one transaction; a notice
 * (kind 'notice') is stored as a notice of the case. A file the hub does not have is marked 'absent' (the
 * case shows it to the clerk); every waiting row is asked again on the next pull.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { isDeskError } from '../../../common/errors';
import type { FileStore } from '../files';
import type { CaseFileBody } from '../../hub/files/protocol';
import type { HallCaseStep } from '../../hub/cases/protocol';

/** Where a restored attachment points until its file is here: not a path any file can have. */
export const AWAITED_PREFIX = 'hub:';
/** A waiting signature image's `material_id`: this and the signature's purpose. */
export const SIGNATURE_MATERIAL_PREFIX = 'signature:';
/** A notice's `material_id` (upload and fetch): this and `<kind>[-signed]`, as its file's source begins. */
export const NOTICE_MATERIAL_PREFIX = 'notice:';
/** The step that restates a signature recorded before its step carried the binding's fields (CaseService.restateSignatures). */
export const SIGNATURE_RESTATED = 'signature-restated';

/**
 * Inside importCase's transaction: the attachments of the case's trail this machine lacks, each
 * waiting for its file. Returns how many. `fetch` false (an archived case: its package in the
 * hall's archive holds the files, the hub keeps no copy): the attachments are recorded, nothing waits.
 */
export function awaitCaseFiles(db: Database, caseId: string, steps: readonly HallCaseStep[], at: number, fetch = true): number {
  const att = db.prepare(`INSERT INTO case_attachments (id, case_id, material_id, file_path, sha256, mime, pages, added_at, added_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const wait = db.prepare(`INSERT INTO case_file_fetches (attachment_id, case_id, material_id, sha256, mime, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (attachment_id) DO NOTHING`);
  // Attachments withdrawn later in the trail (CaseService.withdrawAttachment) are recorded as such and never waited for.
  const withdrawn = new Map<string, HallCaseStep>();
  for (const s of steps) if (s.type === 'attachment-withdrawn' && typeof s.payload.attachmentId === 'string') withdrawn.set(s.payload.attachmentId, s);
  const markWithdrawn = db.prepare('UPDATE case_attachments SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ? AND withdrawn_at IS NULL');
  const unwait = db.prepare('DELETE FROM case_file_fetches WHERE attachment_id = ?');
  let n = 0;
  for (const s of steps) {
    if (s.type !== 'attachment-added') continue;
    const p = s.payload as { attachmentId?: unknown; materialId?: unknown; sha256?: unknown; pages?: unknown; mime?: unknown };
    if (typeof p.attachmentId !== 'string' || typeof p.materialId !== 'string' || typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256)) continue;
    // Steps recorded before the mime was part of the step were all assembled PDFs (api/intake/materials.ts).
    const mime = typeof p.mime === 'string' ? p.mime : 'application/pdf';
    const pages = typeof p.pages === 'number' && p.pages >= 1 ? p.pages : 1;
    const inserted = att.run(p.attachmentId, caseId, p.materialId, `${AWAITED_PREFIX}${p.sha256}`, p.sha256, mime, pages, s.at, s.staffId).changes === 1;
    const w = withdrawn.get(p.attachmentId);
    if (w) {
      markWithdrawn.run(w.at, typeof w.payload.reason === 'string' ? w.payload.reason : '已撤回', p.attachmentId);
      unwait.run(p.attachmentId);
      continue;
    }
    if (!inserted || !fetch) continue;
    wait.run(p.attachmentId, caseId, p.materialId, p.sha256, mime, at);
    n++;
  }
  return fetch ? n + awaitNotices(db, caseId, steps, at) : n;
}

/**
 * Inside importCase's transaction: the notices of the case's trail (`notice-issued`) this machine
 * lacks, each waiting for its PDF (a notice already here, by digest, is not fetched again: a case
 * taken over twice gets each notice once). Returns how many.
 */
function awaitNotices(db: Database, caseId: string, steps: readonly HallCaseStep[], at: number): number {
  const here = db.prepare(`SELECT 1 FROM files WHERE kind = 'notice' AND sha256 = ?`);
  const wait = db.prepare(`INSERT INTO case_file_fetches (attachment_id, kind, case_id, material_id, sha256, mime, updated_at) VALUES (?, 'notice', ?, ?, ?, 'application/pdf', ?)
    ON CONFLICT (attachment_id) DO NOTHING`);
  let n = 0;
  for (const s of steps) {
    if (s.type !== 'notice-issued') continue;
    const p = s.payload as { fileId?: unknown; sha256?: unknown; kind?: unknown; signed?: unknown };
    if (typeof p.fileId !== 'string' || typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256) || typeof p.kind !== 'string' || !/^[a-z-]{1,40}$/.test(p.kind)) continue;
    if (here.get(p.sha256)) continue;
    n += wait.run(p.fileId, caseId, `${NOTICE_MATERIAL_PREFIX}${p.kind}${p.signed === true ? '-signed' : ''}`, p.sha256, at).changes;
  }
  return n;
}

export interface FetchReport {
  fetched: number;
  absent: number;
  failed: number;
}

/** The hub's answer for one file, or null when it has none (404). Other errors are thrown. */
export type FileSource = (caseId: string, sha256: string) => Promise<CaseFileBody | null>;

/** Every waiting file (of `caseId`, or all), once. A network fault ends the run: the rest waits for the next pull. */
export async function fetchCaseFiles(db: Database, files: Pick<FileStore, 'put'>, source: FileSource, now: () => number = Date.now, caseId?: string): Promise<FetchReport> {
  const rows = (caseId
    ? db.prepare('SELECT * FROM case_file_fetches WHERE case_id = ? ORDER BY attachment_id').all(caseId)
    : db.prepare('SELECT * FROM case_file_fetches ORDER BY case_id, attachment_id').all()) as Array<{ attachment_id: string; kind: 'attachment' | 'signature' | 'notice'; case_id: string; material_id: string; sha256: string; mime: string }>;
  const caseNumber = db.prepare('SELECT case_number FROM cases WHERE id = ?');
  const note = db.prepare('UPDATE case_file_fetches SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE attachment_id = ?');
  const report: FetchReport = { fetched: 0, absent: 0, failed: 0 };
  for (const r of rows) {
    let body: CaseFileBody | null;
    try {
      body = await source(r.case_id, r.sha256);
    } catch (e) {
      note.run('pending', `无法从大厅服务取回：${(e as Error).message}`, now(), r.attachment_id);
      report.failed++;
      if (isDeskError(e) && (e.code === 'HUB_UNREACHABLE' || e.code === 'HUB_NOT_CONFIGURED')) break;
      continue;
    }
    const what = r.kind === 'signature' ? '签名图像' : r.kind === 'notice' ? '通知书' : '附件';
    if (!body) {
      note.run('absent', `大厅服务没有这份${what}（原工作站尚未上传）`, now(), r.attachment_id);
      report.absent++;
      continue;
    }
    const bytes = Buffer.from(body.data, 'base64');
    if (createHash('sha256').update(bytes).digest('hex') !== r.sha256) {
      note.run('pending', `大厅服务返回的${r.kind === 'attachment' ? '文件' : what}与办理记录中的校验值不符，未采用`, now(), r.attachment_id);
      report.failed++;
      continue;
    }
    try {
      db.transaction(() => {
        if (r.kind === 'signature') {
          // Stored as the signing stored it (api/intake/sign.ts): a PNG of the signature pad, sourced by case and purpose.
          const purpose = r.material_id.slice(SIGNATURE_MATERIAL_PREFIX.length);
          const stored = files.put(bytes, { kind: 'signature', mime: r.mime, source: `${r.case_id}:${purpose}` });
          db.prepare('UPDATE case_signatures SET image_path = ? WHERE id = ?').run(stored.path, r.attachment_id);
        } else if (r.kind === 'notice') {
          // Stored as issueNotice stored it (api/intake/notices.ts): the archive package finds it by its source.
          const key = (caseNumber.get(r.case_id) as { case_number: string | null } | undefined)?.case_number ?? r.case_id;
          files.put(bytes, { kind: 'notice', mime: 'application/pdf', source: `${r.material_id.slice(NOTICE_MATERIAL_PREFIX.length)}:${key}` });
        } else {
          const stored = files.put(bytes, { kind: 'material-pdf', mime: r.mime, source: `${r.case_id}:${r.material_id}` });
          db.prepare('UPDATE case_attachments SET file_path = ? WHERE id = ?').run(stored.path, r.attachment_id);
        }
        db.prepare('DELETE FROM case_file_fetches WHERE attachment_id = ?').run(r.attachment_id);
      })();
      report.fetched++;
    } catch (e) {
      note.run('pending', `取回的文件无法保存：${(e as Error).message}`, now(), r.attachment_id);
      report.failed++;
    }
  }
  return report;
}

/** The attachments of a case still waiting for their file: id → 'pending' | 'absent'. */
export function awaitedFiles(db: Database, caseId: string): Record<string, 'pending' | 'absent'> {
  const rows = db.prepare(`SELECT attachment_id AS id, state FROM case_file_fetches WHERE case_id = ? AND kind = 'attachment'`).all(caseId) as Array<{ id: string; state: 'pending' | 'absent' }>;
  return Object.fromEntries(rows.map((r) => [r.id, r.state]));
}
