import { DeskError } from '../../../../common/errors';
import { renderPdf } from '../../notices';

/** Mime types a scanned or photographed page may arrive in; each becomes a PDF page for the archive. */
const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/tiff', 'image/webp']);

export const isImageMime = (mime: string): boolean => IMAGE_MIMES.has(mime);

/**
 * Scanned pages as one A4 PDF, a page per image, fitted inside the margins (GB/T 18894: the
 * archive keeps a common format; DA/T 70 可用性 3). pdfmake reads PNG and JPEG; TIFF and WebP are
 * converted to PNG first with sharp.
 */
export async function imagesToPdf(images: { bytes: Buffer; mime: string }[], title: string): Promise<Buffer> {
  if (images.length === 0) throw new DeskError('ARCHIVE_NO_PAGES', `材料“${title}”没有可归档的页面。`);
  const content = [];
  for (const [i, img] of images.entries()) {
    if (!isImageMime(img.mime)) throw new DeskError('ARCHIVE_FORMAT', `材料“${title}”的格式 ${img.mime} 不能转换为 PDF 归档。`);
    let bytes = img.bytes;
    let mime = img.mime;
    if (mime === 'image/tiff' || mime === 'image/webp') {
      const sharp = (await import('sharp')).default;
      bytes = await sharp(bytes).png().toBuffer();
      mime = 'image/png';
    }
    content.push({ image: `data:${mime};base64,${bytes.toString('base64')}`, fit: [535, 782], alignment: 'center', ...(i > 0 ? { pageBreak: 'before' } : {}) });
  }
  return renderPdf({ pageSize: 'A4', pageMargins: [30, 30, 30, 30], info: { title, producer: 'WindowDesk 归档' }, content });
}
