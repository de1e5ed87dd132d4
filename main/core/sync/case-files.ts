/**
 * A case's files (scanned and assembled material PDFs) → the hall hub, and back.
 *
 * Up: when a file is attached to a case (CaseService `attachment-added`), `CaseFileJournal` writes a
 * `case.file` operation in the SAME transaction, on a lane of its own per attachment
 * (`file:<attachment id>`): a file never waits behind an unrelated case's steps, and one bad file
 * never holds another. The row names the attachment, not its bytes: the sender reads them from the
 * local file store when it sends (decrypted and checked against their recorded digest), so the
 * outbox never copies megabytes. The hub takes a file only once it holds the step that attached it
 * (until then it answers 404, retried on the backoff); a repeat gets the first receipt.
 *
 * A signature's image (CaseService `signature` step, or `signature-restated` for one signed before
 * the step carried the image digest) goes the same way, flagged `kind: 'signature'`: the hub takes
 * it as named by that step's `imageSha256`. So does a notice's PDF (`notice-issued`, `kind: 'notice'`).
 *
 * Down: see case-file-fetch.ts (a restored or taken-over case's files fetched after its import).
 */
import type { Database } from 'better-sqlite3';
import { isDeskError } from '../../../common/errors';
import type { CaseJournal, CaseStep } from '../cases/service';
import { SIGNATURE_TITLES, type SignatureRecord } from '../cases/signature';
import type { FileStore } from '../files';
import type { CaseFileReceipt, CaseFilePut } from '../../hub/files/protocol';
import type { Outbox } from './outbox';
import { NOTICE_MATERIAL_PREFIX, SIGNATURE_MATERIAL_PREFIX, SIGNATURE_RESTATED } from './case-file-fetch';
import { NOTICE_ISSUED } from '../cases/document-ops';
import { NOTICE_TITLES, type NoticeKind } from '../notices/types';
import { SyncFault, syncFaultOf, type OpSender } from './transport';

export const CASE_FILE = 'case.file';
/** CaseService.withdrawAttachment's step: the attachment's upload, if not yet sent, is void. */
export const ATTACHMENT_WITHDRAWN = 'attachment-withdrawn';
export const caseFileLane = (attachmentId: string) => `file:${attachmentId}`;

/** What a case.file row carries: the attachment, and what the 同步 page shows of it. */
export interface CaseFilePayload {
  caseId: string;
  attachmentId: string;
  materialId: string;
  sha256: string;
  mime: CaseFilePut['mime'];
  caseNumber: string | null;
  materialName: string | null;
  /**
   * 'signature': the image of a signature (`attachmentId` is the signature's id); 'notice': a
   * notice's PDF (`attachmentId` is its file id, `materialId` `notice:<kind>[-signed]`); absent on attachments.
   */
  kind?: 'signature' | 'notice';
}

type Row = Record<string, unknown>;

export class CaseFileJournal implements CaseJournal {
  constructor(private readonly db: Database, private readonly outbox: Outbox) {}

  step(s: CaseStep): void {
    if (s.type === 'signature' || s.type === SIGNATURE_RESTATED) return this.signature(s);
    if (s.type === NOTICE_ISSUED) return this.notice(s);
    if (s.type === ATTACHMENT_WITHDRAWN) {
      // Its upload (if not yet sent) and, on a restored case, its fetch from the hub are void.
      this.outbox.discardOpen(caseFileLane(String(s.payload.attachmentId)));
      this.db.prepare('DELETE FROM case_file_fetches WHERE attachment_id = ?').run(String(s.payload.attachmentId));
      return;
    }
    if (s.type !== 'attachment-added') return;
    const attachmentId = String(s.payload.attachmentId);
    const a = this.db.prepare(`SELECT a.material_id, a.sha256, a.mime, c.case_number, m.name FROM case_attachments a JOIN cases c ON c.id = a.case_id
      LEFT JOIN case_materials m ON m.case_id = a.case_id AND m.material_id = a.material_id WHERE a.id = ?`).get(attachmentId) as Row | undefined;
    if (!a) return;
    const payload: CaseFilePayload = {
      caseId: s.caseId, attachmentId, materialId: a.material_id as string, sha256: a.sha256 as string, mime: a.mime as CaseFilePayload['mime'],
      caseNumber: (a.case_number as string | null) ?? null, materialName: (a.name as string | null) ?? null,
    };
    this.outbox.enqueue(CASE_FILE, caseFileLane(attachmentId), payload, `file:${attachmentId}`);
  }

  /** A notice's PDF goes the same way, on a lane of its own (the hub takes it as named by the `notice-issued` step). */
  private notice(s: CaseStep): void {
    const p = s.payload as { fileId?: unknown; sha256?: unknown; kind?: unknown; signed?: unknown };
    if (typeof p.fileId !== 'string' || typeof p.sha256 !== 'string' || typeof p.kind !== 'string') return;
    const c = this.db.prepare('SELECT case_number FROM cases WHERE id = ?').get(s.caseId) as Row | undefined;
    const title = NOTICE_TITLES[p.kind as NoticeKind] ?? '通知书';
    const payload: CaseFilePayload = {
      caseId: s.caseId, attachmentId: p.fileId, materialId: `${NOTICE_MATERIAL_PREFIX}${p.kind}${p.signed === true ? '-signed' : ''}`, sha256: p.sha256, mime: 'application/pdf',
      caseNumber: (c?.case_number as string | null) ?? null, materialName: p.signed === true ? `${title}（已签署）` : title, kind: 'notice',
    };
    this.outbox.enqueue(CASE_FILE, caseFileLane(p.fileId), payload, `file:${p.fileId}`);
  }

  /** A signature's image goes the same way, on a lane of its own (the hub takes it as named by the `signature` step). */
  private signature(s: CaseStep): void {
    const signatureId = String(s.payload.signatureId);
    const r = this.db.prepare(`SELECT s.purpose, s.image_sha256, f.mime, c.case_number FROM case_signatures s JOIN cases c ON c.id = s.case_id
      JOIN files f ON f.path = s.image_path WHERE s.id = ?`).get(signatureId) as Row | undefined;
    // No image stored here (a signature recorded without one): nothing to send.
    if (!r) return;
    const payload: CaseFilePayload = {
      caseId: s.caseId, attachmentId: signatureId, materialId: `${SIGNATURE_MATERIAL_PREFIX}${r.purpose as string}`, sha256: r.image_sha256 as string,
      mime: r.mime as CaseFilePayload['mime'], caseNumber: (r.case_number as string | null) ?? null, materialName: SIGNATURE_TITLES[r.purpose as SignatureRecord['purpose']] ?? '签名', kind: 'signature',
    };
    this.outbox.enqueue(CASE_FILE, caseFileLane(signatureId), payload, `file:${signatureId}`);
  }
}

/** Both journals of a case step: its own `case.step` and, for an attachment or a signature, its `case.file`. */
export function bothJournals(...journals: CaseJournal[]): CaseJournal {
  return { step: (s) => journals.forEach((j) => j.step(s)) };
}

export interface CaseFileSendDeps {
  db: Database;
  files: Pick<FileStore, 'read'>;
  workstationId: () => string;
  /** PUT /cases/:id/files/:digest (HubClient `caseFilePut`). */
  put(caseId: string, sha256: string, body: CaseFilePut): Promise<CaseFileReceipt>;
}

/**
 * The engine's sender for `case.file`. The file is read at send time; what cannot be sent is
 * settled, never left to loop:
 * - the attachment was withdrawn (CaseService.withdrawAttachment): done, nothing to send;
 * - the case was archived and its files purged here (archive_jobs.purged_at) before this went:
 *   done — the archive package at the hub holds the material;
 * - the file is gone or damaged here otherwise: refused for good (dead letter, with the reason, so
 *   the clerk re-captures the material);
 * - anything the hub answers is sorted as the sync wire sorts it (a digest the hub recomputes
 *   differently: 422 → dead letter; its case step not yet there: 404 → retried).
 */
export function caseFileSender(d: CaseFileSendDeps): OpSender {
  const attachment = d.db.prepare('SELECT a.file_path, f.id AS file_id, a.withdrawn_at FROM case_attachments a LEFT JOIN files f ON f.path = a.file_path WHERE a.id = ?');
  const signature = d.db.prepare('SELECT s.image_path AS file_path, f.id AS file_id FROM case_signatures s LEFT JOIN files f ON f.path = s.image_path WHERE s.id = ?');
  const notice = d.db.prepare('SELECT path AS file_path, id AS file_id FROM files WHERE id = ?');
  const purged = d.db.prepare('SELECT 1 FROM archive_jobs WHERE case_id = ? AND purged_at IS NOT NULL');
  return async (op) => {
    const p = op.payload as CaseFilePayload;
    const sig = p.kind === 'signature';
    const what = sig ? '签名图像' : p.kind === 'notice' ? '通知书' : '附件';
    const fix = sig ? '请申请人重新签名' : p.kind === 'notice' ? '请在“受理”页重新出具该通知书' : '请重新采集该材料';
    const name = `${p.caseNumber ? `办件 ${p.caseNumber}` : '未编号草稿'}的${what}“${p.materialName ?? p.materialId}”`;
    const a = (sig ? signature : p.kind === 'notice' ? notice : attachment).get(p.attachmentId) as { file_path: string; file_id: string | null; withdrawn_at?: string | null } | undefined;
    // Withdrawn while this was in flight: nothing to send (the withdrawal step tells the hub).
    if (a?.withdrawn_at) return;
    if (!a?.file_id) {
      if (purged.get(p.caseId)) return;
      throw new SyncFault('reject', `${name}在本机已没有文件（可能已被删除），无法上传；${fix}。`);
    }
    let bytes: Buffer;
    try {
      bytes = d.files.read(a.file_id).bytes;
    } catch (e) {
      if (isDeskError(e)) throw new SyncFault('reject', `${name}无法读取：${e.message}${fix}。`);
      throw e;
    }
    try {
      await d.put(p.caseId, p.sha256, {
        attachmentId: p.attachmentId, materialId: p.materialId, mime: p.mime, workstation: d.workstationId(), data: bytes.toString('base64'), ...(p.kind ? { kind: p.kind } : {}),
      });
    } catch (e) {
      throw syncFaultOf(e);
    }
  };
}
