import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError } from '../../common/errors';
import type { DeviceErrorInfo, DeviceInfo, DeviceState, PaperKind, Printer, PrintJobStatus, PrintRequest } from '../types';
import { run } from '../scanner/exec';

export interface CupsConfig {
  /** Extra environment, e.g. { CUPS_SERVER: '/tmp/x/cups.sock' } for a private scheduler */
  env?: NodeJS.ProcessEnv;
  /** Receipt length for 80 mm paper, in mm (continuous roll; CUPS needs a length). */
  receiptLengthMm?: number;
}

export interface CupsQueue {
  name: string;
  state: 'idle' | 'printing' | 'disabled';
  isDefault: boolean;
  reason?: string;
}

const MISSING: [string, string] = ['PRINTER_TOOL_MISSING', '未安装打印系统（CUPS 客户端 lp/lpstat），请联系技术人员安装 cups-client。'];
const QUEUE_RE = /^[A-Za-z0-9_.@-]{1,127}$/;

function env(cfg: CupsConfig): NodeJS.ProcessEnv {
  // lpstat output is parsed, so pin the C locale
  return { ...process.env, ...cfg.env, LANG: 'C', LC_ALL: 'C' };
}

/** Parses `lpstat -p -d`. */
export function parseLpstatPrinters(stdout: string): CupsQueue[] {
  const def = /^system default destination: (\S+)/m.exec(stdout)?.[1];
  const out: CupsQueue[] = [];
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^printer (\S+) (?:is (idle)|(now printing)|(disabled))/.exec(lines[i]);
    if (!m) continue;
    const q: CupsQueue = { name: m[1], state: m[2] ? 'idle' : m[3] ? 'printing' : 'disabled', isDefault: m[1] === def };
    const next = lines[i + 1];
    if (next && /^\s/.test(next) && !/^printer /.test(next)) q.reason = next.trim();
    out.push(q);
  }
  return out;
}

export async function listCupsPrinters(cfg: CupsConfig = {}): Promise<CupsQueue[]> {
  const r = await run('lpstat', ['-p', '-d'], { env: env(cfg), timeoutMs: 15_000, missing: MISSING });
  if (/scheduler is not running|unable to connect/i.test(r.stderr)) throw new DeskError('PRINTER_SERVICE_DOWN', '打印服务（CUPS）未运行，请联系技术人员启动打印服务。');
  // "No destinations added." is a clean empty list
  return parseLpstatPrinters(r.stdout);
}

/** Parses `lpstat -l -o` / `lpstat -l -W completed -o` into job id → {alerts, status}. */
export function parseLpstatJobs(stdout: string): Map<string, { status?: string; alerts: string[] }> {
  const jobs = new Map<string, { status?: string; alerts: string[] }>();
  let cur: { status?: string; alerts: string[] } | undefined;
  for (const line of stdout.split('\n')) {
    const head = /^(\S+-\d+)\s/.exec(line);
    if (head) {
      cur = { alerts: [] };
      jobs.set(head[1], cur);
      continue;
    }
    if (!cur) continue;
    const st = /^\s+Status:\s*(.*)$/.exec(line);
    if (st) cur.status = st[1].trim() || undefined;
    const al = /^\s+Alerts:\s*(.*)$/.exec(line);
    if (al) cur.alerts = al[1].trim().split(/\s+/).filter(Boolean);
  }
  return jobs;
}

const FAIL_ALERTS: Record<string, string> = {
  'job-completed-with-errors': '打印过程中出错',
  'aborted-by-system': '打印任务被系统中止',
  'job-canceled-by-user': '打印任务已被取消',
  'job-canceled-by-operator': '打印任务已被管理员取消',
  'job-canceled-at-device': '打印任务在打印机上被取消',
  'processing-to-stop-point': '打印任务已中止',
  'document-format-error': '文件格式错误',
  'document-unprintable-error': '文件无法打印',
};

export function jobStatusFrom(jobId: string, active?: { status?: string; alerts: string[] }, done?: { status?: string; alerts: string[] }): PrintJobStatus {
  if (done) {
    // terminal: the alerts say how it ended
    const bad = done.alerts.find((a) => FAIL_ALERTS[a]);
    if (bad && !done.alerts.includes('job-completed-successfully')) return { jobId, state: 'failed', reason: `${FAIL_ALERTS[bad]}${done.status ? `：${done.status}` : ''}` };
    return { jobId, state: 'completed' };
  }
  if (!active) return { jobId, state: 'failed', reason: '找不到该打印任务（可能已被清除）' };
  // Transient alerts such as processing-to-stop-point show up on healthy jobs; only an error
  // that stopped the queue (stop-printer policy leaves the job pending forever) counts here.
  if (active.alerts.includes('job-completed-with-errors')) return { jobId, state: 'failed', reason: `打印过程中出错${active.status ? `：${active.status}` : ''}` };
  if (active.alerts.includes('job-printing')) return { jobId, state: 'processing', reason: active.status };
  return { jobId, state: 'pending', reason: active.status };
}

// lpstat cannot tell an aborted job from a completed one (both end up in the "completed" list,
// often with the same processing-to-stop-point alert), so the job state comes from IPP through
// ipptool (Debian cups-ipp-utils); lpstat is only the fallback when ipptool is missing.
const GET_JOB_TEST = `{
  NAME "get job"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri job-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword requested-attributes job-state,job-state-reasons,job-printer-state-message
  STATUS successful-ok
  DISPLAY job-state
  DISPLAY job-state-reasons
  DISPLAY job-printer-state-message
}
`;
let testFile: Promise<string> | undefined;
function getJobTestFile(): Promise<string> {
  testFile ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wd-ipp-'));
    const f = join(dir, 'get-job.test');
    await writeFile(f, GET_JOB_TEST);
    return f;
  })();
  return testFile;
}

function ippHost(cfg: CupsConfig): string {
  const server = cfg.env?.CUPS_SERVER ?? process.env.CUPS_SERVER;
  if (!server) return 'localhost:631';
  return server.startsWith('/') ? encodeURIComponent(server) : server;
}

/** Parses ipptool -c output: a CSV header line then one value line. */
export function parseIppCsv(stdout: string): { state?: string; reasons: string[]; message?: string } {
  const lines = stdout.trim().split('\n').filter(Boolean);
  if (lines.length < 2) return { reasons: [] };
  const head = lines[0].split(',');
  const vals = lines[1].match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((v) => v.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')) ?? [];
  const get = (k: string) => vals[head.indexOf(k)];
  return { state: get('job-state') || undefined, reasons: (get('job-state-reasons') ?? '').split(/[ ,]+/).filter(Boolean), message: get('job-printer-state-message') || undefined };
}

const IPP_REASON: Record<string, string> = {
  'printer-stopped': '打印机已停止',
  'job-hold-until-specified': '任务被挂起',
};

export function ippJobStatus(jobId: string, ipp: { state?: string; reasons: string[]; message?: string }): PrintJobStatus | undefined {
  const reasonText = () => {
    const r = ipp.reasons.map((x) => FAIL_ALERTS[x] ?? IPP_REASON[x]).find(Boolean);
    return [r, ipp.message].filter(Boolean).join('：') || ipp.reasons.join(', ') || undefined;
  };
  switch (ipp.state) {
    case 'completed':
      return { jobId, state: 'completed' };
    case 'aborted':
    case 'canceled':
      return { jobId, state: 'failed', reason: `${ipp.state === 'canceled' ? '打印任务已取消' : '打印任务被中止'}${reasonText() ? `（${reasonText()}）` : ''}` };
    case 'processing-stopped':
      // stop-printer policy: the job would wait forever for an administrator
      return { jobId, state: 'failed', reason: `打印机停止处理该任务${reasonText() ? `（${reasonText()}）` : ''}` };
    case 'processing':
      return { jobId, state: 'processing', reason: ipp.message };
    case 'pending':
    case 'pending-held':
      return { jobId, state: 'pending', reason: reasonText() };
    default:
      return undefined;
  }
}

export function mediaFor(paper: PaperKind, receiptLengthMm = 200): string {
  return paper === 'receipt80' ? `Custom.80x${receiptLengthMm}mm` : 'A4';
}

export class CupsPrinter implements Printer {
  readonly kind = 'printer' as const;
  private state: DeviceState = 'ready';
  private lastError?: DeviceErrorInfo;

  constructor(
    readonly queue: string,
    private readonly cfg: CupsConfig = {},
  ) {
    if (!QUEUE_RE.test(queue)) throw new DeskError('PRINTER_BAD_QUEUE', `打印机队列名称无效：${queue}，请在设置中重新选择打印机。`);
  }

  info(): DeviceInfo {
    return { id: `cups:${this.queue}`, kind: 'printer', model: this.queue, transport: 'cups', simulated: false, state: this.state, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  private fail(e: DeskError): DeskError {
    this.lastError = { code: e.code, message: e.message, at: new Date().toISOString() };
    this.state = 'error';
    return e;
  }

  async print(req: PrintRequest): Promise<string> {
    await assertPdf(req.file);
    const copies = req.copies ?? 1;
    if (!Number.isInteger(copies) || copies < 1 || copies > 20) throw new DeskError('PRINTER_BAD_REQUEST', '打印份数应为 1–20 的整数。');
    const args = ['-d', this.queue, '-n', String(copies), '-o', `media=${mediaFor(req.paper ?? 'a4', this.cfg.receiptLengthMm)}`];
    if (req.paper === 'receipt80') args.push('-o', 'fit-to-page');
    if (req.title) args.push('-t', req.title.slice(0, 120));
    args.push('--', req.file);
    const r = await run('lp', args, { env: env(this.cfg), timeoutMs: 30_000, missing: MISSING });
    const m = /request id is (\S+-\d+)/.exec(r.stdout);
    if (r.code !== 0 || !m) {
      const s = r.stderr.toLowerCase();
      if (s.includes('does not exist') || s.includes('not found')) throw this.fail(new DeskError('PRINTER_NOT_FOUND', `找不到打印机 ${this.queue}，请在设置中重新选择打印机。`));
      if (s.includes('not accepting')) throw this.fail(new DeskError('PRINTER_NOT_ACCEPTING', `打印机 ${this.queue} 暂停接收任务，请联系技术人员启用。`));
      if (s.includes('scheduler is not running') || s.includes('unable to connect')) throw this.fail(new DeskError('PRINTER_SERVICE_DOWN', '打印服务（CUPS）未运行，请联系技术人员启动打印服务。'));
      throw this.fail(new DeskError('PRINTER_SUBMIT_FAILED', `提交打印任务失败：${r.stderr.trim().slice(0, 200) || '未知原因'}`));
    }
    this.state = 'busy';
    return m[1];
  }

  async jobStatus(jobId: string): Promise<PrintJobStatus> {
    const m = /^\S+-(\d+)$/.exec(jobId);
    if (!m) throw new DeskError('PRINTER_BAD_REQUEST', `打印任务编号无效：${jobId}`);
    try {
      const r = await run('ipptool', ['-c', '-d', `user=${process.env.USER ?? 'root'}`, `ipp://${ippHost(this.cfg)}/jobs/${m[1]}`, await getJobTestFile()], { env: env(this.cfg), timeoutMs: 15_000 });
      const s = ippJobStatus(jobId, parseIppCsv(r.stdout));
      if (s) return s;
    } catch (e) {
      if ((e as DeskError).code !== 'DEVICE_TOOL_MISSING') throw e;
    }
    const [active, done] = await Promise.all([
      run('lpstat', ['-l', '-W', 'not-completed', '-o', this.queue], { env: env(this.cfg), timeoutMs: 15_000, missing: MISSING }),
      run('lpstat', ['-l', '-W', 'completed', '-o', this.queue], { env: env(this.cfg), timeoutMs: 15_000, missing: MISSING }),
    ]);
    return jobStatusFrom(jobId, parseLpstatJobs(active.stdout).get(jobId), parseLpstatJobs(done.stdout).get(jobId));
  }

  /** Polls until completed or failed; a stuck job ends in PRINTER_JOB_TIMEOUT (the job is left queued). */
  async waitForJob(jobId: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<PrintJobStatus> {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const s = await this.jobStatus(jobId);
      if (s.state === 'completed') {
        this.state = 'ready';
        return s;
      }
      if (s.state === 'failed') {
        this.fail(new DeskError('PRINTER_JOB_FAILED', `打印失败：${s.reason ?? '未知原因'}`));
        return s;
      }
      if (Date.now() > deadline) throw this.fail(new DeskError('PRINTER_JOB_TIMEOUT', `打印任务 ${jobId} 长时间未完成（${s.reason ?? s.state}），请检查打印机是否缺纸或卡纸。`));
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
    }
  }

  /** Print, wait, and resubmit up to `retries` times when the job fails. */
  async printAndWait(req: PrintRequest, opts: { retries?: number; timeoutMs?: number; pollMs?: number } = {}): Promise<PrintJobStatus> {
    let last: PrintJobStatus | undefined;
    for (let i = 0; i <= (opts.retries ?? 1); i++) {
      const id = await this.print(req);
      last = await this.waitForJob(id, opts);
      if (last.state === 'completed') return last;
    }
    throw new DeskError('PRINTER_JOB_FAILED', `打印失败：${last?.reason ?? '未知原因'}。请检查打印机后重试。`, { jobId: last?.jobId });
  }

  async close(): Promise<void> {}
}

export async function assertPdf(file: string): Promise<void> {
  if (typeof file !== 'string' || !file) throw new DeskError('PRINTER_BAD_FILE', '没有指定要打印的文件。');
  let head = '';
  try {
    const fh = await open(file, 'r');
    const buf = Buffer.alloc(5);
    await fh.read(buf, 0, 5, 0);
    await fh.close();
    head = buf.toString('latin1');
  } catch {
    throw new DeskError('PRINTER_BAD_FILE', `找不到要打印的文件：${file}`);
  }
  if (head !== '%PDF-') throw new DeskError('PRINTER_BAD_FILE', '只能打印 PDF 文件，请重新生成打印文档。');
}
