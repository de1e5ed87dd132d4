// The device seam. Every kind has one interface here and (at least) a real and a simulated
// implementation behind it, so the registry, the API and the tests never care which is active.
// This file imports nothing on purpose: the renderer-facing contract may re-export these types.

export type DeviceKind = 'idcard' | 'barcode' | 'scanner' | 'printer';
export type DeviceState = 'ready' | 'busy' | 'absent' | 'error';

export interface DeviceErrorInfo {
  code: string;
  message: string;
  /** ISO timestamp */
  at: string;
}

export interface DeviceInfo {
  id: string;
  kind: DeviceKind;
  model: string;
  /** e.g. 'usb-hid', 'usb-hid-miaxis', 'sane', 'cups', 'naps2', 'simulated' */
  transport: string;
  simulated: boolean;
  state: DeviceState;
  lastError?: DeviceErrorInfo;
}

export interface Device {
  info(): DeviceInfo;
  close(): Promise<void>;
}

// ---------- ID card ----------
export type CardType = 'resident' | 'residence-permit' | 'foreign-2017' | 'foreign-2023';

/** What each card type is called on screen and in device test results. */
export const CARD_TYPE_NAMES: Record<CardType, string> = {
  resident: '居民身份证',
  'residence-permit': '港澳台居民居住证',
  'foreign-2017': '外国人永久居留身份证（2017 版）',
  'foreign-2023': '外国人永久居留身份证（2023 版）',
};

export interface Identity {
  cardType: CardType;
  name: string;
  nameEn?: string;
  sex: 'male' | 'female' | 'unknown';
  /** e.g. 汉 */
  nation?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address?: string;
  /** ID number, or the permit number for foreign permanent-residence cards */
  idNumber: string;
  authority?: string;
  validFrom: string;
  /** YYYY-MM-DD or 'long-term' */
  validTo: string;
  /** GB/T 2659 three-letter code, foreign permits only */
  nationality?: string;
  /** 通行证号 on HK/Macao/Taiwan residence permits */
  passNumber?: string;
  /** 签发次数 (residence permit) or renewal count (2023 foreign permit) */
  issueCount?: number;
}

export interface CardRead {
  identity: Identity;
  /** 8-byte card serial from "select card", hex */
  cardSerial: string;
  /** Raw 1024-byte WLT photo; decoding needs the vendor's closed decoder (see WltDecoder). */
  photoWlt: Uint8Array;
  /** BMP bytes when a WltDecoder was configured and succeeded. */
  photoBmp?: Uint8Array;
  fingerprint?: Uint8Array;
  /** 追加住址 (additional address) when the card holds one */
  additionalAddress?: string;
  /** Why photoBmp is missing although a decoder was configured */
  photoError?: string;
  readAt: string;
}

export type WltDecoder = (wlt: Uint8Array) => Promise<Uint8Array>;

export interface CardWatcherEvents {
  card: (read: CardRead) => void;
  error: (err: { code: string; message: string }) => void;
  state: (state: DeviceState) => void;
}

export interface CardWatcher {
  on<E extends keyof CardWatcherEvents>(event: E, listener: CardWatcherEvents[E]): this;
  off<E extends keyof CardWatcherEvents>(event: E, listener: CardWatcherEvents[E]): this;
  stop(): Promise<void>;
  [Symbol.asyncIterator](): AsyncIterator<CardRead>;
}

export interface IdCardReader extends Device {
  readonly kind: 'idcard';
  readCard(): Promise<CardRead>;
  watch(opts?: { intervalMs?: number }): CardWatcher;
}

// ---------- barcode ----------
export type BarcodePayload =
  | { kind: 'appointment'; code: string }
  | { kind: 'case'; caseNumber: string }
  | { kind: 'elicence'; licenceId: string; issuer?: string; verifyUrl?: string; raw: string }
  | { kind: 'unknown'; raw: string };

export interface BarcodeScan {
  raw: string;
  /** AIM symbology identifier (e.g. ']Q1' for QR) when the transport reports it */
  symbology?: string;
  payload: BarcodePayload;
  at: string;
}

export interface BarcodeScanner extends Device {
  readonly kind: 'barcode';
  open(): Promise<void>;
  /** returns an unsubscribe function */
  onScan(listener: (scan: BarcodeScan) => void): () => void;
}

// ---------- document scanner ----------
export type ColourMode = 'color' | 'gray' | 'lineart';

export interface ScanRequest {
  /** 'flatbed' scans one page; 'adf' scans until the feeder is empty or maxPages */
  source: 'flatbed' | 'adf';
  resolution?: number;
  mode?: ColourMode;
  format?: 'png' | 'jpeg';
  outDir: string;
  maxPages?: number;
  timeoutMs?: number;
}

export interface ScannedPage {
  path: string;
  index: number;
  format: 'png' | 'jpeg';
  bytes: number;
}

export interface DocumentScanner extends Device {
  readonly kind: 'scanner';
  scan(req: ScanRequest): Promise<ScannedPage[]>;
}

// ---------- printer ----------
export type PaperKind = 'a4' | 'receipt80';

export interface PrintRequest {
  file: string;
  paper?: PaperKind;
  copies?: number;
  title?: string;
}

export type PrintJobState = 'pending' | 'processing' | 'completed' | 'failed';

export interface PrintJobStatus {
  jobId: string;
  state: PrintJobState;
  reason?: string;
}

export interface Printer extends Device {
  readonly kind: 'printer';
  print(req: PrintRequest): Promise<string>;
  jobStatus(jobId: string): Promise<PrintJobStatus>;
  waitForJob(jobId: string, opts?: { timeoutMs?: number; pollMs?: number }): Promise<PrintJobStatus>;
}

export type AnyDevice = IdCardReader | BarcodeScanner | DocumentScanner | Printer;
