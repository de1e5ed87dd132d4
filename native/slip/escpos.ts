import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { DeskError } from '../../common/errors';
import type { SlipPrintJob, SlipPrinter } from './types';

/**
 * An ESC/POS thermal printer reached as a device file: a USB printer class device
 * (/dev/usb/lp0), a serial port (/dev/ttyUSB0, COM3 — its speed set by the system, e.g. stty),
 * or a parallel port. The bytes are written as they are; the printer needs no driver.
 */
export class EscposDevicePrinter implements SlipPrinter {
  readonly kind = 'escpos' as const;
  readonly format = 'escpos' as const;
  readonly simulated = false;

  constructor(
    readonly name: string,
    private readonly opts: { timeoutMs?: number } = {},
  ) {
    if (!/^(\/[^\0]+|COM\d{1,3}|\\\\\.\\COM\d{1,3})$/.test(name)) throw new DeskError('SLIP_PRINTER_BAD_DEVICE', `号票打印机设备路径无效：${name}，请在设置中填写如 /dev/usb/lp0 的设备。`);
  }

  async print(job: SlipPrintJob): Promise<void> {
    const st = await stat(this.name).catch((e: NodeJS.ErrnoException) => {
      throw this.error(e);
    });
    if (st.isDirectory()) throw new DeskError('SLIP_PRINTER_BAD_DEVICE', `${this.name} 不是打印机设备，请在设置中重新选择号票打印机。`);
    // Never O_CREAT: a mistyped /dev path must fail, not leave a file where the printer should be.
    const fh = await open(this.name, constants.O_WRONLY).catch((e: NodeJS.ErrnoException) => {
      throw this.error(e);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      // A USB printer that is off or out of paper can block the write indefinitely.
      const timeout = new Promise<never>((_r, reject) => {
        timer = setTimeout(() => reject(new DeskError('SLIP_PRINTER_TIMEOUT', '号票打印机无响应（可能缺纸、卡纸或未开机）')), this.opts.timeoutMs ?? 8_000);
      });
      await Promise.race([fh.write(job.data, 0, job.data.length), timeout]).catch((e: unknown) => {
        throw e instanceof DeskError ? e : this.error(e as NodeJS.ErrnoException);
      });
    } finally {
      clearTimeout(timer);
      await fh.close().catch(() => {});
    }
  }

  private error(e: NodeJS.ErrnoException): DeskError {
    switch (e.code) {
      case 'ENOENT':
      case 'ENODEV':
      case 'ENXIO':
        return new DeskError('SLIP_PRINTER_NOT_FOUND', `找不到号票打印机（${this.name}），请检查打印机电源和数据线`);
      case 'EACCES':
      case 'EPERM':
        return new DeskError('SLIP_PRINTER_DENIED', `没有写入号票打印机（${this.name}）的权限，请联系技术人员（加入 lp 组）`);
      case 'EBUSY':
        return new DeskError('SLIP_PRINTER_BUSY', `号票打印机（${this.name}）正被其他程序占用`);
      default:
        return new DeskError('SLIP_PRINTER_FAILED', `号票打印机写入失败（${e.code ?? e.message}）`);
    }
  }
}
