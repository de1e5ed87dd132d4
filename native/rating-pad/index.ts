import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { DeskError } from '../../common/errors';
import { PadDecoder } from './report';

export { DEFAULT_PAD_KEYS, heldKeys, PadDecoder } from './report';

/** A 评价器 at a counter: one `press` per key going down, with the level (1–5) it stands for. */
export interface RatingPad {
  readonly simulated: boolean;
  on(event: 'press', listener: (level: number) => void): this;
  off(event: 'press', listener: (level: number) => void): this;
  close(): Promise<void>;
}

/** The demo's pad (said 模拟 on screen): presses come from `press`, as a test or the demo drives it. */
export class SimulatedRatingPad extends EventEmitter implements RatingPad {
  readonly simulated = true;
  private readonly decoder = new PadDecoder();

  /** The key for `level` pressed and released, as the real pad's two reports. */
  press(level: 1 | 2 | 3 | 4 | 5): void {
    const usage = 0x1e + (5 - level);
    this.feed(Uint8Array.of(0, 0, usage, 0, 0, 0, 0, 0));
    this.feed(new Uint8Array(8));
  }

  feed(report: Uint8Array): void {
    const level = this.decoder.next(report);
    if (level !== null) this.emit('press', level);
  }

  async close(): Promise<void> {
    this.removeAllListeners();
  }
}

type HidDev = { on(ev: 'data' | 'error', cb: (x: Buffer & Error) => void): void; close(): void | Promise<void>; removeAllListeners(): void };
type HidModule = { HIDAsync: { open(vendorId: number, productId: number): Promise<HidDev> } };

/** The real pad by its USB ids (node-hid; needs libusb at run time). */
export class HidRatingPad extends EventEmitter implements RatingPad {
  readonly simulated = false;
  private readonly decoder = new PadDecoder();
  private dev?: HidDev;

  constructor(private readonly vendorId: number, private readonly productId: number) {
    super();
  }

  async open(): Promise<void> {
    let hid: HidModule;
    try {
      hid = createRequire(import.meta.url)('node-hid') as HidModule;
    } catch (e) {
      throw new DeskError('DEVICE_DRIVER_MISSING', `无法加载 USB HID 驱动（node-hid）：${(e as Error).message}。请安装 libusb 或改用模拟评价器。`);
    }
    try {
      this.dev = await hid.HIDAsync.open(this.vendorId, this.productId);
    } catch {
      throw new DeskError('RATING_PAD_NOT_CONNECTED', '未检测到评价器，请插好评价器的 USB 线。');
    }
    this.dev.on('data', (b: Buffer) => {
      const level = this.decoder.next(new Uint8Array(b));
      if (level !== null) this.emit('press', level);
    });
    this.dev.on('error', () => {
      this.dev = undefined;
      this.emit('disconnect');
    });
  }

  async close(): Promise<void> {
    this.dev?.removeAllListeners();
    await this.dev?.close();
    this.dev = undefined;
    this.removeAllListeners();
  }
}
