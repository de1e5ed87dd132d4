import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DeskError } from '../../common/errors';
import type { DeviceErrorInfo, DeviceInfo, DeviceState, DocumentScanner, ScannedPage, ScanRequest } from '../types';
import { run } from './exec';

export interface SaneDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export interface SaneOption {
  name: string;
  /** enumerated choices, or undefined for ranges / free values */
  choices?: string[];
  range?: { min: number; max: number; unit?: string };
  current?: string;
  inactive: boolean;
}

export interface SaneConfig {
  /** Binary path, default 'scanimage' */
  scanimage?: string;
  /** Extra environment, e.g. { SANE_CONFIG_DIR } */
  env?: NodeJS.ProcessEnv;
}

const MISSING: [string, string] = ['SCANNER_TOOL_MISSING', '未安装扫描程序 scanimage（sane-utils），请联系技术人员安装。'];

function envOf(cfg: SaneConfig): NodeJS.ProcessEnv {
  return { ...process.env, ...cfg.env };
}

export async function listSaneDevices(cfg: SaneConfig = {}): Promise<SaneDevice[]> {
  const r = await run(cfg.scanimage ?? 'scanimage', ['-f', '%d\t%v\t%m\t%t%n'], { env: envOf(cfg), timeoutMs: 30_000, missing: MISSING });
  if (r.timedOut) throw new DeskError('SCANNER_TIMEOUT', '查找扫描仪超时，请检查扫描仪电源和连接线后重试。');
  return parseDeviceList(r.stdout);
}

export function parseDeviceList(stdout: string): SaneDevice[] {
  return stdout
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p) => p.length >= 4 && p[0])
    .map(([name, vendor, model, type]) => ({ name, vendor, model, type }));
}

export async function listSaneOptions(device: string, cfg: SaneConfig = {}): Promise<SaneOption[]> {
  const r = await run(cfg.scanimage ?? 'scanimage', ['-d', device, '-A'], { env: envOf(cfg), timeoutMs: 30_000, missing: MISSING });
  if (r.timedOut) throw new DeskError('SCANNER_TIMEOUT', '读取扫描仪参数超时，请检查扫描仪后重试。');
  if (r.code !== 0) throw mapSaneError(r.stderr, device);
  return parseOptions(r.stdout);
}

/** Parses `scanimage -A` lines like `    --mode Gray|Color [Gray]` or `--resolution 1..1200dpi (in steps of 1) [300]`. */
export function parseOptions(stdout: string): SaneOption[] {
  const out: SaneOption[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s+(--?[\w-]+)(?:\[=\(([^)]*)\)\])?\s*(.*?)\s*(?:\[([^\]]*)\])?\s*$/.exec(line);
    if (!m) continue;
    const name = m[1].replace(/^-+/, '');
    const spec = m[3] ?? '';
    const current = m[4];
    const opt: SaneOption = { name, inactive: current === 'inactive', current: current === 'inactive' ? undefined : current };
    if (m[2]) opt.choices = m[2].split('|');
    const range = /^(-?[\d.]+)\.\.(-?[\d.]+)(\w*)/.exec(spec);
    if (range) opt.range = { min: Number(range[1]), max: Number(range[2]), unit: range[3] || undefined };
    else if (spec.includes('|')) opt.choices = spec.split('|').map((c) => c.trim());
    out.push(opt);
  }
  return out;
}

export function mapSaneError(stderr: string, device: string, timedOut = false): DeskError {
  const s = stderr.toLowerCase();
  if (timedOut) return new DeskError('SCANNER_TIMEOUT', '扫描超时，扫描仪没有及时完成，请检查扫描仪是否卡纸或休眠后重试。', { device });
  if (s.includes('out of documents') || s.includes('no docs')) return new DeskError('SCANNER_ADF_EMPTY', '进纸器中没有纸张，请放入材料后重试，或改用平板扫描。', { device });
  if (s.includes('jammed')) return new DeskError('SCANNER_JAMMED', '扫描仪卡纸，请打开进纸器取出纸张后重试。', { device });
  if (s.includes('cover')) return new DeskError('SCANNER_COVER_OPEN', '扫描仪盖板打开，请合上后重试。', { device });
  if (s.includes('busy')) return new DeskError('SCANNER_BUSY', '扫描仪正被其他程序使用，请稍后重试。', { device });
  if (s.includes('access') && s.includes('denied')) return new DeskError('SCANNER_ACCESS_DENIED', '没有访问扫描仪的权限，请联系技术人员配置设备权限。', { device });
  if (s.includes('open of device') || s.includes('no sane devices') || s.includes('invalid argument') || s.includes('no such'))
    return new DeskError('SCANNER_NOT_FOUND', `未找到扫描仪 ${device}，请检查电源和连接线，或在设置中重新选择扫描仪。`, { device });
  if (s.includes('unrecognized option') || s.includes('invalid') || s.includes('not a valid'))
    return new DeskError('SCANNER_OPTION_UNSUPPORTED', '扫描仪不支持所选的扫描参数，请更换分辨率或颜色模式。', { device, stderr: stderr.slice(0, 500) });
  return new DeskError('SCANNER_FAILED', `扫描失败：${stderr.trim().split('\n').pop() ?? '未知原因'}。请重试，仍失败请联系技术人员。`, { device });
}

const MODE_CANDIDATES: Record<string, RegExp> = {
  color: /^colou?r$/i,
  gray: /^gr[ae]y(scale)?$/i,
  lineart: /^(lineart|binary|black ?& ?white)$/i,
};

export class SaneScanner implements DocumentScanner {
  readonly kind = 'scanner' as const;
  private state: DeviceState = 'ready';
  private lastError?: DeviceErrorInfo;
  private options?: SaneOption[];

  constructor(
    readonly device: string,
    private readonly cfg: SaneConfig & { model?: string; extraArgs?: string[] } = {},
  ) {}

  info(): DeviceInfo {
    return {
      id: `sane:${this.device}`,
      kind: 'scanner',
      model: this.cfg.model ?? this.device,
      transport: 'sane',
      simulated: false,
      state: this.state,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async listOptions(): Promise<SaneOption[]> {
    this.options ??= await listSaneOptions(this.device, this.cfg);
    return this.options;
  }

  private pick(opts: SaneOption[], name: string, re: RegExp): string | undefined {
    return opts.find((o) => o.name === name)?.choices?.find((c) => re.test(c));
  }

  async scan(req: ScanRequest): Promise<ScannedPage[]> {
    if (this.state === 'busy') throw new DeskError('SCANNER_BUSY', '扫描仪正在扫描，请等待当前扫描完成。');
    this.state = 'busy';
    try {
      const pages = await this.scanInner(req);
      this.state = 'ready';
      return pages;
    } catch (e) {
      const err = e instanceof DeskError ? e : new DeskError('SCANNER_FAILED', `扫描失败：${String(e)}`);
      this.lastError = { code: err.code, message: err.message, at: new Date().toISOString() };
      this.state = err.code === 'SCANNER_NOT_FOUND' ? 'absent' : 'error';
      throw err;
    }
  }

  private async scanInner(req: ScanRequest): Promise<ScannedPage[]> {
    const format = req.format ?? 'png';
    if (!['png', 'jpeg'].includes(format)) throw new DeskError('SCANNER_OPTION_UNSUPPORTED', '扫描输出格式只支持 PNG 或 JPEG。');
    const resolution = req.resolution ?? 200;
    if (!Number.isInteger(resolution) || resolution < 50 || resolution > 1200) throw new DeskError('SCANNER_OPTION_UNSUPPORTED', '扫描分辨率应为 50–1200 dpi 的整数。');
    const opts = await this.listOptions();
    const args = ['-d', this.device, `--format=${format}`, '--resolution', String(resolution)];
    const mode = this.pick(opts, 'mode', MODE_CANDIDATES[req.mode ?? 'color']);
    if (req.mode && !mode) throw new DeskError('SCANNER_OPTION_UNSUPPORTED', `扫描仪不支持所选颜色模式（${req.mode}），请改用其他模式。`);
    if (mode) args.push('--mode', mode);
    const source =
      req.source === 'adf'
        ? this.pick(opts, 'source', /^(adf( front)?|automatic document feeder|feeder|adf simplex)$/i)
        : this.pick(opts, 'source', /^(flatbed|glass|platen)$/i);
    if (req.source === 'adf' && !source) throw new DeskError('SCANNER_NO_ADF', '该扫描仪没有自动进纸器，请使用平板扫描。');
    if (source) args.push('--source', source);
    args.push(...(this.cfg.extraArgs ?? []));
    await mkdir(req.outDir, { recursive: true });
    const prefix = `scan-${Date.now()}-${randomBytes(3).toString('hex')}`;
    const ext = format === 'jpeg' ? 'jpg' : 'png';
    if (req.source === 'adf') {
      args.push(`--batch=${join(req.outDir, `${prefix}-%03d.${ext}`)}`);
      if (req.maxPages) args.push(`--batch-count=${req.maxPages}`);
    } else {
      args.push('-o', join(req.outDir, `${prefix}-001.${ext}`));
    }
    const r = await run(this.cfg.scanimage ?? 'scanimage', args, { env: envOf(this.cfg), timeoutMs: req.timeoutMs ?? 120_000, missing: MISSING });
    const pages = await collect(req.outDir, prefix, format);
    if (r.timedOut) throw mapSaneError(r.stderr, this.device, true);
    // An ADF batch ends with "out of documents": that is success if pages were scanned.
    if (r.code !== 0 || pages.length === 0) {
      if (!(req.source === 'adf' && pages.length > 0 && /out of documents/i.test(r.stderr))) throw mapSaneError(r.stderr, this.device);
    }
    return pages;
  }

  async close(): Promise<void> {}
}

async function collect(dir: string, prefix: string, format: 'png' | 'jpeg'): Promise<ScannedPage[]> {
  const names = (await readdir(dir)).filter((n) => n.startsWith(prefix + '-')).sort();
  const out: ScannedPage[] = [];
  for (const n of names) {
    const p = join(dir, n);
    const s = await stat(p);
    // scanimage leaves a zero-byte file when a page fails mid-way; it is not a page
    if (s.size === 0) continue;
    out.push({ path: p, index: out.length + 1, format, bytes: s.size });
  }
  return out;
}
