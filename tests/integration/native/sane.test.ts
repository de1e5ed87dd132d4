import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { listSaneDevices, listSaneOptions, SaneScanner } from '../../../native/scanner';
import { saneTestEnv } from '../../fixtures/native/sane';

const sane = saneTestEnv();
const out = mkdtempSync(join(tmpdir(), 'wd-sane-out-'));
afterAll(() => {
  sane.cleanup();
  rmSync(out, { recursive: true, force: true });
});

// Needs Debian sane-utils (scanimage with the `test` backend).
describe.skipIf(!sane.available)(`SANE test backend${sane.available ? '' : ` — SKIPPED: ${sane.reason}`}`, () => {
  const cfg = { env: sane.env };

  it('lists devices and options', async () => {
    const devices = await listSaneDevices(cfg);
    expect(devices.map((d) => d.name)).toContain('test:0');
    const opts = await listSaneOptions('test:0', cfg);
    expect(opts.find((o) => o.name === 'source')?.choices).toContain('Automatic Document Feeder');
  });

  it('scans one flatbed page to PNG at the requested resolution and mode', async () => {
    const s = new SaneScanner('test:0', { ...cfg, extraArgs: ['--test-picture', 'Color pattern'] });
    const pages = await s.scan({ source: 'flatbed', resolution: 100, mode: 'color', format: 'png', outDir: join(out, 'flat') });
    expect(pages).toHaveLength(1);
    const meta = await sharp(pages[0].path).metadata();
    expect(meta.format).toBe('png');
    expect(meta.channels).toBe(3);
    expect(meta.width).toBeGreaterThan(100);
    expect(s.info()).toMatchObject({ state: 'ready', simulated: false, transport: 'sane' });
  });

  it('scans an ADF batch of 5 gray JPEG pages', async () => {
    const s = new SaneScanner('test:0', cfg);
    const dir = join(out, 'adf');
    const pages = await s.scan({ source: 'adf', resolution: 75, mode: 'gray', format: 'jpeg', maxPages: 5, outDir: dir });
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5]);
    expect(readdirSync(dir)).toHaveLength(5);
    for (const p of pages) {
      const m = await sharp(p.path).metadata();
      expect(m.format).toBe('jpeg');
      expect(m.channels).toBe(1);
    }
  });

  it('an ADF run without a page limit ends when the feeder is empty (10 sheets in the test backend)', async () => {
    const s = new SaneScanner('test:1', cfg);
    const pages = await s.scan({ source: 'adf', resolution: 50, mode: 'gray', outDir: join(out, 'adf-all') });
    expect(pages).toHaveLength(10);
  });

  it('maps an empty feeder, a missing device and a timeout to DeskErrors', async () => {
    const empty = new SaneScanner('test:0', { ...cfg, extraArgs: ['--read-return-value', 'SANE_STATUS_NO_DOCS'] });
    await expect(empty.scan({ source: 'adf', resolution: 50, maxPages: 1, outDir: join(out, 'e') })).rejects.toMatchObject({ code: 'SCANNER_ADF_EMPTY' });
    expect(empty.info().state).toBe('error');
    const none = new SaneScanner('nosuch:0', cfg);
    await expect(none.scan({ source: 'flatbed', outDir: join(out, 'n') })).rejects.toMatchObject({ code: 'SCANNER_NOT_FOUND' });
    const slow = new SaneScanner('test:0', { ...cfg, extraArgs: ['--read-delay=yes', '--read-delay-duration', '200000'] });
    await expect(slow.scan({ source: 'flatbed', resolution: 300, outDir: join(out, 't'), timeoutMs: 500 })).rejects.toMatchObject({ code: 'SCANNER_TIMEOUT' });
  });

  it('rejects bad input without running the scanner', async () => {
    const s = new SaneScanner('test:0', cfg);
    await expect(s.scan({ source: 'flatbed', resolution: 7, outDir: join(out, 'bad') })).rejects.toMatchObject({ code: 'SCANNER_OPTION_UNSUPPORTED' });
    await expect(s.scan({ source: 'flatbed', mode: 'lineart', outDir: join(out, 'bad') })).rejects.toMatchObject({ code: 'SCANNER_OPTION_UNSUPPORTED' });
  });
});
