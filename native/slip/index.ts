import type { CupsConfig } from '../printer/cups';
import { CupsSlipPrinter } from './cups';
import { EscposDevicePrinter } from './escpos';
import { SimulatedSlipPrinter } from './sim';
import type { SlipPrinter } from './types';
import type { SlipPrinterChoice } from './setting';

export { SLIP_PRINTER_SETTING_RE, parseSlipPrinterSetting, type SlipPrinterChoice } from './setting';

export { CupsSlipPrinter } from './cups';
export { EscposDevicePrinter } from './escpos';
export { SimulatedSlipPrinter, type SimulatedSlip } from './sim';
export type { SlipFormat, SlipPrintJob, SlipPrinter } from './types';

/** Builds the printer for a choice; null for `none`. */
export function createSlipPrinter(choice: SlipPrinterChoice, opts: { cups?: CupsConfig; simulated?: SimulatedSlipPrinter } = {}): SlipPrinter | null {
  switch (choice.kind) {
    case 'none':
      return null;
    case 'simulated':
      return opts.simulated ?? new SimulatedSlipPrinter();
    case 'cups':
      return new CupsSlipPrinter(choice.queue, opts.cups);
    case 'escpos':
      return new EscposDevicePrinter(choice.device);
  }
}
