// What devices produce, as data: the one definition of every device payload that crosses from the
// main process to the renderer. zod schemas, with the TypeScript types inferred from them, so the
// contract validates exactly what native/ builds. The device *interfaces* (readers, scanners,
// printers: Node streams, files, byte buffers) stay in native/types.ts.
import { z } from 'zod';

export const deviceKindSchema = z.enum(['idcard', 'barcode', 'scanner', 'printer']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

export const deviceStateSchema = z.enum(['ready', 'busy', 'absent', 'error']);
export type DeviceState = z.infer<typeof deviceStateSchema>;

export const deviceErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** ISO timestamp */
  at: z.string(),
});
export type DeviceErrorInfo = z.infer<typeof deviceErrorInfoSchema>;

export const deviceInfoSchema = z.object({
  id: z.string(),
  kind: deviceKindSchema,
  model: z.string(),
  /** e.g. 'usb-hid', 'usb-hid-miaxis', 'sane', 'cups', 'naps2', 'simulated' */
  transport: z.string(),
  simulated: z.boolean(),
  state: deviceStateSchema,
  lastError: deviceErrorInfoSchema.optional(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

// ---------- ID card ----------
export const cardTypeSchema = z.enum(['resident', 'residence-permit', 'foreign-2017', 'foreign-2023']);
export type CardType = z.infer<typeof cardTypeSchema>;

/** The holder as the card's chip states it. */
export const identitySchema = z.object({
  cardType: cardTypeSchema,
  name: z.string(),
  nameEn: z.string().optional(),
  sex: z.enum(['male', 'female', 'unknown']),
  /** e.g. 汉 */
  nation: z.string().optional(),
  /** YYYY-MM-DD */
  birthDate: z.string(),
  address: z.string().optional(),
  /** ID number, or the permit number for foreign permanent-residence cards */
  idNumber: z.string(),
  authority: z.string().optional(),
  validFrom: z.string(),
  /** YYYY-MM-DD or 'long-term' */
  validTo: z.string(),
  /** GB/T 2659 three-letter code, foreign permits only */
  nationality: z.string().optional(),
  /** 通行证号 on HK/Macao/Taiwan residence permits */
  passNumber: z.string().optional(),
  /** 签发次数 (residence permit) or renewal count (2023 foreign permit) */
  issueCount: z.number().int().optional(),
});
export type Identity = z.infer<typeof identitySchema>;

// ---------- barcode ----------
/** What common/barcode/classify.ts makes of a scan. */
export const barcodePayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('appointment'), code: z.string() }),
  z.object({ kind: z.literal('case'), caseNumber: z.string() }),
  z.object({ kind: z.literal('elicence'), licenceId: z.string(), issuer: z.string().optional(), verifyUrl: z.string().optional(), raw: z.string() }),
  z.object({ kind: z.literal('unknown'), raw: z.string() }),
]);
export type BarcodePayload = z.infer<typeof barcodePayloadSchema>;

export const barcodeScanSchema = z.object({
  raw: z.string(),
  /** AIM symbology identifier (e.g. ']Q1' for QR) when the transport reports it */
  symbology: z.string().optional(),
  payload: barcodePayloadSchema,
  at: z.string(),
});
export type BarcodeScan = z.infer<typeof barcodeScanSchema>;

// ---------- document scanner ----------
export const colourModeSchema = z.enum(['color', 'gray', 'lineart']);
export type ColourMode = z.infer<typeof colourModeSchema>;
export const scanSourceSchema = z.enum(['flatbed', 'adf']);

// ---------- printer ----------
export const paperKindSchema = z.enum(['a4', 'receipt80']);
export type PaperKind = z.infer<typeof paperKindSchema>;

export const printJobStateSchema = z.enum(['pending', 'processing', 'completed', 'failed']);
export type PrintJobState = z.infer<typeof printJobStateSchema>;

export const printJobStatusSchema = z.object({ jobId: z.string(), state: printJobStateSchema, reason: z.string().optional() });
export type PrintJobStatus = z.infer<typeof printJobStatusSchema>;
