import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ippJobStatus, jobStatusFrom, mediaFor, parseIppCsv, parseLpstatJobs, parseLpstatPrinters, SimulatedPrinter } from '../../../native/printer';

describe('lpstat / ipptool parsing', () => {
  it('parses printers, states, reasons and the default', () => {
    const out = [
      'printer HP_A4 is idle.  enabled since Sun Nov 22 21:24:32 2026',
      'printer RECEIPT now printing RECEIPT-12.  enabled since Sun Nov 22 21:24:32 2026',
      'printer OLD disabled since Sun Nov 22 21:24:32 2026 -',
      '\tPaused by technician',
      'system default destination: HP_A4',
    ].join('\n');
    expect(parseLpstatPrinters(out)).toEqual([
      { name: 'HP_A4', state: 'idle', isDefault: true },
      { name: 'RECEIPT', state: 'printing', isDefault: false },
      { name: 'OLD', state: 'disabled', isDefault: false, reason: 'Paused by technician' },
    ]);
    expect(parseLpstatPrinters('No destinations added.\nno system default destination\n')).toEqual([]);
  });

  it('parses long job listings', () => {
    const jobs = parseLpstatJobs('WD_PDF-1   root  1024   Sun Nov 22 2026\n\tStatus: Filter failed\n\tAlerts: job-completed-with-errors\n\tqueued for WD_PDF\n');
    expect(jobs.get('WD_PDF-1')).toEqual({ status: 'Filter failed', alerts: ['job-completed-with-errors'] });
    expect(jobStatusFrom('WD_PDF-1', jobs.get('WD_PDF-1'))).toMatchObject({ state: 'failed', reason: expect.stringContaining('Filter failed') });
    expect(jobStatusFrom('X-1', { alerts: ['job-printing'] })).toMatchObject({ state: 'processing' });
    expect(jobStatusFrom('X-1', undefined, { alerts: ['processing-to-stop-point'] })).toMatchObject({ state: 'failed' });
    expect(jobStatusFrom('X-1', undefined, { alerts: ['job-completed-successfully'] })).toEqual({ jobId: 'X-1', state: 'completed' });
  });

  it('maps IPP job states', () => {
    const csv = 'job-state,job-state-reasons,job-printer-state-message\naborted,aborted-by-system,"Paper jam, tray 2"\n';
    expect(parseIppCsv(csv)).toEqual({ state: 'aborted', reasons: ['aborted-by-system'], message: 'Paper jam, tray 2' });
    expect(ippJobStatus('Q-3', parseIppCsv(csv))).toEqual({ jobId: 'Q-3', state: 'failed', reason: '打印任务被中止（打印任务被系统中止：Paper jam, tray 2）' });
    expect(ippJobStatus('Q-3', { state: 'completed', reasons: ['processing-to-stop-point'] })).toEqual({ jobId: 'Q-3', state: 'completed' });
    expect(ippJobStatus('Q-3', { state: 'processing-stopped', reasons: [], message: 'Filter failed' })?.state).toBe('failed');
    expect(ippJobStatus('Q-3', { state: 'pending', reasons: [] })?.state).toBe('pending');
    expect(ippJobStatus('Q-3', { reasons: [] })).toBeUndefined();
  });

  it('media for A4 and 80 mm receipts', () => {
    expect(mediaFor('a4')).toBe('A4');
    expect(mediaFor('receipt80', 120)).toBe('Custom.80x120mm');
  });
});

describe('simulated printer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-simprint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the PDF to its folder and reports completion', async () => {
    const pdf = join(dir, 'in.pdf');
    writeFileSync(pdf, '%PDF-1.4\n%%EOF\n');
    const p = new SimulatedPrinter(join(dir, 'out'));
    const id = await p.print({ file: pdf, paper: 'receipt80' });
    expect(await p.waitForJob(id)).toEqual({ jobId: id, state: 'completed' });
    expect(readFileSync(p.outputOf(id)!).toString()).toContain('%PDF-1.4');
    expect(p.outputOf(id)).toContain('receipt80');
    expect(p.info()).toMatchObject({ simulated: true });
    writeFileSync(join(dir, 'x.txt'), 'nope');
    await expect(p.print({ file: join(dir, 'x.txt') })).rejects.toMatchObject({ code: 'PRINTER_BAD_FILE' });
  });
});
