import { DeskError } from '../../common/errors';

/**
 * The `slipPrinter` setting: `none`, `simulated`, `cups:<queue>` or `escpos:<device>`
 * (/dev/usb/lp0, /dev/ttyUSB0, COM3). One pattern for the settings schema and this parser.
 */
export const SLIP_PRINTER_SETTING_RE = /^(none|simulated|cups:[A-Za-z0-9_.@-]{1,127}|escpos:((?!.*\.\.)\/dev\/[A-Za-z0-9_./-]{1,100}|COM\d{1,3}))$/;

export type SlipPrinterChoice = { kind: 'none' } | { kind: 'simulated' } | { kind: 'cups'; queue: string } | { kind: 'escpos'; device: string };

export function parseSlipPrinterSetting(value: string): SlipPrinterChoice {
  if (!SLIP_PRINTER_SETTING_RE.test(value)) throw new DeskError('SLIP_PRINTER_BAD_SETTING', `号票打印机设置无效：${value}（应为 none、cups:队列名 或 escpos:/dev/usb/lp0）。`);
  if (value === 'none' || value === 'simulated') return { kind: value };
  const i = value.indexOf(':');
  const rest = value.slice(i + 1);
  return value.startsWith('cups:') ? { kind: 'cups', queue: rest } : { kind: 'escpos', device: rest };
}

