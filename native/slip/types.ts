/**
 * The walk-in ticket slip printer: one interface, three kinds. A CUPS queue takes the slip as an
 * 80 mm PDF; an ESC/POS thermal printer takes printer commands written to its device; the
 * simulated one (demo, tests) records what it was given. The slip is rendered by the caller in
 * the printer's `format` (main/core/slip), so this layer only moves bytes and reports failures
 * as DeskError with a Chinese message a kiosk can show.
 */
export type SlipFormat = 'pdf' | 'escpos';

export interface SlipPrintJob {
  /** The slip in the printer's format. */
  data: Buffer;
  /** A short name for the job (the ticket number). */
  title: string;
  /** The PDF page height in mm (CUPS needs the roll length). */
  heightMm?: number;
}

export interface SlipPrinter {
  readonly kind: 'cups' | 'escpos' | 'simulated';
  readonly format: SlipFormat;
  readonly simulated: boolean;
  /** What the settings and diagnostics call it: the queue name, the device path, 模拟号票打印机. */
  readonly name: string;
  /** Resolves once the slip was handed to the printer (CUPS: the job completed); throws DeskError otherwise. */
  print(job: SlipPrintJob): Promise<void>;
}
