import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DeviceInfo, Printer, PrintJobStatus, PrintRequest } from '../types';
import { assertPdf } from './cups';

/** A simulated printer: "prints" by copying the PDF into a folder, so demos leave evidence. */
export class SimulatedPrinter implements Printer {
  readonly kind = 'printer' as const;
  private seq = 0;
  private jobs = new Map<string, PrintJobStatus & { path: string }>();

  constructor(
    readonly outDir: string,
    readonly id = 'sim-printer',
  ) {}

  info(): DeviceInfo {
    return { id: this.id, kind: 'printer', model: '模拟打印机（输出到文件夹，非真实设备）', transport: 'simulated', simulated: true, state: 'ready' };
  }

  async print(req: PrintRequest): Promise<string> {
    await assertPdf(req.file);
    await mkdir(this.outDir, { recursive: true });
    const jobId = `SIM-${++this.seq}`;
    const path = join(this.outDir, `${jobId}-${req.paper ?? 'a4'}-${basename(req.file)}`);
    await copyFile(req.file, path);
    this.jobs.set(jobId, { jobId, state: 'completed', path });
    return jobId;
  }

  async jobStatus(jobId: string): Promise<PrintJobStatus> {
    const j = this.jobs.get(jobId);
    return j ? { jobId, state: j.state } : { jobId, state: 'failed', reason: '找不到该打印任务' };
  }

  async waitForJob(jobId: string): Promise<PrintJobStatus> {
    return this.jobStatus(jobId);
  }

  outputOf(jobId: string): string | undefined {
    return this.jobs.get(jobId)?.path;
  }

  async close(): Promise<void> {}
}
