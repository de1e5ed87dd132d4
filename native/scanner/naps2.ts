import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DeskError } from '../../common/errors';
import type { DeviceErrorInfo, DeviceInfo, DeviceState, DocumentScanner, ScannedPage, ScanRequest } from '../types';
import { run } from './exec';

// UNTESTED: written against NAPS2's command-line documentation (https://www.naps2.com/doc/command-line),
// not run on Windows here. NAPS2.Console.exe drives WIA / TWAIN / ESCL scanners:
//   NAPS2.Console.exe -o out_$(nnn).png --driver wia --device "<name>" --source glass|feeder|duplex
//                     --dpi 300 --bitdepth color|gray|bw --split -f
// `-o` with `$(nnn)` plus `--split` writes one image per page; `-f` overwrites; `--listdevices`
// lists devices for a driver. Exit code is non-zero on failure and the reason goes to stdout/stderr.

export interface Naps2Config {
  exe?: string;
  driver?: 'wia' | 'twain' | 'escl';
  device?: string;
}

export async function listNaps2Devices(cfg: Naps2Config = {}): Promise<string[]> {
  const r = await run(cfg.exe ?? 'NAPS2.Console.exe', ['--listdevices', '--driver', cfg.driver ?? 'wia'], {
    timeoutMs: 60_000,
    missing: ['SCANNER_TOOL_MISSING', '未安装 NAPS2 扫描程序，请联系技术人员安装 NAPS2。'],
  });
  if (r.code !== 0) throw new DeskError('SCANNER_FAILED', `列出扫描仪失败：${(r.stderr || r.stdout).trim().slice(0, 200)}`);
  return r.stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

export class Naps2Scanner implements DocumentScanner {
  readonly kind = 'scanner' as const;
  private state: DeviceState = 'ready';
  private lastError?: DeviceErrorInfo;

  constructor(private readonly cfg: Naps2Config = {}) {}

  info(): DeviceInfo {
    return {
      id: `naps2:${this.cfg.driver ?? 'wia'}:${this.cfg.device ?? 'default'}`,
      kind: 'scanner',
      model: this.cfg.device ?? 'NAPS2 默认扫描仪',
      transport: 'naps2',
      simulated: false,
      state: this.state,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async scan(req: ScanRequest): Promise<ScannedPage[]> {
    const format = req.format ?? 'png';
    const ext = format === 'jpeg' ? 'jpg' : 'png';
    await mkdir(req.outDir, { recursive: true });
    const prefix = `scan-${Date.now()}`;
    const args = [
      '-o', join(req.outDir, `${prefix}-$(nnn).${ext}`),
      '--split', '-f',
      '--driver', this.cfg.driver ?? 'wia',
      '--source', req.source === 'adf' ? 'feeder' : 'glass',
      '--dpi', String(req.resolution ?? 200),
      '--bitdepth', req.mode === 'gray' ? 'gray' : req.mode === 'lineart' ? 'bw' : 'color',
    ];
    if (this.cfg.device) args.push('--device', this.cfg.device);
    this.state = 'busy';
    const r = await run(this.cfg.exe ?? 'NAPS2.Console.exe', args, {
      timeoutMs: req.timeoutMs ?? 180_000,
      missing: ['SCANNER_TOOL_MISSING', '未安装 NAPS2 扫描程序，请联系技术人员安装 NAPS2。'],
    });
    const names = (await readdir(req.outDir)).filter((n) => n.startsWith(prefix)).sort();
    const pages: ScannedPage[] = [];
    for (const n of names) pages.push({ path: join(req.outDir, n), index: pages.length + 1, format, bytes: (await stat(join(req.outDir, n))).size });
    const text = `${r.stdout}\n${r.stderr}`.toLowerCase();
    let err: DeskError | undefined;
    if (r.timedOut) err = new DeskError('SCANNER_TIMEOUT', '扫描超时，请检查扫描仪是否卡纸或休眠后重试。');
    else if (pages.length === 0 && /feeder|no pages|empty/.test(text)) err = new DeskError('SCANNER_ADF_EMPTY', '进纸器中没有纸张，请放入材料后重试，或改用平板扫描。');
    else if (pages.length === 0 && /not found|no device|offline/.test(text)) err = new DeskError('SCANNER_NOT_FOUND', '未找到扫描仪，请检查电源和连接线。');
    else if (r.code !== 0 || pages.length === 0) err = new DeskError('SCANNER_FAILED', `扫描失败：${text.trim().slice(0, 200) || '未知原因'}`);
    if (err) {
      this.state = 'error';
      this.lastError = { code: err.code, message: err.message, at: new Date().toISOString() };
      throw err;
    }
    this.state = 'ready';
    return pages;
  }

  async close(): Promise<void> {}
}
