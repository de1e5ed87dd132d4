import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { IdCardError } from './errors';
import { toReports, wrapMiaxis } from './envelope';
import type { ByteTransport } from './transport';

// node-hid is loaded on first use so a machine without libusb/hidraw still runs the simulator.
export type HidAsync = {
  write(data: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
  on(ev: 'data', cb: (b: Buffer) => void): void;
  on(ev: 'error', cb: (e: Error) => void): void;
  removeAllListeners(): void;
};
export type NodeHid = {
  devicesAsync(): Promise<Array<{ vendorId: number; productId: number; path?: string; product?: string; usagePage?: number; usage?: number }>>;
  HIDAsync: { open(path: string): Promise<HidAsync> };
};

let hidModule: NodeHid | undefined;
export function loadNodeHid(): NodeHid {
  if (hidModule) return hidModule;
  try {
    const require = createRequire(import.meta.url);
    hidModule = require('node-hid') as NodeHid;
    return hidModule;
  } catch (e) {
    throw new IdCardError('DEVICE_DRIVER_MISSING', `无法加载 USB HID 驱动（node-hid）：${(e as Error).message}。请安装 libusb 或改用模拟设备。`);
  }
}

export interface HidReaderModel {
  vendorId: number;
  productId: number;
  model: string;
  /** 'plain': SAM frames in HID reports; 'miaxis': vendor envelope (see envelope.ts) */
  framing: 'plain' | 'miaxis';
  reportSize: number;
  payloadPerReport: number;
}

// From the reference, section 2. 0400:C35A is bulk (not HID) and needs the `usb` package.
export const KNOWN_HID_READERS: HidReaderModel[] = [
  { vendorId: 0x0425, productId: 0x8159, model: '精伦 iDR210 (HIDIDR)', framing: 'plain', reportSize: 64, payloadPerReport: 64 },
  { vendorId: 0x10c4, productId: 0x0007, model: '中正 Miaxis MR-300', framing: 'miaxis', reportSize: 64, payloadPerReport: 56 },
];

/**
 * USB-HID reader. Responses arrive as zero-padded input reports; the reassembler downstream
 * skips the padding, so we pass reports through unchanged. A read error means the device was
 * unplugged: we emit 'disconnect' and the poller reopens it when it is back.
 */
export class HidReaderTransport extends EventEmitter implements ByteTransport {
  private dev?: HidAsync;
  readonly kind: string;
  readonly description: string;

  constructor(
    private readonly modelInfo: HidReaderModel,
    private readonly path?: string,
    /** Injected node-hid (tests, or a utilityProcess bridge); default loads node-hid lazily. */
    private readonly hidImpl?: NodeHid,
  ) {
    super();
    this.kind = modelInfo.framing === 'miaxis' ? 'usb-hid-miaxis' : 'usb-hid';
    this.description = `${modelInfo.model} ${hex4(modelInfo.vendorId)}:${hex4(modelInfo.productId)}`;
  }

  get isOpen(): boolean {
    return !!this.dev;
  }

  async open(): Promise<void> {
    if (this.dev) return;
    const hid = this.hidImpl ?? loadNodeHid();
    const list = await hid.devicesAsync();
    const found = list.find((d) => d.vendorId === this.modelInfo.vendorId && d.productId === this.modelInfo.productId && (!this.path || d.path === this.path));
    if (!found?.path) throw new IdCardError('IDCARD_NOT_CONNECTED', `未检测到读卡器 ${this.description}，请插好 USB 线；Linux 下还需配置 udev 权限。`);
    try {
      this.dev = await hid.HIDAsync.open(found.path);
    } catch (e) {
      throw new IdCardError('IDCARD_OPEN_FAILED', `无法打开读卡器（${(e as Error).message}），请检查设备权限或是否被其他程序占用。`);
    }
    this.dev.on('data', (b: Buffer) => this.emit('data', new Uint8Array(b)));
    this.dev.on('error', () => this.lost());
  }

  private lost(): void {
    const d = this.dev;
    this.dev = undefined;
    d?.removeAllListeners();
    void d?.close().catch(() => undefined);
    this.emit('disconnect');
  }

  async write(frame: Uint8Array): Promise<void> {
    if (!this.dev) throw new IdCardError('IDCARD_NOT_CONNECTED', '读卡器未连接，请插好读卡器后重试。');
    const payload = this.modelInfo.framing === 'miaxis' ? wrapMiaxis(frame) : frame;
    try {
      for (const r of toReports(payload, this.modelInfo.reportSize, this.modelInfo.payloadPerReport)) await this.dev.write(Buffer.from(r));
    } catch {
      this.lost();
      throw new IdCardError('IDCARD_DISCONNECTED', '向读卡器写数据失败，读卡器可能已拔出，请检查 USB 线。');
    }
  }

  async close(): Promise<void> {
    const d = this.dev;
    this.dev = undefined;
    d?.removeAllListeners();
    await d?.close().catch(() => undefined);
  }
}

/** Known readers currently attached (empty when node-hid cannot load). */
export async function findHidReaders(): Promise<Array<{ model: HidReaderModel; path: string }>> {
  let hid: NodeHid;
  try {
    hid = loadNodeHid();
  } catch {
    return [];
  }
  const list = await hid.devicesAsync();
  const out: Array<{ model: HidReaderModel; path: string }> = [];
  for (const d of list) {
    const m = KNOWN_HID_READERS.find((k) => k.vendorId === d.vendorId && k.productId === d.productId);
    if (m && d.path) out.push({ model: m, path: d.path });
  }
  return out;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').toUpperCase();
}
