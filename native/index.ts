import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { loadSharp } from './sharp';
import { DeskError } from '../common/errors';
import type { ClassifyOptions } from '../common/barcode/classify';
import { SimulatedBarcodeScanner, HidPosScanner } from './barcode';
import { DiagnosticsLog } from './diagnostics';
import { HidReaderTransport, KNOWN_HID_READERS, SamIdCardReader, SAMPLE_CARDS, SerialReaderTransport, SimulatedReaderTransport, type SimReaderOptions } from './idcard';
import { assembleMaterialPdf } from './pages';
import { writeFile } from 'node:fs/promises';
import { CupsPrinter, SimulatedPrinter, type CupsConfig } from './printer';
import { Naps2Scanner, SaneScanner, SimulatedScanner, type Naps2Config } from './scanner';
import type { BarcodeScanner, DeviceInfo, DeviceKind, DocumentScanner, IdCardReader, Printer, WltDecoder } from './types';
import { CARD_TYPE_NAMES } from './types';

export * from './types';
export { DiagnosticsLog, type DiagEntry, type DiagLevel } from './diagnostics';

export interface DeviceSettings {
  /** Where device tests and simulated devices write files. */
  workDir: string;
  idcard?:
    | { mode: 'simulated'; sim?: SimReaderOptions }
    | { mode: 'hid'; vendorId: number; productId: number; path?: string }
    | { mode: 'serial'; path: string; baudRate?: number };
  /** 'wedge' scanners live in the renderer (common/barcode/wedge.ts); no main-process device. */
  barcode?: { mode: 'simulated' } | { mode: 'hid-pos'; vendorId?: number; productId?: number } | { mode: 'wedge' };
  scanner?: { mode: 'simulated'; feederPages?: number } | { mode: 'sane'; device: string; env?: NodeJS.ProcessEnv } | ({ mode: 'naps2' } & Naps2Config);
  printer?: { mode: 'simulated' } | ({ mode: 'cups'; queue: string } & CupsConfig);
  classify?: ClassifyOptions;
  wltDecoder?: WltDecoder;
  diagnosticsCapacity?: number;
}

export interface DeviceTestResult {
  ok: boolean;
  kind: DeviceKind;
  deviceId: string;
  simulated: boolean;
  /** Chinese one-liner for the technician */
  summary: string;
  error?: { code: string; message: string };
  durationMs: number;
}

/**
 * Which implementation is active per kind, chosen from settings. Defaults are the simulated
 * devices so a workstation without hardware still works (and says so: DeviceInfo.simulated).
 */
export class DeviceRegistry {
  readonly diagnostics: DiagnosticsLog;
  readonly idcard?: IdCardReader;
  readonly barcode?: BarcodeScanner;
  readonly scanner?: DocumentScanner;
  readonly printer?: Printer;
  /** The simulated reader's controls (present/remove cards, faults, unplug) when it is active. */
  readonly simReader?: SimulatedReaderTransport;

  constructor(readonly settings: DeviceSettings) {
    if (!settings?.workDir) throw new DeskError('DEVICE_SETTINGS_INVALID', '设备设置缺少工作目录（workDir），请检查设置。');
    this.diagnostics = new DiagnosticsLog(settings.diagnosticsCapacity ?? 500);
    const trace = (line: string) => this.diagnostics.add('info', 'idcard', line);
    const id = settings.idcard ?? { mode: 'simulated' as const };
    if (id.mode === 'simulated') {
      this.simReader = new SimulatedReaderTransport(id.sim);
      this.idcard = new SamIdCardReader('sim-idcard', '模拟读卡器（非真实设备）', this.simReader, { trace, wltDecoder: settings.wltDecoder });
    } else if (id.mode === 'serial') {
      this.idcard = new SamIdCardReader(`serial-idcard:${id.path}`, '串口/USB-CDC 读卡器', new SerialReaderTransport(id.path, id.baudRate ?? 115200), { trace, wltDecoder: settings.wltDecoder });
    } else {
      const model = KNOWN_HID_READERS.find((m) => m.vendorId === id.vendorId && m.productId === id.productId);
      if (!model) throw new DeskError('DEVICE_SETTINGS_INVALID', `不支持的读卡器型号 ${id.vendorId.toString(16)}:${id.productId.toString(16)}，请在设置中选择受支持的读卡器。`);
      this.idcard = new SamIdCardReader(`hid-idcard:${id.path ?? 'auto'}`, model.model, new HidReaderTransport(model, id.path), { trace, wltDecoder: settings.wltDecoder });
    }
    const bc = settings.barcode ?? { mode: 'simulated' as const };
    if (bc.mode === 'simulated') this.barcode = new SimulatedBarcodeScanner('sim-barcode', settings.classify);
    else if (bc.mode === 'hid-pos') this.barcode = new HidPosScanner('hid-pos', { vendorId: bc.vendorId, productId: bc.productId }, settings.classify);
    const sc = settings.scanner ?? { mode: 'simulated' as const };
    if (sc.mode === 'simulated') this.scanner = new SimulatedScanner('sim-scanner', { feederPages: sc.feederPages });
    else if (sc.mode === 'sane') this.scanner = new SaneScanner(sc.device, { env: sc.env });
    else this.scanner = new Naps2Scanner(sc);
    const pr = settings.printer ?? { mode: 'simulated' as const };
    this.printer = pr.mode === 'simulated' ? new SimulatedPrinter(join(settings.workDir, 'printed')) : new CupsPrinter(pr.queue, pr);
  }

  list(): DeviceInfo[] {
    return [this.idcard, this.barcode, this.scanner, this.printer].filter((d): d is NonNullable<typeof d> => !!d).map((d) => d.info());
  }

  /** The per-device test action: read a card, scan a page, print a test page, take a scan. */
  async test(kind: DeviceKind, opts: { timeoutMs?: number } = {}): Promise<DeviceTestResult> {
    const dev = { idcard: this.idcard, barcode: this.barcode, scanner: this.scanner, printer: this.printer }[kind];
    if (!dev) throw new DeskError('DEVICE_NOT_CONFIGURED', '该类设备未配置（例如扫码枪为键盘模式，由界面直接处理）。');
    const info = dev.info();
    const started = Date.now();
    const done = (ok: boolean, summary: string, error?: { code: string; message: string }): DeviceTestResult => {
      this.diagnostics.add(ok ? 'info' : 'error', kind, `test ${ok ? 'ok' : 'failed'}: ${summary}${error ? ` (${error.code})` : ''}`);
      return { ok, kind, deviceId: info.id, simulated: info.simulated, summary, error, durationMs: Date.now() - started };
    };
    try {
      switch (kind) {
        case 'idcard': {
          // the simulated reader has no hand to place a card: put the sample card in its field
          if (this.simReader) {
            this.simReader.remove();
            this.simReader.present(SAMPLE_CARDS.resident);
          }
          const r = await this.idcard!.readCard();
          return done(true, `读卡成功：${r.identity.name}，${CARD_TYPE_NAMES[r.identity.cardType]}，号码尾号 ${r.identity.idNumber.slice(-4)}`);
        }
        case 'scanner': {
          const pages = await this.scanner!.scan({ source: 'flatbed', resolution: 150, mode: 'gray', outDir: join(this.settings.workDir, 'device-test'), timeoutMs: opts.timeoutMs });
          const m = await (await loadSharp())(pages[0].path).metadata();
          return done(true, `扫描成功：${pages.length} 页，${m.width}×${m.height} 像素`);
        }
        case 'printer': {
          const file = await this.testPagePdf();
          const jobId = await this.printer!.print({ file, paper: 'a4', title: 'WindowDesk test page' });
          const s = await this.printer!.waitForJob(jobId, { timeoutMs: opts.timeoutMs ?? 60_000 });
          if (s.state !== 'completed') return done(false, `打印测试页失败：${s.reason ?? s.state}`, { code: 'PRINTER_JOB_FAILED', message: s.reason ?? s.state });
          return done(true, `测试页已打印（任务 ${jobId}）`);
        }
        case 'barcode': {
          await this.barcode!.open();
          const got = new Promise<string>((resolve, reject) => {
            const t = setTimeout(() => {
              off();
              reject(new DeskError('BARCODE_TEST_TIMEOUT', '在规定时间内没有收到扫码，请用扫码枪扫描任意条码后重试。'));
            }, opts.timeoutMs ?? 15_000);
            const off = this.barcode!.onScan((s) => {
              clearTimeout(t);
              off();
              resolve(`${s.payload.kind}：${s.raw.slice(0, 40)}`);
            });
          });
          if (this.barcode instanceof SimulatedBarcodeScanner) this.barcode.scan('WD-CASE:TEST-0001');
          return done(true, `扫码成功 ${await got}`);
        }
      }
    } catch (e) {
      const err = e instanceof DeskError ? e : new DeskError('DEVICE_TEST_FAILED', `设备测试出现未预期的错误：${String((e as Error)?.message ?? e)}`);
      return done(false, err.message, { code: err.code, message: err.message });
    }
  }

  private async testPagePdf(): Promise<string> {
    const dir = join(this.settings.workDir, 'device-test');
    await mkdir(dir, { recursive: true });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="#fff"/>
      <text x="120" y="240" font-family="sans-serif" font-size="72">WindowDesk printer test page</text>
      <text x="120" y="340" font-family="sans-serif" font-size="40">${new Date().toISOString()}</text>
      <rect x="120" y="420" width="1414" height="1800" fill="none" stroke="#000" stroke-width="6"/></svg>`;
    const png = await (await loadSharp())(Buffer.from(svg)).png().withMetadata({ density: 200 }).toBuffer();
    const file = join(dir, 'printer-test-page.pdf');
    await writeFile(file, (await assembleMaterialPdf([png], { title: 'WindowDesk printer test page' })).pdf);
    return file;
  }

  async close(): Promise<void> {
    await Promise.all([this.idcard?.close(), this.barcode?.close(), this.scanner?.close(), this.printer?.close()]);
  }
}
