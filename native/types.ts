// The device seam. Every kind has one interface here and (at least) a real and a simulated
// implementation behind it, so the registry, the API and the tests never care which is active.
// What devices *produce* (device info, the card holder, barcode payloads, print job states) is
// data shared with the renderer: its one definition is the zod schemas in common/devices.ts. It is
// re-exported here because every device interface below is written against it and native code
// takes its whole seam from this one file.
import type {
  BarcodeScan, CardType, ColourMode, DeviceInfo, DeviceState, Identity, PaperKind, PrintJobStatus,
} from '../common/devices';

export type {
  BarcodePayload, BarcodeScan, CardType, ColourMode, DeviceErrorInfo, DeviceInfo, DeviceKind, DeviceState, Identity, PaperKind,
  PrintJobState, PrintJobStatus,
} from '../common/devices';

export interface Device {
  info(): DeviceInfo;
  close(): Promise<void>;
}

// ---------- ID card ----------
/** What each card type is called on screen and in device test results. */
export const CARD_TYPE_NAMES: Record<CardType, string> = {
  resident: '居民身份证',
  'residence-permit': '港澳台居民居住证',
  'foreign-2017': '外国人永久居留身份证（2017 版）',
  'foreign-2023': '外国人永久居留身份证（2023 版）',
};

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
export interface BarcodeScanner extends Device {
  readonly kind: 'barcode';
  open(): Promise<void>;
  /** returns an unsubscribe function */
  onScan(listener: (scan: BarcodeScan) => void): () => void;
}

// ---------- document scanner ----------
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
export interface PrintRequest {
  file: string;
  paper?: PaperKind;
  copies?: number;
  title?: string;
}

export interface Printer extends Device {
  readonly kind: 'printer';
  print(req: PrintRequest): Promise<string>;
  jobStatus(jobId: string): Promise<PrintJobStatus>;
  waitForJob(jobId: string, opts?: { timeoutMs?: number; pollMs?: number }): Promise<PrintJobStatus>;
}

export type AnyDevice = IdCardReader | BarcodeScanner | DocumentScanner | Printer;
