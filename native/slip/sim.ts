import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlipFormat, SlipPrintJob, SlipPrinter } from './types';

export interface SimulatedSlip {
  at: number;
  title: string;
  format: SlipFormat;
  bytes: number;
  /** Where the slip was written (demo evidence); null when kept in memory only. */
  file: string | null;
}

/**
 * The simulated slip printer (demo and tests): takes ESC/POS like a thermal printer, records
 * each slip and, given a folder, writes it there (`<n>-<title>.escpos`), so a demo leaves evidence.
 * The UI says 模拟 for what it "printed". `failNext` makes the next print fail (tests, training).
 */
export class SimulatedSlipPrinter implements SlipPrinter {
  readonly kind = 'simulated' as const;
  readonly format = 'escpos' as const;
  readonly simulated = true;
  readonly name = '模拟号票打印机';
  readonly printed: SimulatedSlip[] = [];
  private failure: Error | null = null;

  constructor(private readonly outDir: string | null = null) {}

  failNext(error: Error): void {
    this.failure = error;
  }

  async print(job: SlipPrintJob): Promise<void> {
    if (this.failure) {
      const e = this.failure;
      this.failure = null;
      throw e;
    }
    let file: string | null = null;
    if (this.outDir) {
      mkdirSync(this.outDir, { recursive: true });
      file = join(this.outDir, `${String(this.printed.length + 1).padStart(4, '0')}-${job.title.replace(/[^A-Za-z0-9-]/g, '_')}.escpos`);
      writeFileSync(file, job.data);
    }
    this.printed.push({ at: Date.now(), title: job.title, format: this.format, bytes: job.data.length, file });
    // Keep the record small on a long demo day.
    if (this.printed.length > 200) this.printed.splice(0, this.printed.length - 200);
  }
}
