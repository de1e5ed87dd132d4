import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { assembleMaterialPdf, isAchromatic } from '../../../native/pages';
import { renderPage } from '../../../native/scanner';

const dir = mkdtempSync(join(tmpdir(), 'wd-pages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function textPage(dpi: number): Promise<Buffer> {
  const w = Math.round(8.27 * dpi);
  const h = Math.round(11.69 * dpi);
  const lines = Array.from({ length: 30 }, (_, i) => `<rect x="${dpi}" y="${dpi + i * dpi * 0.3}" width="${w - 2 * dpi}" height="${dpi * 0.05}" fill="#222"/>`).join('');
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${lines}</svg>`))
    .png()
    .withMetadata({ density: dpi })
    .toBuffer();
}

describe('material PDF assembly', () => {
  it('combines pages into one A4 PDF, downscaled to 200 dpi, text pages greyscale', async () => {
    const colour = join(dir, 'c.png');
    await renderPage(1, 300, 'color', 'png', colour);
    const text = await textPage(300);
    const r = await assembleMaterialPdf([text, colour, text]);
    expect(r.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.pages.map((p) => p.grey)).toEqual([true, false, true]);
    expect(r.pages[0].widthPx).toBe(Math.round(Math.round(8.27 * 300) * (200 / 300)));
    const file = join(dir, 'm.pdf');
    writeFileSync(file, r.pdf);
    // poppler-utils: an independent reader agrees on page count, size and image colour spaces
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).toMatch(/595\.2\d? x 841\.8\d? pts \(A4\)/);
    const imgs = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    expect(imgs).toMatch(/jpeg/);
    expect(imgs.split('\n').filter((l) => /\sgray\s/.test(l)).length).toBe(2);
    // greyscale costs fewer bytes than keeping the same page in colour, and pages stay small
    const asColour = await assembleMaterialPdf([text], { colour: 'color' });
    expect(r.pages[0].jpegBytes).toBeLessThan(asColour.pages[0].jpegBytes);
    expect(r.pdf.length).toBeLessThan(3 * 250_000);
  });

  it('never upscales low-resolution captures', async () => {
    const small = await textPage(100);
    const r = await assembleMaterialPdf([small], { colour: 'color' });
    expect(r.pages[0].widthPx).toBe(Math.round(8.27 * 100));
    expect(r.pages[0].grey).toBe(false);
  });

  it('detects achromatic pages', async () => {
    expect(await isAchromatic(await textPage(72))).toBe(true);
    const red = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#e00000' } }).png().toBuffer();
    expect(await isAchromatic(red)).toBe(false);
  });

  it('refuses empty input and unreadable images with DeskErrors', async () => {
    await expect(assembleMaterialPdf([])).rejects.toMatchObject({ code: 'PAGES_EMPTY' });
    await expect(assembleMaterialPdf([Buffer.from('not an image')])).rejects.toMatchObject({ code: 'PAGES_IMAGE_INVALID' });
    await expect(assembleMaterialPdf([join(dir, 'missing.png')])).rejects.toMatchObject({ code: 'PAGES_IMAGE_INVALID' });
    await expect(assembleMaterialPdf([await textPage(72)], { targetDpi: 5 })).rejects.toMatchObject({ code: 'PAGES_BAD_OPTION' });
  });
});
