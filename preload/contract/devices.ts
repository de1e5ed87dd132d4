import { z } from 'zod';
import {
  barcodeScanSchema, cardTypeSchema, colourModeSchema, deviceInfoSchema, deviceKindSchema, identitySchema, paperKindSchema, printJobStatusSchema,
  scanSourceSchema,
} from '../../common/devices';
import { call, event } from './define';

const COUNTER_STAFF = ['clerk', 'assistant', 'supervisor'] as const;

/** The holder as the screen gets it: the full number travels for the application but is not displayed. */
export const identityViewSchema = identitySchema.extend({
  idNumberMasked: z.string(),
  additionalAddress: z.string().optional(),
});
export type IdentityView = z.infer<typeof identityViewSchema>;

export const cardReadSchema = z.object({ identity: identityViewSchema, simulated: z.boolean(), readAt: z.string(), hasPhoto: z.boolean() });

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

/** A scan as the renderer gets it: what the scanner read, and whether that scanner is simulated. */
export const barcodeScanViewSchema = barcodeScanSchema.extend({ simulated: z.boolean() });
export type BarcodeScanView = z.infer<typeof barcodeScanViewSchema>;

export const devicesCalls = {
  'devices.list': call({ input: z.object({}).strict(), output: z.array(deviceInfoSchema), access: 'signed-in' }),
  'devices.test': call({
    input: z.object({ kind: deviceKindSchema }).strict(),
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
    input: z.object({ idNumber: z.string().max(32).optional(), sample: cardTypeSchema.optional(), remove: z.boolean().optional() }).strict(),
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
  'devices.simulateBarcode': call({ input: z.object({ raw: z.string().min(1).max(2048) }).strict(), output: barcodeScanViewSchema, access: COUNTER_STAFF }),
  /** Rebuilds the devices from the current settings (after the admin changed deviceMode, scanner, queue or reader). */
  'devices.reconfigure': call({ input: z.object({}).strict(), output: deviceListSchema, access: ['admin'], audited: true }),
  'devices.scan': call({
    input: z.object({
      source: scanSourceSchema.default('flatbed'),
      resolution: z.number().int().min(75).max(600).default(200),
      mode: colourModeSchema.default('gray'),
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
    input: z.object({ fileId: z.string().min(1).max(64), paper: paperKindSchema.default('a4'), copies: z.number().int().min(1).max(10).default(1) }).strict(),
    output: printJobStatusSchema.extend({ simulated: z.boolean() }),
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
  'devices.barcode': event({ payload: barcodeScanViewSchema, scope: 'counter' }),
};
