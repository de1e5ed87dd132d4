import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CupsSlipPrinter, EscposDevicePrinter, parseSlipPrinterSetting, SimulatedSlipPrinter } from '../../../native/slip';
import { settingsSchema } from '../../../main/core/settings';

describe('the slipPrinter setting', () => {
  it('reads none, simulated, a CUPS queue and an ESC/POS device', () => {
    expect(parseSlipPrinterSetting('none')).toEqual({ kind: 'none' });
    expect(parseSlipPrinterSetting('simulated')).toEqual({ kind: 'simulated' });
    expect(parseSlipPrinterSetting('cups:WD_SLIP')).toEqual({ kind: 'cups', queue: 'WD_SLIP' });
    expect(parseSlipPrinterSetting('escpos:/dev/usb/lp0')).toEqual({ kind: 'escpos', device: '/dev/usb/lp0' });
    expect(parseSlipPrinterSetting('escpos:COM3')).toEqual({ kind: 'escpos', device: 'COM3' });
  });

  it.each(['', 'cups:', 'cups:a b', 'escpos:/etc/passwd', 'escpos:/dev/../etc/passwd', 'escpos:lp0', 'lp0'])('refuses %j, in Chinese (the settings schema too)', (v) => {
    expect(() => parseSlipPrinterSetting(v)).toThrow(/号票打印机设置无效/);
    expect(settingsSchema.safeParse({ slipPrinter: v }).success).toBe(false);
  });

  it('a bad CUPS queue name or device path is refused when the printer is built', () => {
    expect(() => new CupsSlipPrinter('a b')).toThrow(/打印机队列名称无效/);
    expect(() => new EscposDevicePrinter('lp0')).toThrow(/设备路径无效/);
  });
});

describe('EscposDevicePrinter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slip-dev-'));

  it('writes the bytes as they are to the device', async () => {
    const dev = join(dir, 'lp0');
    writeFileSync(dev, '');
    await new EscposDevicePrinter(dev).print({ data: Buffer.from([0x1b, 0x40, 0x41, 0x1d, 0x56, 0x42, 0]), title: 'A001' });
    expect([...readFileSync(dev)]).toEqual([0x1b, 0x40, 0x41, 0x1d, 0x56, 0x42, 0]);
  });

  it('a missing device is a Chinese reason, and nothing is created in its place', async () => {
    const missing = join(dir, 'usb', 'lp9');
    await expect(new EscposDevicePrinter(missing).print({ data: Buffer.from('x'), title: 'A001' })).rejects.toMatchObject({ code: 'SLIP_PRINTER_NOT_FOUND', message: expect.stringContaining('找不到号票打印机') });
    await expect(new EscposDevicePrinter(dir).print({ data: Buffer.from('x'), title: 'A001' })).rejects.toMatchObject({ code: 'SLIP_PRINTER_BAD_DEVICE' });
  });
});

describe('SimulatedSlipPrinter', () => {
  it('records each slip and leaves it in its folder; failNext fails one print only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'slip-sim-'));
    const p = new SimulatedSlipPrinter(out);
    await p.print({ data: Buffer.from('slip'), title: 'A001' });
    expect(p.printed).toMatchObject([{ title: 'A001', bytes: 4, format: 'escpos' }]);
    expect(readFileSync(p.printed[0].file!, 'utf8')).toBe('slip');
    p.failNext(new Error('卡纸'));
    await expect(p.print({ data: Buffer.from('slip'), title: 'A002' })).rejects.toThrow('卡纸');
    await p.print({ data: Buffer.from('slip'), title: 'A003' });
    expect(p.printed.map((s) => s.title)).toEqual(['A001', 'A003']);
  });
});
