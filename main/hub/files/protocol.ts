/**
 * The wire of a case's files (scanned pages, material PDFs) between a workstation and the hub
 * (routes.ts `caseFilePut`, `caseFileGet`). JSON with the bytes in base64, like the archive
 * transfer: the hub keeps one input path (size- and depth-checked JSON, zod) and the overhead
 * does not matter for a few MB of scans.
 */
import { z } from 'zod';

/** A scanned material (a few pages of PDF) is a few MB; 15 MiB decoded is a thick one. */
export const CASE_FILE_MAX_BYTES = 15 * 1024 * 1024;
/** Base64 is 4/3 of the bytes, plus the fields: about 20 MB. */
export const CASE_FILE_BODY_LIMIT = Math.ceil((CASE_FILE_MAX_BYTES * 4) / 3) + 64 * 1024;

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制 SHA-256');
const Base64 = z.string().max(CASE_FILE_BODY_LIMIT).regex(/^[A-Za-z0-9+/]*={0,2}$/, '应为 base64');
const Id = z.string().min(1).max(80);
export const CASE_FILE_MIMES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/ofd'] as const;

export const CaseFileParams = z.strictObject({ id: Id, digest: Sha256 });

/**
 * One file of a case: which attachment of the case's trail it is (the hub finds the
 * `attachment-added` step naming it and this digest), its type, and its bytes.
 */
export const CaseFilePut = z.strictObject({
  attachmentId: Id,
  materialId: z.string().min(1).max(120),
  mime: z.enum(CASE_FILE_MIMES),
  workstation: z.string().min(1).max(100),
  data: Base64,
  /**
   * 'signature': the image of the `signature` step whose `signatureId` is `attachmentId`; 'notice':
   * the PDF of the `notice-issued` step whose `fileId` is `attachmentId`; absent for a material's attachment.
   */
  kind: z.enum(['attachment', 'signature', 'notice']).optional(),
});
export type CaseFilePut = z.infer<typeof CaseFilePut>;

/** The hub's receipt: the same for a repeat as for the first time. */
export const CaseFileReceipt = z.object({ sha256: Sha256, size: z.number().int().nonnegative(), receivedAt: z.number() });
export type CaseFileReceipt = z.infer<typeof CaseFileReceipt>;

export const CaseFileBody = z.object({ sha256: Sha256, mime: z.enum(CASE_FILE_MIMES), size: z.number().int().nonnegative(), data: Base64 });
export type CaseFileBody = z.infer<typeof CaseFileBody>;
