import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { IdCardError } from './errors';
import type { ByteTransport } from './transport';

// UART / USB-CDC readers carry raw SAM frames (reference §2). `serialport` is loaded lazily like
// node-hid, so the simulator runs on machines without its native binding.

/** The part of serialport's SerialPort we use; SerialPortMock satisfies it in tests. */
export interface SerialPortLike {
  open(cb: (err: Error | null) => void): void;
  write(data: Buffer, cb?: (err: Error | null | undefined) => void): boolean;
  drain(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  on(ev: 'data', cb: (b: Buffer) => void): this;
  on(ev: 'close', cb: (err?: Error & { disconnected?: boolean }) => void): this;
  on(ev: 'error', cb: (err: Error) => void): this;
  removeAllListeners(): this;
  readonly isOpen: boolean;
}

export type SerialPortFactory = (path: string, baudRate: number) => SerialPortLike;

export function defaultSerialFactory(path: string, baudRate: number): SerialPortLike {
  let mod: { SerialPort: new (o: { path: string; baudRate: number; autoOpen: boolean }) => SerialPortLike };
  try {
    mod = createRequire(import.meta.url)('serialport');
  } catch (e) {
    throw new IdCardError('DEVICE_DRIVER_MISSING', `无法加载串口驱动（serialport）：${(e as Error).message}。请改用 USB-HID 读卡器或模拟设备。`);
  }
  return new mod.SerialPort({ path, baudRate, autoOpen: false });
}

export class SerialReaderTransport extends EventEmitter implements ByteTransport {
  readonly kind = 'serial';
  readonly description: string;
  private port?: SerialPortLike;

  constructor(
    private readonly path: string,
    private readonly baudRate = 115200,
    private readonly factory: SerialPortFactory = defaultSerialFactory,
  ) {
    super();
    this.description = `串口读卡器 ${path} @ ${baudRate}`;
  }

  get isOpen(): boolean {
    return !!this.port?.isOpen;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) return;
    const port = this.factory(this.path, this.baudRate);
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new IdCardError('IDCARD_NOT_CONNECTED', `无法打开读卡器串口 ${this.path}（${err.message}），请检查连接或设备权限。`)) : resolve())),
    );
    port.on('data', (b) => this.emit('data', new Uint8Array(b)));
    port.on('close', () => this.lost(port));
    port.on('error', () => this.lost(port));
    this.port = port;
  }

  private lost(port: SerialPortLike): void {
    if (this.port !== port) return;
    this.port = undefined;
    port.removeAllListeners();
    this.emit('disconnect');
  }

  async write(frame: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new IdCardError('IDCARD_NOT_CONNECTED', '读卡器未连接，请插好读卡器后重试。');
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(frame), (err) => {
        if (err) return reject(new IdCardError('IDCARD_WRITE_FAILED', `向读卡器串口写数据失败：${err.message}`));
        port.drain((e) => (e ? reject(new IdCardError('IDCARD_WRITE_FAILED', `向读卡器串口写数据失败：${e.message}`)) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port) return;
    port.removeAllListeners();
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
