import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { mapSaneError, parseDeviceList, parseOptions, SimulatedScanner } from '../../../native/scanner';

const A_OUTPUT = `
All options specific to device \`test':
  Scan Mode:
    --mode Gray|Color [Gray]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --hand-scanner[=(yes|no)] [no]
    --three-pass[=(yes|no)] [inactive]
    --resolution 1..1200dpi (in steps of 1) [0.000762939]
    --source Flatbed|Automatic Document Feeder [Flatbed]
  Geometry:
    -l 0..200mm (in steps of 1) [0]
`;

describe('SANE output parsing', () => {
  it('parses scanimage -f device lists', () => {
    expect(parseDeviceList('test:0\tNoname\tfrontend-tester\tvirtual device\ntest:1\tNoname\tfrontend-tester\tvirtual device\n')).toEqual([
      { name: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
      { name: 'test:1', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
    ]);
    expect(parseDeviceList('')).toEqual([]);
  });

  it('parses scanimage -A options, including choices with spaces', () => {
    const o = parseOptions(A_OUTPUT);
    expect(o.find((x) => x.name === 'mode')).toMatchObject({ choices: ['Gray', 'Color'], current: 'Gray' });
    expect(o.find((x) => x.name === 'source')?.choices).toEqual(['Flatbed', 'Automatic Document Feeder']);
    expect(o.find((x) => x.name === 'resolution')?.range).toEqual({ min: 1, max: 1200, unit: 'dpi' });
    expect(o.find((x) => x.name === 'three-pass')).toMatchObject({ inactive: true, choices: ['yes', 'no'] });
    expect(o.find((x) => x.name === 'l')?.range).toMatchObject({ min: 0, max: 200 });
  });

  it('maps scanimage errors to DeskError codes', () => {
    expect(mapSaneError('scanimage: open of device nosuch failed: Invalid argument', 'nosuch').code).toBe('SCANNER_NOT_FOUND');
    expect(mapSaneError('scanimage: sane_start: Document feeder out of documents', 'x').code).toBe('SCANNER_ADF_EMPTY');
    expect(mapSaneError('scanimage: sane_read: Document feeder jammed', 'x').code).toBe('SCANNER_JAMMED');
    expect(mapSaneError('', 'x', true).code).toBe('SCANNER_TIMEOUT');
    expect(mapSaneError('weird', 'x').message).toMatch(/扫描失败/);
  });
});

describe('simulated scanner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-simscan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('produces real A4 images and empties its feeder', async () => {
    const s = new SimulatedScanner('sim', { feederPages: 3 });
    const pages = await s.scan({ source: 'adf', outDir: dir, resolution: 100, mode: 'gray' });
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3]);
    const meta = await sharp(pages[0].path).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 827, height: 1169 });
    await expect(s.scan({ source: 'adf', outDir: dir })).rejects.toMatchObject({ code: 'SCANNER_ADF_EMPTY' });
    const flat = await s.scan({ source: 'flatbed', outDir: dir, resolution: 75, format: 'jpeg' });
    expect(flat).toHaveLength(1);
    expect((await sharp(flat[0].path).metadata()).format).toBe('jpeg');
    await expect(s.scan({ source: 'flatbed', outDir: dir, resolution: 5000 })).rejects.toMatchObject({ code: 'SCANNER_OPTION_UNSUPPORTED' });
    expect(s.info()).toMatchObject({ simulated: true, state: 'ready' });
  });
});
