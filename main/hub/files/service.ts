/**
 * The hub's side of a case's files (issue 11): a workstation uploads each scanned material of a
 * case once it is attached there; a rebuilt workstation, or a counter taking the case over,
 * fetches them back by case and digest. A file is taken only as the attachment the case's trail
 * recorded: the `attachment-added` step naming it must be at the hub, with the same SHA-256 (the
 * hub recomputes it from the bytes), done at one of the uploading device's counters. A signature's
 * image (`kind: 'signature'`) likewise: the `signature` (or `signature-restated`) step naming it, with that `imageSha256`;
 * a notice's PDF (`kind: 'notice'`): the `notice-issued` step naming its file id, with that `sha256`.
 */
import { createHash } from 'node:crypto';
import { DeskError } from '../../../common/errors';
import type { AuditEntry } from '../../core/audit';
import { counterNumberOf } from '../cases/protocol';
import type { CaseStore } from '../store/case-types';
import { CASE_FILE_MAX_BYTES, type CaseFileBody, type CaseFilePut, type CaseFileReceipt } from './protocol';
import type { CaseFileStore } from './store';

/** The calling device, as the hub's access check knew it (null on a hub without device authentication). */
export interface FileCaller {
  id: string;
  counters: readonly number[];
}

export interface HubCaseFilesOptions {
  files: CaseFileStore;
  cases: Pick<CaseStore, 'getCase'>;
  now: () => number;
  /** Every file handed out is on the hub's audit record (the pages carry the applicant's documents). */
  audit: (e: AuditEntry) => void;
}

export class HubCaseFiles {
  constructor(private readonly o: HubCaseFilesOptions) {}

  async put(caseId: string, sha256: string, body: CaseFilePut, device: FileCaller | null): Promise<CaseFileReceipt> {
    const bytes = Buffer.from(body.data, 'base64');
    if (bytes.length > CASE_FILE_MAX_BYTES) throw new DeskError('BODY_TOO_LARGE', `附件过大（${(bytes.length / 1048576).toFixed(1)} MB），大厅服务每份材料最多接收 15 MB。`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new DeskError('CASE_FILE_DIGEST_MISMATCH', `附件内容的校验值（${actual.slice(0, 12)}…）与声明的 SHA-256（${sha256.slice(0, 12)}…）不符：文件在本机存储或传输中已被改动，大厅服务拒收。请在本机重新采集该材料。`);
    }
    const full = await this.o.cases.getCase(caseId);
    if (!full) throw new DeskError('UNKNOWN_CASE', `大厅服务尚未收到办件 ${caseId}：附件须在办件环节送达后上传，稍后自动重发。`);
    const name = full.case.caseNumber ?? caseId;
    const sig = body.kind === 'signature';
    const notice = body.kind === 'notice';
    const what = sig ? '签名图像' : notice ? '通知书' : '附件';
    const step = sig
      ? full.steps.find((s) => (s.type === 'signature' || s.type === 'signature-restated') && s.payload.signatureId === body.attachmentId && typeof s.payload.imageSha256 === 'string')
      : notice
        ? full.steps.find((s) => s.type === 'notice-issued' && s.payload.fileId === body.attachmentId)
        : full.steps.find((s) => s.type === 'attachment-added' && s.payload.attachmentId === body.attachmentId);
    if (!step) throw new DeskError('UNKNOWN_CASE_FILE_STEP', `大厅服务尚未收到办件 ${name} 登记此${sig ? '签名' : what}的环节，${what}稍后自动重发。`);
    if (sig && step.payload.imageSha256 !== sha256) {
      throw new DeskError('CASE_FILE_DIGEST_MISMATCH', `办件 ${name} 的办理记录中此签名图像的校验值与上传的文件不符，大厅服务拒收。`);
    }
    if (notice && step.payload.sha256 !== sha256) {
      throw new DeskError('CASE_FILE_DIGEST_MISMATCH', `办件 ${name} 的办理记录中此通知书的校验值与上传的文件不符，大厅服务拒收。请在本机重新出具该通知书。`);
    }
    if (!sig && !notice && step.payload.sha256 !== sha256) {
      throw new DeskError('CASE_FILE_DIGEST_MISMATCH', `办件 ${name} 的办理记录中此附件的校验值与上传的文件不符，大厅服务拒收。请在本机重新采集该材料。`);
    }
    const counter = counterNumberOf(step.counterId);
    if (device && (counter === null || !device.counters.includes(counter))) {
      throw new DeskError('CASE_FILE_FORBIDDEN', `本设备未登记窗口 ${step.counterId.replace(/^counter-/, '')}，无权上传该窗口采集的附件（办件 ${name}）。`);
    }
    const { link } = await this.o.files.put({
      caseId, attachmentId: body.attachmentId, materialId: body.materialId, sha256, mime: body.mime, bytes, workstation: body.workstation,
      deviceId: device?.id ?? null, receivedAt: this.o.now(),
    });
    return link;
  }

  async get(caseId: string, sha256: string, device: FileCaller | null): Promise<CaseFileBody> {
    const f = await this.o.files.get(caseId, sha256);
    this.o.audit({ action: 'hub.caseFileRead', target: `case:${caseId}`, outcome: f ? 'ok' : 'failed', details: { sha256, ...(device ? { device: device.id } : {}) } });
    if (!f) throw new DeskError('UNKNOWN_CASE_FILE', `大厅服务没有办件 ${caseId} 的这份附件（原工作站尚未上传）。`);
    return { sha256, mime: f.mime as CaseFileBody['mime'], size: f.size, data: f.bytes.toString('base64') };
  }
}
