import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError } from '../../common/errors';
import { CupsPrinter, type CupsConfig } from '../printer/cups';
import type { SlipPrintJob, SlipPrinter } from './types';

/**
 * A slip through a CUPS queue (a receipt printer with a CUPS driver, or CUPS-PDF): the 80 mm PDF,
 * on a custom medium exactly as long as the slip, waited for until the job completes — a kiosk
 * must know whether the applicant got the paper. A job still pending after `timeoutMs` (paper
 * out, printer off) is reported as failed; it stays queued and may still come out later.
 */
export class CupsSlipPrinter implements SlipPrinter {
  readonly kind = 'cups' as const;
  readonly format = 'pdf' as const;
  readonly simulated = false;

  constructor(
    readonly name: string,
    private readonly cfg: CupsConfig & { timeoutMs?: number } = {},
  ) {
    // Refuses a bad queue name at once (PRINTER_BAD_QUEUE), before any ticket is issued.
    new CupsPrinter(name, cfg);
  }

  async print(job: SlipPrintJob): Promise<void> {
    const printer = new CupsPrinter(this.name, { ...this.cfg, receiptLengthMm: Math.ceil(job.heightMm ?? 120) });
    const dir = await mkdtemp(join(tmpdir(), 'wd-slip-'));
    const file = join(dir, 'slip.pdf');
    try {
      await writeFile(file, job.data);
      const id = await printer.print({ file, paper: 'receipt80', title: job.title });
      const s = await printer.waitForJob(id, { timeoutMs: this.cfg.timeoutMs ?? 15_000, pollMs: 250 });
      if (s.state !== 'completed') throw new DeskError('PRINTER_JOB_FAILED', s.reason ?? '打印任务未完成');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
