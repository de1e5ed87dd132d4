import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Metadata } from 'sharp';
import { DeskError } from '../../common/errors';
import { loadSharp } from '../sharp';

// One PDF per material for the archive. pdfmake is already the project's PDF library (notices),
// so no second PDF stack: images go in as JPEG data URLs and pdfkit embeds them without
// re-encoding. sharp (prebuilt from the npm registry, no extra downloads) does the image work:
// downscale to ~200 dpi, greyscale for achromatic text pages, JPEG compression.

export type PageColour = 'auto' | 'color' | 'gray';

export interface AssembleOptions {
  title?: string;
  /** Target resolution; pages above it are downscaled. Default 200. */
  targetDpi?: number;
  /** Used when an image carries no density metadata. Default 300 (typical scanner setting). */
  assumedSourceDpi?: number;
  jpegQuality?: number;
  colour?: PageColour;
}

export interface AssembledPage {
  widthPx: number;
  heightPx: number;
  grey: boolean;
  jpegBytes: number;
}

export interface AssembledPdf {
  pdf: Buffer;
  pages: AssembledPage[];
}

const A4 = { w: 595.28, h: 841.89 };

// A private view of the shared pdfmake singleton so our fonts/policies never clobber other modules'.
// pdfmake ships no type declarations; it is loaded through require to avoid a global ambient module.
type PdfMake = {
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Uint8Array> };
};
// Loaded on first use: pdfmake (pdfkit, fontkit) costs about half a second, which start-up must not pay.
let engine: PdfMake | undefined;
function pdfmakeEngine(): PdfMake {
  if (engine) return engine;
  const pdfmake = Object.create(createRequire(import.meta.url)('pdfmake') as PdfMake) as PdfMake;
  pdfmake.setFonts({ Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return (engine = pdfmake);
}

/** Share of pixels with visible chroma, sampled from raw interleaved pixels. */
function colouredShare(data: Buffer, channels: number): number {
  if (channels < 3) return 0;
  const pixels = data.length / channels;
  const step = Math.max(1, Math.floor(pixels / 20000)); // ~20k samples is plenty for a page
  let coloured = 0;
  let seen = 0;
  for (let px = 0; px < pixels; px += step) {
    const i = px * channels;
    const r = data[i], g = data[i + 1], b = data[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 28) coloured++;
    seen++;
  }
  return coloured / seen;
}

/** True when almost every pixel is achromatic: a black-and-white text page scanned in colour. */
export async function isAchromatic(input: Buffer | string): Promise<boolean> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(input).resize(256, 256, { fit: 'inside' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return colouredShare(data, info.channels) < 0.01;
}

async function preparePage(input: Buffer | string, o: Required<Omit<AssembleOptions, 'title'>>): Promise<{ jpeg: Buffer; page: AssembledPage; dpi: number }> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (e) {
    throw new DeskError('PAGES_IMAGE_INVALID', `无法读取扫描页图像（${(e as Error).message}），请重新扫描该页。`);
  }
  if (!meta.width || !meta.height) throw new DeskError('PAGES_IMAGE_INVALID', '扫描页图像尺寸无效，请重新扫描该页。');
  const srcDpi = meta.density && meta.density > 20 ? meta.density : o.assumedSourceDpi;
  const scale = Math.min(1, o.targetDpi / srcDpi);
  const width = Math.max(1, Math.round(meta.width * scale));
  // Decode and downscale once; the colour test and the JPEG both work from these raw pixels.
  const { data, info } = await sharp(input)
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize({ width, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = o.colour === 'gray' || (o.colour === 'auto' && colouredShare(data, info.channels) < 0.01);
  let img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  if (grey) img = img.greyscale().toColourspace('b-w'); // one channel, a third of the bytes
  const jpeg = await img.jpeg({ quality: o.jpegQuality }).toBuffer();
  return { jpeg, dpi: srcDpi * scale, page: { widthPx: info.width, heightPx: info.height, grey, jpegBytes: jpeg.length } };
}

export async function assembleMaterialPdf(inputs: Array<Buffer | string>, opts: AssembleOptions = {}): Promise<AssembledPdf> {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new DeskError('PAGES_EMPTY', '没有可合成的页面，请先扫描或拍摄材料。');
  if (inputs.length > 500) throw new DeskError('PAGES_TOO_MANY', '单份材料超过 500 页，请拆分为多份材料。');
  const o = {
    targetDpi: opts.targetDpi ?? 200,
    assumedSourceDpi: opts.assumedSourceDpi ?? 300,
    jpegQuality: opts.jpegQuality ?? 72,
    colour: opts.colour ?? 'auto',
  };
  if (!(o.targetDpi >= 72 && o.targetDpi <= 600)) throw new DeskError('PAGES_BAD_OPTION', '目标分辨率应在 72–600 dpi 之间。');
  // two pages at a time: sharp already uses a thread pool, more would only raise peak memory
  const prepared: Awaited<ReturnType<typeof preparePage>>[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i += 2) {
    const batch = await Promise.all(inputs.slice(i, i + 2).map((inp) => preparePage(inp, o)));
    batch.forEach((p, k) => (prepared[i + k] = p));
  }
  const content = prepared.map((p, i) => {
    // physical size from the pixel count and resolution, shrunk to fit A4 if larger
    let w = (p.page.widthPx / p.dpi) * 72;
    let h = (p.page.heightPx / p.dpi) * 72;
    const fit = Math.min(1, A4.w / w, A4.h / h);
    w *= fit;
    h *= fit;
    return {
      image: `data:image/jpeg;base64,${p.jpeg.toString('base64')}`,
      width: w,
      height: h,
      absolutePosition: { x: (A4.w - w) / 2, y: (A4.h - h) / 2 },
      ...(i > 0 ? { pageBreak: 'before' as const } : {}),
    };
  });
  const doc = pdfmakeEngine().createPdf({
    pageSize: 'A4',
    pageMargins: [0, 0, 0, 0],
    defaultStyle: { font: 'Helvetica' },
    info: { title: opts.title ?? 'WindowDesk material', creator: 'WindowDesk' },
    content,
  });
  const pdf = Buffer.from(await doc.getBuffer());
  return { pdf, pages: prepared.map((p) => p.page) };
}

export async function writeMaterialPdf(outPath: string, inputs: Array<Buffer | string>, opts: AssembleOptions = {}): Promise<AssembledPdf> {
  const r = await assembleMaterialPdf(inputs, opts);
  await writeFile(outPath, r.pdf);
  return r;
}
