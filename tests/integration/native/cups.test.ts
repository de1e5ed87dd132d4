import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleMaterialPdf } from '../../../native/pages';
import { CupsPrinter, listCupsPrinters } from '../../../native/printer';
import { SimulatedScanner } from '../../../native/scanner';
import { startCups, type CupsFixture } from '../../fixtures/native/cups';

// Needs Debian cups, cups-client, printer-driver-cups-pdf; runs a private cupsd as a child process.
const fixture = await startCups();
const skip = 'skip' in fixture ? fixture.skip : undefined;
const work = mkdtempSync(join(tmpdir(), 'wd-print-'));
let pdfPath = '';

describe.skipIf(!!skip)(`CUPS-PDF printing${skip ? ` — SKIPPED: ${skip}` : ''}`, () => {
  const cups = fixture as CupsFixture;
  beforeAll(async () => {
    const pages = await new SimulatedScanner('s', { feederPages: 1 }).scan({ source: 'adf', outDir: work, resolution: 75 });
    pdfPath = join(work, 'notice.pdf');
    writeFileSync(pdfPath, (await assembleMaterialPdf(pages.map((p) => p.path))).pdf);
  });
  afterAll(async () => {
    await cups.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists the queues from lpstat -p -d', async () => {
    const qs = await listCupsPrinters({ env: cups.env });
    expect(qs.map((q) => q.name).sort()).toEqual(['WD_FAIL', 'WD_PDF']);
    expect(qs.every((q) => q.state === 'idle')).toBe(true);
  });

  it('prints a PDF on A4, waits for completion and cups-pdf writes a non-empty PDF', async () => {
    // cups-pdf names files after the title and job number, which restart with each private cupsd,
    // so "new" means written after submission.
    const since = Date.now() - 1000;
    const p = new CupsPrinter('WD_PDF', { env: cups.env });
    const jobId = await p.print({ file: pdfPath, paper: 'a4', title: 'wd-a4-test' });
    expect(jobId).toMatch(/^WD_PDF-\d+$/);
    const status = await p.waitForJob(jobId, { timeoutMs: 30_000, pollMs: 200 });
    expect(status).toEqual({ jobId, state: 'completed' });
    const fresh = readdirSync(cups.pdfOutDir).filter((n) => n.startsWith('wd-a4-test') && statSync(join(cups.pdfOutDir, n)).mtimeMs >= since);
    expect(fresh.length).toBe(1);
    const out = join(cups.pdfOutDir, fresh[0]);
    expect(statSync(out).size).toBeGreaterThan(1000);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    rmSync(out);
    expect(p.info().state).toBe('ready');
  });

  it('prints on 80 mm receipt media', async () => {
    const p = new CupsPrinter('WD_PDF', { env: cups.env, receiptLengthMm: 150 });
    const since = Date.now() - 1000;
    const s = await p.printAndWait({ file: pdfPath, paper: 'receipt80', title: 'wd-receipt-test' }, { timeoutMs: 30_000, pollMs: 200 });
    expect(s.state).toBe('completed');
    const out = readdirSync(cups.pdfOutDir).filter((n) => n.startsWith('wd-receipt-test') && statSync(join(cups.pdfOutDir, n)).mtimeMs >= since);
    expect(out.length).toBe(1);
    // the receipt media reached the output: 80 x 150 mm (226.8 x 425.2 pt)
    const pdfText = readFileSync(join(cups.pdfOutDir, out[0])).toString('latin1');
    expect(pdfText).toMatch(/MediaBox\s*\[\s*0 0 22[67](\.\d+)? 42[45]/); // 80 x 150 mm
    rmSync(join(cups.pdfOutDir, out[0]));
  });

  it('a job that fails is reported as failed with the reason, and retries are bounded', async () => {
    const p = new CupsPrinter('WD_FAIL', { env: cups.env });
    const id = await p.print({ file: pdfPath });
    const s = await p.waitForJob(id, { timeoutMs: 30_000, pollMs: 200 });
    expect(s.state).toBe('failed');
    expect(s.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(p.info()).toMatchObject({ state: 'error', lastError: { code: 'PRINTER_JOB_FAILED' } });
    await expect(p.printAndWait({ file: pdfPath }, { retries: 1, timeoutMs: 30_000, pollMs: 200 })).rejects.toMatchObject({ code: 'PRINTER_JOB_FAILED' });
  });

  it('bad input is refused before anything is queued', async () => {
    const p = new CupsPrinter('WD_PDF', { env: cups.env });
    const txt = join(work, 'x.txt');
    writeFileSync(txt, 'hello');
    await expect(p.print({ file: txt })).rejects.toMatchObject({ code: 'PRINTER_BAD_FILE' });
    await expect(p.print({ file: join(work, 'missing.pdf') })).rejects.toMatchObject({ code: 'PRINTER_BAD_FILE' });
    await expect(p.print({ file: pdfPath, copies: 0 })).rejects.toMatchObject({ code: 'PRINTER_BAD_REQUEST' });
    expect(() => new CupsPrinter('bad queue; rm -rf /')).toThrow(expect.objectContaining({ code: 'PRINTER_BAD_QUEUE' }));
    await expect(new CupsPrinter('NO_SUCH_Q', { env: cups.env }).print({ file: pdfPath })).rejects.toMatchObject({ code: 'PRINTER_NOT_FOUND' });
  });
});
