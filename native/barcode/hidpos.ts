import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { DeskError } from '../../common/errors';
import type { BarcodeScan, BarcodeScanner, DeviceErrorInfo, DeviceInfo, DeviceState } from '../types';
import { classifyBarcode, type ClassifyOptions } from '../../common/barcode/classify';

// HID-POS (usage page 0x8C, usage 0x02). Report layout from one Honeywell-style reader:
// [report ID] [length] [3-byte AIM symbology] data… — a long code spans several reports; we
// treat a report whose data fills the report as "more follows" (unverified on other brands).

export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidPosChunk {
  symbology: string;
  data: Uint8Array;
  more: boolean;
}

export function parseHidPosReport(report: Uint8Array, withReportId = true): HidPosChunk {
  const base = withReportId ? 1 : 0;
  if (report.length < base + 4) throw new DeskError('BARCODE_REPORT_INVALID', '扫码枪数据格式错误，请重新扫码。');
  const len = report[base];
  const room = report.length - base - 1;
  if (len > room || len < 3) throw new DeskError('BARCODE_REPORT_INVALID', '扫码枪数据长度错误，请重新扫码。');
  const symbology = String.fromCharCode(report[base + 1], report[base + 2], report[base + 3]);
  const data = report.slice(base + 4, base + 1 + len);
  return { symbology, data, more: len === room };
}

export function decodeScanText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Domestic scanners often emit GB18030 for Chinese payloads.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

type HidDev = { on(ev: 'data' | 'error', cb: (x: Buffer & Error) => void): void; close(): void | Promise<void>; removeAllListeners(): void };
type HidInfo = { vendorId: number; productId: number; path?: string; usagePage?: number };
type HidModule = { devicesAsync(): Promise<HidInfo[]>; HIDAsync: { open(path: string): Promise<HidDev> } };

export class HidPosScanner extends EventEmitter implements BarcodeScanner {
  readonly kind = 'barcode' as const;
  private dev?: HidDev;
  private parts: Uint8Array[] = [];
  private symbology = '';
  private state: DeviceState = 'absent';
  private lastError?: DeviceErrorInfo;

  constructor(
    readonly id: string,
    private readonly match: { vendorId?: number; productId?: number; path?: string } = {},
    private readonly classify: ClassifyOptions = {},
  ) {
    super();
  }

  info(): DeviceInfo {
    return { id: this.id, kind: 'barcode', model: 'HID-POS 扫码枪', transport: 'usb-hid-pos', simulated: false, state: this.state, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  async open(): Promise<void> {
    if (this.dev) return;
    let hid: HidModule;
    try {
      hid = createRequire(import.meta.url)('node-hid') as HidModule;
    } catch (e) {
      throw this.fail(new DeskError('DEVICE_DRIVER_MISSING', `无法加载 USB HID 驱动（node-hid）：${(e as Error).message}。请安装 libusb 或改用模拟设备。`));
    }
    const list = await hid.devicesAsync();
    const d = list.find(
      (x) =>
        x.usagePage === HID_POS_USAGE_PAGE &&
        (this.match.vendorId === undefined || x.vendorId === this.match.vendorId) &&
        (this.match.productId === undefined || x.productId === this.match.productId) &&
        (!this.match.path || x.path === this.match.path),
    );
    if (!d?.path) throw this.fail(new DeskError('BARCODE_NOT_CONNECTED', '未检测到 HID-POS 扫码枪，请插好扫码枪并确认已设置为 HID-POS 模式。'));
    this.dev = await hid.HIDAsync.open(d.path);
    this.dev!.on('data', (b: Buffer) => this.onReport(new Uint8Array(b)));
    this.dev!.on('error', () => {
      this.dev = undefined;
      this.state = 'absent';
      this.emit('disconnect');
    });
    this.state = 'ready';
  }

  private fail(e: DeskError): DeskError {
    this.lastError = { code: e.code, message: e.message, at: new Date().toISOString() };
    this.state = 'absent';
    return e;
  }

  private onReport(report: Uint8Array): void {
    let chunk: HidPosChunk;
    try {
      // HID-POS reports are numbered, so node-hid delivers the report ID first; a device
      // using unnumbered reports is still accepted.
      chunk = parseHidPosReport(report, true);
    } catch {
      try {
        chunk = parseHidPosReport(report, false);
      } catch {
        return;
      }
    }
    if (!this.parts.length) this.symbology = chunk.symbology;
    this.parts.push(chunk.data);
    if (chunk.more) return;
    const all = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of this.parts) {
      all.set(p, o);
      o += p.length;
    }
    this.parts = [];
    const raw = decodeScanText(all);
    const scan: BarcodeScan = { raw, symbology: `]${this.symbology.slice(0, 2)}`, payload: classifyBarcode(raw, this.classify), at: new Date().toISOString() };
    this.emit('scan', scan);
  }

  onScan(listener: (scan: BarcodeScan) => void): () => void {
    this.on('scan', listener);
    return () => this.off('scan', listener);
  }

  async close(): Promise<void> {
    const d = this.dev;
    this.dev = undefined;
    d?.removeAllListeners();
    await d?.close();
    this.state = 'absent';
  }
}
