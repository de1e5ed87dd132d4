import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import { renderSlipEscpos, renderSlipPdf, SlipService, type SlipFacts } from '../../../main/core/slip';
import { SimulatedSlipPrinter, type SlipPrinter } from '../../../native/slip';

// 00:42 UTC on 1 December is 08:42 in the hall: the slip must say 08:42, whatever zone the machine is in.
const facts: SlipFacts = {
  hallName: '上海市松江区行政服务中心（演示）', number: 'A012', streamName: '综合业务', itemName: '居住证办理', ahead: 3, estimateMinutes: 12,
  issuedAt: Date.parse('2026-12-01T00:42:00Z'), followUrl: 'http://192.168.10.5:7300/follow/AbCdEfGhIjKlMnOpQrStUv',
};

function pdfTools(pdf: Buffer): { text: string; info: string } {
  const f = join(mkdtempSync(join(tmpdir(), 'slip-')), 'slip.pdf');
  writeFileSync(f, pdf);
  return { text: execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString('utf8'), info: execFileSync('pdfinfo', [f]).toString('utf8') };
}

describe('the ticket slip as an 80 mm PDF (CUPS)', () => {
  it('is one page 80 mm wide, as long as its content, with hall, number, stream and item, 前面还有 N 人 and the hall time', async () => {
    const { pdf, heightMm } = await renderSlipPdf(facts);
    const { text, info } = pdfTools(pdf);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(size[1])).toBeCloseTo(226.77, 1); // 80 mm
    expect(Number(size[2])).toBeGreaterThan(200);
    expect(Number(size[2])).toBeLessThan(500); // fitted to the content, not an A4 page
    expect(heightMm).toBeCloseTo((Number(size[2]) * 25.4) / 72, 1);
    expect(info).toMatch(/Pages:\s+1\n/);
    for (const s of ['上海市松江区行政服务中心（演示）', 'A012', '综合业务 · 居住证办理', '前面还有 3 人', '预计等候约 12 分钟', '取号时间 2026-12-01 08:42', '手机扫码查看排队进度']) expect(text).toContain(s);
  });

  it('leaves out the QR and the count when there are none (an offline ticket)', async () => {
    const { text } = pdfTools((await renderSlipPdf({ ...facts, followUrl: null, ahead: null, estimateMinutes: null, itemName: null })).pdf);
    expect(text).toContain('A012');
    expect(text).not.toContain('前面还有');
    expect(text).not.toContain('预计等候');
    expect(text).not.toContain('扫码');
  });
});

describe('the ticket slip as ESC/POS (thermal printers)', () => {
  const bytes = renderSlipEscpos(facts);
  const has = (b: Buffer) => bytes.indexOf(b) >= 0;

  it('carries the number, the Chinese text in GB 18030 and the hall time', () => {
    expect(has(Buffer.from('A012'))).toBe(true);
    // Read back as GB 18030 (UTF-8 bytes would come out garbled): the printers' Chinese code page.
    const gb = new TextDecoder('gb18030').decode(bytes);
    expect(gb).toContain('前面还有 3 人');
    expect(gb).toContain('预计等候约 12 分钟');
    expect(gb).toContain('综合业务 · 居住证办理');
    expect(bytes.indexOf(Buffer.from('前面还有'))).toBe(-1);
    expect(has(Buffer.from('2026-12-01 08:42'))).toBe(true);
  });

  it('prints the follow URL as the printer’s own QR symbol (GS ( k: model 2, store, print) and cuts the paper', () => {
    const store = Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b]), Buffer.from([(facts.followUrl!.length + 3) & 255, 0, 49, 80, 48]), Buffer.from(facts.followUrl!)]);
    expect(has(Buffer.from([0x1d, 0x28, 0x6b, 4, 0, 49, 65, 50, 0]))).toBe(true); // select model 2
    expect(has(store)).toBe(true);
    expect(has(Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48]))).toBe(true); // print the symbol
    expect(bytes.lastIndexOf(Buffer.from([0x1d, 0x56]))).toBeGreaterThan(bytes.indexOf(store)); // GS V: cut, after the QR
  });

  it('has no QR command without a follow URL', () => {
    expect(renderSlipEscpos({ ...facts, followUrl: null }).indexOf(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(-1);
  });
});

describe('SlipService', () => {
  const log = { errors: [] as string[], error(m: string) { this.errors.push(m); } };

  it('gives each printer its format and says simulated for the simulated one', async () => {
    const sim = new SimulatedSlipPrinter();
    const got: { format: string; head: string }[] = [];
    const pdfPrinter: SlipPrinter = { kind: 'cups', format: 'pdf', simulated: false, name: 'Q', print: async (j) => void got.push({ format: 'pdf', head: j.data.subarray(0, 5).toString() }) };
    expect(await new SlipService({ printer: () => sim, log }).print(facts)).toEqual({ status: 'simulated', reason: null });
    expect(sim.printed).toMatchObject([{ title: 'A012', format: 'escpos' }]);
    expect(await new SlipService({ printer: () => pdfPrinter, log }).print(facts)).toEqual({ status: 'printed', reason: null });
    expect(got).toEqual([{ format: 'pdf', head: '%PDF-' }]);
    expect(await new SlipService({ printer: () => null, log }).print(facts)).toEqual({ status: 'off', reason: null });
  });

  it('never throws: a printer error (or a bad setting) is a failed outcome with the Chinese reason', async () => {
    const broken: SlipPrinter = { kind: 'escpos', format: 'escpos', simulated: false, name: '/dev/usb/lp0', print: async () => { throw new DeskError('SLIP_PRINTER_NOT_FOUND', '找不到号票打印机（/dev/usb/lp0），请检查打印机电源和数据线'); } };
    expect(await new SlipService({ printer: () => broken, log }).print(facts)).toEqual({ status: 'failed', reason: '找不到号票打印机（/dev/usb/lp0），请检查打印机电源和数据线' });
    const badSetting = () => { throw new DeskError('SLIP_PRINTER_BAD_SETTING', '号票打印机设置无效。'); };
    expect(await new SlipService({ printer: badSetting, log }).print(facts)).toEqual({ status: 'failed', reason: '号票打印机设置无效' });
    expect(log.errors.length).toBe(2);
  });
});
