import { z } from 'zod';
import { call, event } from './define';

const COUNTER_STAFF = ['clerk', 'assistant', 'supervisor'] as const;

export const identitySchema = z.object({
  cardType: z.enum(['resident', 'residence-permit', 'foreign-2017', 'foreign-2023']),
  name: z.string(),
  nameEn: z.string().optional(),
  sex: z.enum(['male', 'female', 'unknown']),
  nation: z.string().optional(),
  birthDate: z.string(),
  address: z.string().optional(),
  idNumber: z.string(),
  /** What the screen shows; the full number travels for the application but is not displayed. */
  idNumberMasked: z.string(),
  authority: z.string().optional(),
  validFrom: z.string(),
  validTo: z.string(),
  nationality: z.string().optional(),
  passNumber: z.string().optional(),
  issueCount: z.number().int().optional(),
  additionalAddress: z.string().optional(),
});
export type IdentityView = z.infer<typeof identitySchema>;

export const cardReadSchema = z.object({ identity: identitySchema, simulated: z.boolean(), readAt: z.string(), hasPhoto: z.boolean() });

export const deviceInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(['idcard', 'barcode', 'scanner', 'printer']),
  model: z.string(),
  transport: z.string(),
  simulated: z.boolean(),
  state: z.enum(['ready', 'busy', 'absent', 'error']),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
});

/** A stored file (page image, PDF) referred to by id; see main/core/files. */
export const fileRefSchema = z.object({
  fileId: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable().optional(),
  height: z.number().int().nullable().optional(),
  source: z.string().nullable(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

export const deviceListSchema = z.array(deviceInfoSchema);

/** What native/barcode/classify.ts makes of a scan (mirrors BarcodePayload in native/types.ts). */
export const barcodePayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('appointment'), code: z.string() }),
  z.object({ kind: z.literal('case'), caseNumber: z.string() }),
  z.object({ kind: z.literal('elicence'), licenceId: z.string(), issuer: z.string().optional(), verifyUrl: z.string().optional(), raw: z.string() }),
  z.object({ kind: z.literal('unknown'), raw: z.string() }),
]);
export const barcodeScanSchema = z.object({ raw: z.string(), symbology: z.string().optional(), payload: barcodePayloadSchema, at: z.string(), simulated: z.boolean() });
export type BarcodeScanView = z.infer<typeof barcodeScanSchema>;

export const devicesCalls = {
  'devices.list': call({ input: z.object({}).strict(), output: z.array(deviceInfoSchema), access: 'signed-in' }),
  'devices.test': call({
    input: z.object({ kind: z.enum(['idcard', 'barcode', 'scanner', 'printer']) }).strict(),
    output: z.object({ ok: z.boolean(), summary: z.string(), simulated: z.boolean(), durationMs: z.number(), error: z.object({ code: z.string(), message: z.string() }).optional() }),
    access: ['clerk', 'assistant', 'supervisor', 'admin'],
    audited: true,
  }),
  'devices.diagnostics': call({ input: z.object({}).strict(), output: z.object({ text: z.string() }), access: ['clerk', 'assistant', 'supervisor', 'admin'] }),
  /** One read: find → select → read, with the reader's timeouts and retries. Audited: it handles an ID card. */
  'devices.readIdCard': call({ input: z.object({}).strict(), output: cardReadSchema, access: COUNTER_STAFF, audited: true }),
  /** Continuous polling for this counter while the intake screen waits for a card; reads arrive as `devices.idcardRead`. */
  'devices.watchIdCard': call({ input: z.object({ on: z.boolean() }).strict(), output: z.object({ watching: z.boolean() }), access: COUNTER_STAFF }),
  /** Demo and test only: place a demo applicant's card in the SIMULATED reader's field. Refused for a real reader. */
  'devices.simulateCard': call({
    input: z.object({ idNumber: z.string().max(32).optional(), sample: z.enum(['resident', 'residence-permit', 'foreign-2017', 'foreign-2023']).optional(), remove: z.boolean().optional() }).strict(),
    output: z.object({ presented: z.string().nullable() }),
    access: COUNTER_STAFF,
  }),
  /**
   * Forward this workstation's HID-POS (or simulated) barcode scanner to this counter as `devices.barcode`.
   * `source` says what is forwarded: 'none' when the scanner is a keyboard wedge, which the renderer handles itself.
   */
  'devices.watchBarcode': call({
    input: z.object({ on: z.boolean() }).strict(),
    output: z.object({ watching: z.boolean(), source: z.enum(['hid-pos', 'simulated', 'none']) }),
    access: COUNTER_STAFF,
  }),
  /** Demo and test only: a scan on the SIMULATED barcode scanner. Refused for a real one. */
  'devices.simulateBarcode': call({ input: z.object({ raw: z.string().min(1).max(2048) }).strict(), output: barcodeScanSchema, access: COUNTER_STAFF }),
  /** Rebuilds the devices from the current settings (after the admin changed deviceMode, scanner, queue or reader). */
  'devices.reconfigure': call({ input: z.object({}).strict(), output: deviceListSchema, access: ['admin'], audited: true }),
  'devices.scan': call({
    input: z.object({
      source: z.enum(['flatbed', 'adf']).default('flatbed'),
      resolution: z.number().int().min(75).max(600).default(200),
      mode: z.enum(['color', 'gray', 'lineart']).default('gray'),
      maxPages: z.number().int().min(1).max(50).default(20),
    }).strict(),
    output: z.object({ pages: z.array(fileRefSchema), simulated: z.boolean() }),
    access: COUNTER_STAFF,
  }),
  /** A page photographed by the document camera (or a file imported) in the renderer, as base64. */
  'devices.uploadCapture': call({
    input: z.object({ dataBase64: z.string().min(16).max(24_000_000), mime: z.enum(['image/png', 'image/jpeg', 'application/pdf']), source: z.enum(['camera', 'import']) }).strict(),
    output: fileRefSchema,
    access: COUNTER_STAFF,
  }),
  'devices.printers': call({ input: z.object({}).strict(), output: z.array(z.object({ name: z.string(), isDefault: z.boolean(), state: z.string(), simulated: z.boolean().optional() })), access: 'signed-in' }),
  'devices.print': call({
    input: z.object({ fileId: z.string().min(1).max(64), paper: z.enum(['a4', 'receipt80']).default('a4'), copies: z.number().int().min(1).max(10).default(1) }).strict(),
    output: z.object({ jobId: z.string(), state: z.enum(['pending', 'processing', 'completed', 'failed']), reason: z.string().optional(), simulated: z.boolean() }),
    access: COUNTER_STAFF,
    audited: true,
  }),
  /** Reads back a stored file (a notice PDF to open or save, a page thumbnail). */
  'files.read': call({
    input: z.object({ fileId: z.string().min(1).max(64) }).strict(),
    output: z.object({ mime: z.string(), dataBase64: z.string(), sha256: z.string() }),
    access: 'signed-in',
  }),
};

export const devicesEvents = {
  'devices.idcardRead': event({ payload: cardReadSchema, scope: 'counter' }),
  'devices.idcardError': event({ payload: z.object({ code: z.string(), message: z.string() }), scope: 'counter' }),
  'devices.changed': event({ payload: deviceListSchema, scope: 'all-staff' }),
  /** A scan from the workstation's HID-POS/simulated scanner, to the counters that asked with devices.watchBarcode. */
  'devices.barcode': event({ payload: barcodeScanSchema, scope: 'counter' }),
};
