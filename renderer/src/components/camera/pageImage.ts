/** Turning a captured canvas into a page file of sane size, and composing an ID card's two sides. */

/** About A4 at 300 dpi on the long side: enough for any text on a page, a few hundred KB as JPEG. */
export const MAX_LONG_SIDE = 3508;

/** Scales down (never up) and optionally greys the page; grey JPEGs of text pages are a third of colour ones. */
export function finishPage(src: HTMLCanvasElement, gray: boolean): HTMLCanvasElement {
  const scale = Math.min(1, MAX_LONG_SIDE / Math.max(src.width, src.height));
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(src.width * scale));
  out.height = Math.max(1, Math.round(src.height * scale));
  const ctx = out.getContext('2d')!;
  if (gray) ctx.filter = 'grayscale(1)';
  ctx.drawImage(src, 0, 0, out.width, out.height);
  return out;
}

export function canvasToJpeg(c: HTMLCanvasElement, quality = 0.85): Promise<Blob> {
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('图像编码失败'))), 'image/jpeg', quality));
}

/** ID-1 card 85.6 × 54 mm on A4 210 × 297 mm, at 200 dpi, the usual resolution of a 身份证复印件. */
const DPI = 200;
const mm = (v: number) => Math.round((v / 25.4) * DPI);

/** Front above back on one A4 page at real size, as a photocopy of both sides would be. */
export function composeIdCard(front: HTMLCanvasElement, back: HTMLCanvasElement): HTMLCanvasElement {
  const page = document.createElement('canvas');
  page.width = mm(210);
  page.height = mm(297);
  const ctx = page.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, page.width, page.height);
  const w = mm(85.6);
  const h = mm(54);
  const x = Math.round((page.width - w) / 2);
  ctx.drawImage(landscape(front), x, mm(50), w, h);
  ctx.drawImage(landscape(back), x, mm(50) + h + mm(30), w, h);
  return page;
}

/** A card photographed upright comes out portrait after cropping; turn it to lie like the card. */
function landscape(c: HTMLCanvasElement): HTMLCanvasElement {
  if (c.width >= c.height) return c;
  const r = document.createElement('canvas');
  r.width = c.height;
  r.height = c.width;
  const ctx = r.getContext('2d')!;
  ctx.translate(r.width, 0);
  ctx.rotate(Math.PI / 2);
  ctx.drawImage(c, 0, 0);
  return r;
}
