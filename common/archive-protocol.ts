/**
 * The archive transfer's wire shapes (main/hub/routes.ts `archiveReceive`), here in common/ because
 * both the workstation's archive jobs (main/core/archive) and the hub speak them.
 */
import { z } from 'zod';

const WorkstationId = z.string().min(1).max(100).regex(/^[\w.:-]+$/, '工作站标识只能包含字母、数字和 . : - _');

/** 办件编号 as CaseService numbers them (SH-<大厅编码>-<日期>-<序号>): the idempotency key and the folder name. */
export const ArchiveCaseNumber = z.string().regex(/^SH-[A-Z0-9]{2,8}-\d{8}-\d{4,6}$/, '办件编号格式应为 SH-大厅编码-日期-序号');

/** A bag of a few hundred files at most; 40 MiB decoded (a case's scanned pages as PDF are a few MB). */
export const ARCHIVE_MAX_FILES = 500;
export const ARCHIVE_MAX_BYTES = 40 * 1024 * 1024;
/** Base64 is 4/3 of the bytes, plus paths and JSON. */
export const ARCHIVE_BODY_LIMIT = Math.ceil((ARCHIVE_MAX_BYTES * 4) / 3) + 1024 * 1024;

/**
 * The bag as JSON: each file's path inside the bag and its bytes in base64. JSON rather than a
 * tar or zip stream keeps the hub's one input path (size- and depth-checked JSON, zod schemas,
 * no archive extractor — the classic zip-slip and zip-bomb surface); a case's bag is small, so
 * the base64 overhead does not matter. The workstation's audit head travels with it.
 */
export const ArchiveRequest = z.strictObject({
  workstation: WorkstationId,
  auditHead: z.strictObject({
    seq: z.number().int().positive().max(1e12),
    mac: z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制'),
    at: z.string().max(40),
  }),
  files: z.array(z.strictObject({
    path: z.string().min(1).max(400),
    data: z.string().max(ARCHIVE_BODY_LIMIT).regex(/^[A-Za-z0-9+/]*={0,2}$/, '应为 base64'),
  })).min(1).max(ARCHIVE_MAX_FILES),
});
export type ArchiveRequest = z.infer<typeof ArchiveRequest>;

export const ArchiveCheck = z.object({
  property: z.enum(['authenticity', 'integrity', 'usability', 'security']),
  item: z.string(),
  ok: z.boolean(),
  detail: z.string(),
});

/** What the hub answers once the bag is checked, registered and stored; the same answer to every repeat. */
export const ArchiveReceipt = z.object({
  caseNumber: z.string(),
  workstation: z.string(),
  /** SHA-256 over the bag as sent: each file's SHA-256 and path, sorted by path. */
  bagSha256: z.string(),
  /** Hub time of receipt (ISO). */
  receivedAt: z.string(),
  /** Where the hub keeps it, relative to its data directory. */
  stored: z.string(),
  checks: z.array(ArchiveCheck),
  /** The workstation audit head anchored with it (null when the hub already held a later one). */
  anchor: z.object({ seq: z.number(), mac: z.string(), receivedAt: z.number() }).nullable(),
});
export type ArchiveReceipt = z.infer<typeof ArchiveReceipt>;
