import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSharp } from '../sharp';
import { DeskError } from '../../common/errors';
import type { DeviceInfo, DocumentScanner, ScannedPage, ScanRequest } from '../types';

/**
 * A simulated scanner that writes real A4 page images (drawn from SVG with sharp): ruled text
 * lines, a header and a large "SIMULATED" watermark so nobody mistakes a demo page for a material.
 */
export class SimulatedScanner implements DocumentScanner {
  readonly kind = 'scanner' as const;
  private busy = false;
  /** Pages waiting in the simulated feeder; flatbed always has one page. */
  feederPages: number;

  constructor(
    readonly id = 'sim-scanner',
    opts: { feederPages?: number } = {},
  ) {
    this.feederPages = opts.feederPages ?? 5;
  }

  info(): DeviceInfo {
    return { id: this.id, kind: 'scanner', model: '模拟扫描仪（非真实设备）', transport: 'simulated', simulated: true, state: this.busy ? 'busy' : 'ready' };
  }

  async scan(req: ScanRequest): Promise<ScannedPage[]> {
    const dpi = req.resolution ?? 150;
    if (!Number.isInteger(dpi) || dpi < 50 || dpi > 600) throw new DeskError('SCANNER_OPTION_UNSUPPORTED', '模拟扫描仪分辨率应为 50–600 dpi 的整数。');
    const count = req.source === 'adf' ? Math.min(this.feederPages, req.maxPages ?? Infinity) : 1;
    if (count === 0) throw new DeskError('SCANNER_ADF_EMPTY', '进纸器中没有纸张，请放入材料后重试，或改用平板扫描。');
    this.busy = true;
    try {
      await mkdir(req.outDir, { recursive: true });
      const format = req.format ?? 'png';
      const prefix = `sim-${Date.now()}`;
      const pages: ScannedPage[] = [];
      for (let i = 1; i <= count; i++) {
        const path = join(req.outDir, `${prefix}-${String(i).padStart(3, '0')}.${format === 'jpeg' ? 'jpg' : 'png'}`);
        await renderPage(i, dpi, req.mode ?? 'color', format, path);
        pages.push({ path, index: i, format, bytes: (await stat(path)).size });
      }
      if (req.source === 'adf') this.feederPages -= count;
      return pages;
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {}
}

export async function renderPage(n: number, dpi: number, mode: 'color' | 'gray' | 'lineart', format: 'png' | 'jpeg', path: string): Promise<void> {
  const w = Math.round((210 / 25.4) * dpi);
  const h = Math.round((297 / 25.4) * dpi);
  const u = dpi / 100;
  const lines = Array.from({ length: 28 }, (_, i) => {
    const y = Math.round((260 + i * 80) * u);
    const len = Math.round((500 + ((i * 137 + n * 53) % 250)) * u);
    return `<rect x="${Math.round(90 * u)}" y="${y}" width="${len}" height="${Math.round(14 * u)}" fill="#333"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="#fbfaf6"/>
    <text x="${Math.round(90 * u)}" y="${Math.round(160 * u)}" font-family="sans-serif" font-size="${Math.round(48 * u)}" fill="#102a5c">SIMULATED SCAN - PAGE ${n}</text>
    <rect x="${Math.round(600 * u)}" y="${Math.round(60 * u)}" width="${Math.round(140 * u)}" height="${Math.round(140 * u)}" fill="none" stroke="#c00" stroke-width="${Math.round(6 * u)}"/>
    ${lines}
    <text x="50%" y="60%" text-anchor="middle" font-family="sans-serif" font-size="${Math.round(110 * u)}" fill="#c00" fill-opacity="0.15" transform="rotate(-30 ${w / 2} ${h / 2})">SIMULATED</text>
  </svg>`;
  let img = (await loadSharp())(Buffer.from(svg));
  if (mode !== 'color') img = img.greyscale();
  if (mode === 'lineart') img = img.threshold(128);
  img = format === 'jpeg' ? img.jpeg({ quality: 85 }) : img.png({ compressionLevel: 6 });
  await img.withMetadata({ density: dpi }).toFile(path);
}
